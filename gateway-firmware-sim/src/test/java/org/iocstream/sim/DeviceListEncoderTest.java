package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceListEncoderTest {

    @Test
    void encodesIdKindPositionAndInstallationTime() {
        Commune vinh = Communes.byCode("16681");
        List<Device> devices = List.of(
                new Device("16681-ENV-0001", DeviceKind.ENV, vinh, "gw-01", 18.672345, 105.681234,
                        Instant.parse("2025-08-14T03:25:11Z")),
                new Device("16681-SPK-0001", DeviceKind.SPK, vinh, "gw-01", 18.7, 105.65,
                        Instant.parse("2025-07-01T00:00:00Z")));

        assertThat(DeviceListEncoder.encode(devices)).isEqualTo("["
                + "{\"id\":\"16681-ENV-0001\",\"kind\":\"ENV\",\"lat\":18.672345,\"lon\":105.681234,"
                + "\"installedAt\":\"2025-08-14T03:25:11Z\"},"
                + "{\"id\":\"16681-SPK-0001\",\"kind\":\"SPK\",\"lat\":18.7,\"lon\":105.65,"
                + "\"installedAt\":\"2025-07-01T00:00:00Z\"}"
                + "]");
    }
}
