package org.iocstream.connectors.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.iocstream.schemas.DeviceStatus;
import org.junit.jupiter.api.Test;

class DeviceStatusTablesTest {

    private static DeviceStatus.Builder status() {
        return DeviceStatus.newBuilder().setDeviceId("16681-CAM-0001").setKind("CAM").setCommune("16681")
                .setGateway("gw-01").setAt(Instant.parse("2025-11-25T03:21:00Z"));
    }

    @Test
    void writesOneLinePerDeviceAndMinute() {
        DeviceStatus online = status().setLastSeen(Instant.parse("2025-11-25T03:20:50Z")).setOnline(true)
                .setReports(5).build();

        assertThat(DeviceStatusTables.toPoint(online).toLine()).isEqualTo("device_status,"
                + "commune=16681,device_id=16681-CAM-0001,gateway=gw-01,kind=CAM "
                + "seen=true,online=true,last_seen_ms=1764040850000i,reports=5i 1764040860000000000");
    }

    @Test
    void aDeviceNeverSeenOrOfAnUnknownKindOrARowWithoutReportsLeavesThoseFieldsOut() {
        assertThat(DeviceStatusTables.toPoint(status().setOnline(false).build()).toLine())
                .endsWith(" seen=false,online=false 1764040860000000000");
        assertThat(DeviceStatusTables.toPoint(status().setKind(null).setOnline(null).build()).toLine())
                .isEqualTo("device_status,commune=16681,device_id=16681-CAM-0001,gateway=gw-01 "
                        + "seen=false 1764040860000000000");
    }

    @Test
    void questDbTableDeduplicatesOnTheRowKey() {
        assertThat(DeviceStatusTables.questDbDdl())
                .startsWith("CREATE TABLE IF NOT EXISTS device_status (")
                .contains("reports LONG", "TIMESTAMP(timestamp)")
                .endsWith("DEDUP UPSERT KEYS(timestamp, device_id)");
    }
}
