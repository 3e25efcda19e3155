package org.iocstream.connectors.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.iocstream.schemas.AqiPeriod;
import org.iocstream.schemas.AqiValue;
import org.junit.jupiter.api.Test;

class AqiTablesTest {

    /** DOMAIN.md's hourly example at 12:00 ICT, 25 Nov 2025 (05:00 UTC). */
    private static AqiValue.Builder stationHour() {
        return AqiValue.newBuilder().setScope("station").setDeviceId("16681-ENV-0001").setCommune("16681")
                .setPeriod(AqiPeriod.HOUR).setPeriodStart(Instant.parse("2025-11-25T05:00:00Z")).setAqi(59)
                .setCategory("MODERATE").setDominant("no2").setCapped(false).setPm25(41).setO31h(43).setNo2(59)
                .setStations(1);
    }

    @Test
    void writesAStationHourWithItsSubIndicesAndLeavesTheMissingOnesOut() {
        assertThat(AqiTables.toPoint(stationHour().build()).toLine()).isEqualTo("aqi,"
                + "category=MODERATE,commune=16681,device_id=16681-ENV-0001,dominant=no2,period=HOUR,scope=station "
                + "aqi=59i,capped=false,stations=1i,pm2_5=41i,o3_1h=43i,no2=59i "
                + "1764046800000000000");
    }

    @Test
    void aCommuneDayHasTheNoDeviceMarkAndIsStampedWithLocalMidnight() {
        String line = AqiTables.toPoint(stationHour().setScope("commune").setDeviceId(null)
                .setPeriod(AqiPeriod.DAY).setPeriodStart(Instant.parse("2025-11-24T17:00:00Z"))
                .setAqi(500).setCategory("HAZARDOUS").setDominant("pm10").setCapped(true).setPm10(500).setStations(2)
                .build()).toLine();

        assertThat(line).isEqualTo("aqi,"
                + "category=HAZARDOUS,commune=16681,device_id=-,dominant=pm10,period=DAY,scope=commune "
                + "aqi=500i,capped=true,stations=2i,pm2_5=41i,pm10=500i,o3_1h=43i,no2=59i "
                + "1764003600000000000");
    }

    @Test
    void questDbTableDeduplicatesOnTheRowKey() {
        assertThat(AqiTables.questDbDdl())
                .startsWith("CREATE TABLE IF NOT EXISTS aqi (")
                .contains("device_id SYMBOL", "aqi LONG", "capped BOOLEAN", "o3_8h LONG")
                .contains("TIMESTAMP(timestamp)")
                .endsWith("DEDUP UPSERT KEYS(timestamp, scope, commune, device_id, period)");
    }
}
