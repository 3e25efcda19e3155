package org.iocstream.connectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.iocstream.connectors.senml.SenmlRecord;
import org.iocstream.schemas.DeviceInfo;
import org.iocstream.schemas.Reading;
import org.junit.jupiter.api.Test;

class TelemetryMapperTest {

    private static final Instant MEASURED = Instant.parse("2025-11-25T03:20:00Z");
    private static final Instant RECEIVED = Instant.parse("2025-11-25T03:20:01Z");

    private final DeviceRegistry registry = new DeviceRegistry();
    private final TelemetryMapper mapper = new TelemetryMapper(MetricCatalog.standard(), registry);

    private static SenmlRecord number(String name, String unit, double value) {
        return new SenmlRecord(name, MEASURED, unit, value, null, null, null, null);
    }

    private TelemetryMapper.Result map(SenmlRecord... records) {
        return mapper.map(List.of(records), "16681", "gw-01", "mqtt", RECEIVED);
    }

    @Test
    void turnsEachRecordIntoAReadingOfItsDeviceAndMetric() {
        TelemetryMapper.Result result = map(number("16681-ENV-0001:pm2_5", "ug/m3", 35.25),
                new SenmlRecord("16681-LGT-0001:lamp_on", MEASURED, null, null, null, true, null, null),
                new SenmlRecord("16681-LGT-0001:fault", MEASURED, null, null, "ok", null, null, null));

        assertThat(result.rejections()).isEmpty();
        Reading pm = result.readings().get(0);
        assertThat(pm.getDeviceId()).isEqualTo("16681-ENV-0001");
        assertThat(pm.getMetric()).isEqualTo("pm2_5");
        assertThat(pm.getValue()).isEqualTo(35.25);
        assertThat(pm.getUnit()).isEqualTo("ug/m3");
        assertThat(pm.getTime()).isEqualTo(MEASURED);
        assertThat(pm.getCommune()).isEqualTo("16681");
        assertThat(pm.getGateway()).isEqualTo("gw-01");
        assertThat(pm.getIngestProtocol()).isEqualTo("mqtt");
        assertThat(pm.getIngestTime()).isEqualTo(RECEIVED);
        assertThat(result.readings().get(1).getValue()).isEqualTo(1.0);
        assertThat(result.readings().get(2).getStringValue()).isEqualTo("ok");
        assertThat(result.readings().get(2).getValue()).isNull();
    }

    @Test
    void aMissingUnitTakesTheCataloguesUnit() {
        assertThat(map(number("16681-CAM-0001:vehicle_count", null, 4)).readings().get(0).getUnit()).isEqualTo("count");
    }

    @Test
    void rejectsOnlyTheBadRecordsEachWithItsReason() {
        TelemetryMapper.Result result = map(
                number("16681-ENV-0001:pm25", "ug/m3", 1),        // misspelt metric
                number("16681-ENV-0001:pm2_5", "ug/m3", 2),       // fine
                number("16681-ENV-0001:temperature", "K", 300),   // wrong unit
                number("no-metric-separator", "W", 3),            // not {deviceId}:{metric}
                new SenmlRecord("16681-ENV-0001:noise", MEASURED, "dBA", null, null, null, new byte[] {1}, null));

        assertThat(result.readings()).extracting(Reading::getMetric).containsExactly("pm2_5");
        assertThat(result.rejections()).extracting(r -> r.index() + ":" + r.rejection().reasonCode()).containsExactly(
                "0:UNKNOWN_METRIC", "2:UNIT_MISMATCH", "3:BAD_NAME", "4:UNSUPPORTED_VALUE");
        assertThat(result.rejections().get(0).rejection().message())
                .contains("record 1").contains("'pm25'").contains("metrics.csv")
                .as("the catalogue is not listed in every rejection").doesNotContain("pm2_5");
        assertThat(result.rejections().get(1).rejection().message()).contains("'Cel'").contains("'K'");
    }

