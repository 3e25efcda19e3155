package org.iocstream.sim;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class SenmlCborEncoderTest {

    private static final Gateway VINH = Fleet.of(List.of(Communes.byCode("16681")), 1).gateways().get(0);
    private static final Device ENV = VINH.devices().get(0);
    private static final Device LGT = VINH.devices().get(1);
    private static final Instant T = Instant.ofEpochSecond(1_764_045_600);

    @Test
    void encodesTheRecordsOfTheJsonEncoderWithIntegerLabels() {
        List<Reading> readings = List.of(
                new Reading(ENV, DeviceKind.ENV.metric("pm2_5"), T, 35.25),
                new Reading(ENV, DeviceKind.ENV.metric("temperature"), T, 28),
                new Reading(LGT, DeviceKind.LGT.metric("lamp_on"), T, 1));

        assertThat(HexFormat.of().formatHex(SenmlCborEncoder.encode(readings))).isEqualTo("83"
                // {-2: "16681-ENV-0001:", -3: 1764045600, 0: "pm2_5", 1: "ug/m3", 2: 35.25}
                + "a5" + "21" + "6f" + ascii("16681-ENV-0001:") + "22" + "1a69253320" + "00" + "65" + ascii("pm2_5")
                + "01" + "65" + ascii("ug/m3") + "02" + "fb4041a00000000000"
                // {0: "temperature", 1: "Cel", 2: 28}
                + "a3" + "00" + "6b" + ascii("temperature") + "01" + "63" + ascii("Cel") + "02" + "181c"
                // {-2: "16681-LGT-0001:", -3: 1764045600, 0: "lamp_on", 2: 1}: lamp_on has no unit
                + "a4" + "21" + "6f" + ascii("16681-LGT-0001:") + "22" + "1a69253320" + "00" + "67" + ascii("lamp_on")
                + "02" + "01");
    }

    @Test
    void writesATextValueUnderTheStringValueLabel() {
        List<Reading> readings = List.of(Reading.ofText(LGT, DeviceKind.LGT.metric("fault"), T, "ok"));

        assertThat(HexFormat.of().formatHex(SenmlCborEncoder.encode(readings))).isEqualTo("81"
                // {-2: "16681-LGT-0001:", -3: 1764045600, 0: "fault", 3: "ok"}
                + "a4" + "21" + "6f" + ascii("16681-LGT-0001:") + "22" + "1a69253320" + "00" + "65" + ascii("fault")
                + "03" + "62" + ascii("ok"));
    }

    @Test
    void everySimulatedValueDecodesToTheIdenticalDouble() throws Exception {
        SignalModel signals = new SignalModel(99);
        ObjectMapper cbor = new ObjectMapper(new CBORFactory());
        for (int minute = 0; minute < 24 * 60; minute += 13) {
            List<Reading> readings = signals.readingsDue(VINH, T.plusSeconds(60L * minute));

            JsonNode pack = cbor.readTree(SenmlCborEncoder.encode(readings));

            assertThat(pack).hasSize(readings.size());
            for (int i = 0; i < readings.size(); i++) {
                // Jackson names integer keys by their decimal text
                if (readings.get(i).metric().numeric()) {
                    assertThat(pack.get(i).get("2").asDouble()).isEqualTo(readings.get(i).value());
                } else {
                    assertThat(pack.get(i).get("3").asText()).isEqualTo(readings.get(i).text());
                }
                assertThat(pack.get(i).get("0").asText()).isEqualTo(readings.get(i).metric().name());
            }
        }
    }

    private static String ascii(String text) {
        return HexFormat.of().formatHex(text.getBytes(UTF_8));
    }
}
