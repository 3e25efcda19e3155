package org.iocstream.connectors.timeseries;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.iocstream.schemas.WindowAggregate;
import org.junit.jupiter.api.Test;

class ReadingTablesTest {

    @Test
    void namesATablePerWindowSize() {
        assertThat(ReadingTables.tableFor(Duration.ofSeconds(10))).isEqualTo("reading_10s");
        assertThat(ReadingTables.tableFor(Duration.ofMinutes(1))).isEqualTo("reading_1m");
        assertThat(ReadingTables.tableFor(Duration.ofMinutes(5))).isEqualTo("reading_5m");
        assertThatThrownBy(() -> ReadingTables.tableFor(Duration.ofMillis(1500)))
                .hasMessageContaining("whole seconds");
    }

    @Test
    void writesOneLinePerWindowKeyedByDeviceMetricAndWindowStart() {
        WindowAggregate aggregate = WindowAggregate.newBuilder()
                .setDeviceId("16681-ENV-0001").setMetric("pm2_5").setUnit("ug/m3")
                .setCommune("16681").setGateway("gw-01")
                .setWindowStart(Instant.parse("2025-11-25T03:20:00Z"))
                .setWindowEnd(Instant.parse("2025-11-25T03:21:00Z"))
                .setCount(6).setMin(30).setMax(41.5).setSum(213.25).setMean(213.25 / 6).setFirst(30).setLast(41.5)
                .build();

        assertThat(ReadingTables.toPoint(aggregate).toLine()).isEqualTo("reading_1m,"
                + "commune=16681,device_id=16681-ENV-0001,gateway=gw-01,metric=pm2_5,unit=ug/m3 "
                + "count=6i,min=30.0,max=41.5,sum=213.25,mean=" + (213.25 / 6) + ",first=30.0,last=41.5 "
                + "1764040800000000000");
    }

    @Test
    void questDbTablesDeduplicateOnTheRowKey() {
        assertThat(ReadingTables.questDbDdl(Duration.ofSeconds(10)))
                .startsWith("CREATE TABLE IF NOT EXISTS reading_10s (")
                .contains("TIMESTAMP(timestamp)")
                .endsWith("DEDUP UPSERT KEYS(timestamp, device_id, metric)");
    }
}
