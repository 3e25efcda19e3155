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
    void everySimulatedValueParsesBackToTheIdenticalDouble() throws Exception {
        SignalModel signals = new SignalModel(99);
        ObjectMapper mapper = new ObjectMapper();
        for (int minute = 0; minute < 24 * 60; minute += 13) {
            Instant time = T.plusSeconds(60L * minute);
            List<Reading> readings = signals.readingsDue(VINH, time);

            JsonNode pack = mapper.readTree(SenmlEncoder.encode(readings));

            assertThat(pack).hasSize(readings.size());
            for (int i = 0; i < readings.size(); i++) {
                assertThat(pack.get(i).get("v").asDouble()).isEqualTo(readings.get(i).value());
                assertThat(pack.get(i).get("n").asText()).isEqualTo(readings.get(i).metric().name());
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
