package org.iocstream.connectors.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.iocstream.schemas.CommuneAggregate;
import org.junit.jupiter.api.Test;

class CommuneTablesTest {

    private static CommuneAggregate.Builder row() {
        return CommuneAggregate.newBuilder()
                .setCommune("16681").setKind("LGT").setMetric("power").setUnit("W")
                .setWindowStart(Instant.parse("2025-11-25T03:20:00Z"))
                .setWindowEnd(Instant.parse("2025-11-25T03:21:00Z"))
                .setCount(3).setMin(1).setMax(100.5).setSum(162.5).setMean(162.5 / 3)
                .setDevicesReporting(3).setDevicesRegistered(4).setExpectedReadings(4).setCompleteness(0.75)
                .setCommunes(1);
    }

    @Test
    void writesOneLinePerCommuneKindMetricAndMinute() {
        assertThat(CommuneTables.toPoint(row().build()).toLine()).isEqualTo("commune_1m,"
                + "commune=16681,kind=LGT,metric=power,unit=W "
                + "count=3i,min=1.0,max=100.5,sum=162.5,mean=" + (162.5 / 3) + ",devices_reporting=3i,"
                + "devices_registered=4i,expected_readings=4.0,completeness=0.75,communes=1i "
                + "1764040800000000000");
    }

    @Test
    void leavesCompletenessOutWhenNothingIsExpected() {
        String line = CommuneTables.toPoint(row().setCommune("40").setDevicesRegistered(0).setExpectedReadings(0)
                .setCompleteness(null).setCommunes(2).build()).toLine();

        assertThat(line).startsWith("commune_1m,commune=40,")
                .contains("expected_readings=0.0,communes=2i ")
                .doesNotContain("completeness");
    }

    @Test
    void questDbTableDeduplicatesOnTheRowKey() {
        assertThat(CommuneTables.questDbDdl())
                .startsWith("CREATE TABLE IF NOT EXISTS commune_1m (")
                .contains("completeness DOUBLE")
                .contains("TIMESTAMP(timestamp)")
                .endsWith("DEDUP UPSERT KEYS(timestamp, commune, kind, metric)");
    }
}