    @Test
    void refusesAStringForANumericMetric() {
        TelemetryMapper.Result result = map(
                new SenmlRecord("16681-ENV-0001:pm2_5", MEASURED, "ug/m3", null, "35.2", null, null, null),
                new SenmlRecord("16681-LGT-0001:lamp_on", MEASURED, null, null, null, false, null, null));

        assertThat(result.readings()).extracting(Reading::getMetric).containsExactly("lamp_on");
        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.index()).isZero();
            assertThat(r.rejection().reasonCode()).isEqualTo(Rejection.VALUE_TYPE_MISMATCH);
            assertThat(r.rejection().message()).isEqualTo("record 1 ('16681-ENV-0001:pm2_5'): metric 'pm2_5' takes "
                    + "a number (v, or vb for a flag), not a string (vs)");
        });
    }

    @Test
    void refusesANumberOrABooleanForAStringMetric() {
        TelemetryMapper.Result result = map(
                number("16681-LGT-0001:fault", null, 3),
                new SenmlRecord("16681-CAM-0001:event", MEASURED, null, null, null, true, null, null),
                new SenmlRecord("16681-SPK-0001:program", MEASURED, null, null, "news", null, null, null));

        assertThat(result.readings()).extracting(Reading::getStringValue).containsExactly("news");
        assertThat(result.rejections()).extracting(r -> r.index() + ":" + r.rejection().reasonCode())
                .containsExactly("0:VALUE_TYPE_MISMATCH", "1:VALUE_TYPE_MISMATCH");
        assertThat(result.rejections().get(0).rejection().message())
                .isEqualTo("record 1 ('16681-LGT-0001:fault'): metric 'fault' takes a string (vs), not a number (v)");
        assertThat(result.rejections().get(1).rejection().message())
                .isEqualTo("record 2 ('16681-CAM-0001:event'): metric 'event' takes a string (vs), not a boolean (vb)");
    }

    @Test
    void refusesAReadingForADeviceOfAnotherGateway() {
        registry.register(DeviceInfo.newBuilder().setDeviceId("16682-ENV-0001").setKind("ENV").setCommune("16682")
                .setGateway("gw-01").setUpdatedAt(RECEIVED).build());
        registry.register(DeviceInfo.newBuilder().setDeviceId("16681-ENV-0001").setKind("ENV").setCommune("16681")
                .setGateway("gw-01").setUpdatedAt(RECEIVED).build());

        TelemetryMapper.Result result = map(number("16682-ENV-0001:pm2_5", "ug/m3", 10),
                number("16681-ENV-0001:pm2_5", "ug/m3", 11));

        assertThat(result.readings()).extracting(Reading::getDeviceId).containsExactly("16681-ENV-0001");
        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.rejection().reasonCode()).isEqualTo(Rejection.IDENTITY_MISMATCH);
            assertThat(r.rejection().message()).contains("16682/gw-01").contains("16681/gw-01");
        });
    }

    @Test
    void refusesADeviceMissingFromTheDeviceListItsGatewayAnnounced() {
        registry.register(DeviceInfo.newBuilder().setDeviceId("16681-ENV-0001").setKind("ENV").setCommune("16681")
                .setGateway("gw-01").setUpdatedAt(RECEIVED).build());

        TelemetryMapper.Result result = map(number("16681-ENV-9001:pm2_5", "ug/m3", 10),
                number("16681-ENV-0001:pm2_5", "ug/m3", 11));

        assertThat(result.readings()).extracting(Reading::getDeviceId).containsExactly("16681-ENV-0001");
        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.index()).isEqualTo(0);
            assertThat(r.rejection().reasonCode()).isEqualTo(Rejection.UNKNOWN_DEVICE);
            assertThat(r.rejection().message()).isEqualTo("record 1 ('16681-ENV-9001:pm2_5'): device '16681-ENV-9001'"
                    + " is not in the device list of gateway 16681/gw-01");
        });
    }

    @Test
    void acceptsAnyDeviceOfAGatewayThatHasNotAnnouncedItsList() {
        registry.register(DeviceInfo.newBuilder().setDeviceId("16682-ENV-0001").setKind("ENV").setCommune("16682")
                .setGateway("gw-01").setUpdatedAt(RECEIVED).build());

        TelemetryMapper.Result result = map(number("16681-ENV-9001:pm2_5", "ug/m3", 10));

        assertThat(result.rejections()).isEmpty();
        assertThat(result.readings()).extracting(Reading::getDeviceId).containsExactly("16681-ENV-9001");
    }
}
