package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class SenmlEncoderTest {

    private static final Gateway VINH = Fleet.of(List.of(Communes.byCode("16681")), 1).gateways().get(0);
    private static final Device ENV = VINH.devices().get(0);
    private static final Device LGT = VINH.devices().get(1);
    private static final Device CAM = VINH.devices().get(2);
    private static final Device SPK = VINH.devices().get(3);
    private static final Instant T = Instant.ofEpochSecond(1_764_045_600);

    @Test
    void encodesAGatewayMessageWithBaseNameAndTimeOnEachDevicesFirstRecord() {
        List<Reading> readings = List.of(
                new Reading(ENV, DeviceKind.ENV.metric("pm2_5"), T, 35.25),
                new Reading(ENV, DeviceKind.ENV.metric("temperature"), T, 28),
                new Reading(LGT, DeviceKind.LGT.metric("lamp_on"), T, 1),
                new Reading(LGT, DeviceKind.LGT.metric("power"), T, 61.5));

        assertThat(SenmlEncoder.encode(readings)).isEqualTo("["
                + "{\"bn\":\"16681-ENV-0001:\",\"bt\":1764045600,\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":35.25},"
                + "{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":28},"
                + "{\"bn\":\"16681-LGT-0001:\",\"bt\":1764045600,\"n\":\"lamp_on\",\"v\":1},"
                + "{\"n\":\"power\",\"u\":\"W\",\"v\":61.5}"
                + "]");
    }

    @Test
    void textValuesAreWrittenAsVsWithoutUnitAndNumbersStayV() {
        List<Reading> readings = List.of(
                new Reading(LGT, DeviceKind.LGT.metric("energy"), T, 151234.75),
                Reading.ofText(LGT, DeviceKind.LGT.metric("fault"), T, "ok"),
                new Reading(CAM, DeviceKind.CAM.metric("avg_speed"), T, 12.5),
                Reading.ofText(CAM, DeviceKind.CAM.metric("event"), T, "congestion"),
                Reading.ofText(SPK, DeviceKind.SPK.metric("program"), T, "source_news"),
                new Reading(ENV, DeviceKind.WATER_LEVEL, T, 231));

        assertThat(SenmlEncoder.encode(readings)).isEqualTo("["
                + "{\"bn\":\"16681-LGT-0001:\",\"bt\":1764045600,\"n\":\"energy\",\"u\":\"Wh\",\"v\":151234.75},"
                + "{\"n\":\"fault\",\"vs\":\"ok\"},"
                + "{\"bn\":\"16681-CAM-0001:\",\"bt\":1764045600,\"n\":\"avg_speed\",\"u\":\"km/h\",\"v\":12.5},"
                + "{\"n\":\"event\",\"vs\":\"congestion\"},"
                + "{\"bn\":\"16681-SPK-0001:\",\"bt\":1764045600,\"n\":\"program\",\"vs\":\"source_news\"},"
                + "{\"bn\":\"16681-ENV-0001:\",\"bt\":1764045600,\"n\":\"water_level\",\"u\":\"cm\",\"v\":231}"
                + "]");
    }

    @Test
    void readingsRefuseAValueOfTheWrongKind() {
        assertThatThrownBy(() -> new Reading(LGT, DeviceKind.LGT.metric("fault"), T, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fault");
        assertThatThrownBy(() -> Reading.ofText(LGT, DeviceKind.LGT.metric("power"), T, "high"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power");
        assertThatThrownBy(() -> Reading.ofText(LGT, DeviceKind.LGT.metric("fault"), T, null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aDeviceThatReappearsAtAnotherTimeStartsANewBaseRecord() {
        List<Reading> readings = List.of(
                new Reading(ENV, DeviceKind.ENV.metric("noise"), T, 55.75),
                new Reading(ENV, DeviceKind.ENV.metric("noise"), T.plusSeconds(60), 0.25));

        assertThat(SenmlEncoder.encode(readings)).isEqualTo("["
                + "{\"bn\":\"16681-ENV-0001:\",\"bt\":1764045600,\"n\":\"noise\",\"u\":\"dBA\",\"v\":55.75},"
                + "{\"bn\":\"16681-ENV-0001:\",\"bt\":1764045660,\"n\":\"noise\",\"u\":\"dBA\",\"v\":0.25}"
                + "]");
    }

    @Test
    void everySimulatedValueParsesBackToTheIdenticalDoubleOrString() throws Exception {
        SignalModel signals = new SignalModel(99);
        ObjectMapper mapper = new ObjectMapper();
        for (int minute = 0; minute < 24 * 60; minute += 13) {
            Instant time = T.plusSeconds(60L * minute);
            List<Reading> readings = signals.readingsDue(VINH, time);

            JsonNode pack = mapper.readTree(SenmlEncoder.encode(readings));

            assertThat(pack).hasSize(readings.size());
            for (int i = 0; i < readings.size(); i++) {
                Reading reading = readings.get(i);
                JsonNode record = pack.get(i);
                assertThat(record.get("n").asText()).isEqualTo(reading.metric().name());
                if (reading.metric().numeric()) {
                    assertThat(record.get("v").asDouble()).isEqualTo(reading.value());
                    assertThat(record.has("vs")).isFalse();
                } else {
                    assertThat(record.get("vs").asText()).isEqualTo(reading.text());
                    assertThat(record.has("v")).isFalse();
                }
            }
        }
    }

    @Test
    void theSameReadingsGiveTheSameBytes() {
        SignalModel signals = new SignalModel(99);
        List<Reading> readings = signals.readingsDue(VINH, T);

        assertThat(SenmlEncoder.encode(readings))
                .isEqualTo(SenmlEncoder.encode(new SignalModel(99).readingsDue(VINH, T)));
    }

    @Test
    void anEmptyListIsAnEmptyPackAndNonFiniteValuesAreRefused() {
        assertThat(SenmlEncoder.encode(List.of())).isEqualTo("[]");
        assertThatThrownBy(() -> SenmlEncoder.encode(
                List.of(new Reading(ENV, DeviceKind.ENV.metric("pm2_5"), T, Double.NaN))))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
