package org.iocstream.connectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.iocstream.schemas.DeviceInfo;
import org.junit.jupiter.api.Test;

class DeviceListParserTest {

    private static final Instant RECEIVED = Instant.parse("2025-11-25T03:20:01Z");

    private static List<DeviceInfo> parse(String json) throws DeviceListParser.InvalidDeviceListException {
        return DeviceListParser.parse(json.getBytes(StandardCharsets.UTF_8), "16681", "gw-07", RECEIVED);
    }

    @Test
    void readsTheArchitectureFormat() throws Exception {
        List<DeviceInfo> devices = parse("""
                [{"id": "16681-ENV-0001", "kind": "ENV", "lat": 18.67, "lon": 105.69, "installedAt": "2025-06-01T00:00:00Z"},
                 {"id": "16681-LGT-0017", "kind": "LGT"}]""");

        assertThat(devices).hasSize(2);
        DeviceInfo env = devices.get(0);
        assertThat(env.getDeviceId()).isEqualTo("16681-ENV-0001");
        assertThat(env.getKind()).isEqualTo("ENV");
        assertThat(env.getCommune()).isEqualTo("16681");
        assertThat(env.getGateway()).isEqualTo("gw-07");
        assertThat(env.getLat()).isEqualTo(18.67);
        assertThat(env.getLon()).isEqualTo(105.69);
        assertThat(env.getInstalledAt()).isEqualTo(Instant.parse("2025-06-01T00:00:00Z"));
        assertThat(env.getUpdatedAt()).isEqualTo(RECEIVED);
        assertThat(devices.get(1).getLat()).isNull();
    }

    @Test
    void namesTheEntryAndFieldThatIsWrong() {
        assertThatThrownBy(() -> parse("{\"id\": \"x\"}")).hasMessageContaining("JSON array");
        assertThatThrownBy(() -> parse("[{\"id\": \"a\", \"kind\": \"ENV\"}, {\"kind\": \"ENV\"}]"))
                .hasMessageContaining("entry 2").hasMessageContaining("'id'");
        assertThatThrownBy(() -> parse("[{\"id\": \"a\", \"kind\": \"ENV\", \"lat\": \"north\"}]"))
                .hasMessageContaining("'lat' must be a number");
        assertThatThrownBy(() -> parse("[{\"id\": \"a\", \"kind\": \"ENV\", \"installedAt\": \"June\"}]"))
                .hasMessageContaining("installedAt");
        assertThatThrownBy(() -> parse("[{\"id\": \"a\"")).hasMessageContaining("not valid JSON");
    }
}
