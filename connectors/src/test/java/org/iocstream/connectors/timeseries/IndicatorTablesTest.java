package org.iocstream.connectors.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.iocstream.schemas.KpiOrigin;
import org.iocstream.schemas.KpiValue;
import org.iocstream.schemas.PeriodType;
import org.junit.jupiter.api.Test;

class IndicatorTablesTest {

    private static KpiValue.Builder eboard() {
        return KpiValue.newBuilder().setCode("INF_COMMUNE_EBOARD").setScope("16681")
                .setPeriodType(PeriodType.QUARTER).setPeriodStart(LocalDate.parse("2026-01-01")).setValue(35)
                .setUnit("percent").setOrigin(KpiOrigin.REPORTED).setSource("so-vhtt")
                .setReceivedAt(Instant.parse("2026-04-01T03:00:00Z"));
    }

    @Test
    void writesOneRowPerPeriodAtItsLocalStartWithTargetGapAndMet() {
        KpiValue kpi = eboard().setTarget(40.0).setTargetOperator(">=").setGap(-5.0).setMet(false).build();

        // 2026-01-01 00:00 in UTC+7 is 2025-12-31T17:00Z, 1767200400 s after the epoch; '=' in a tag value is
        // escaped, so the store reads the operator back as >=; not per kind, so kind is '-'
        assertThat(IndicatorTables.toPoint(kpi).toLine()).isEqualTo("indicator,"
                + "code=INF_COMMUNE_EBOARD,kind=-,origin=REPORTED,period_type=QUARTER,scope=16681,source=so-vhtt,"
                + "target_operator=>\\=,unit=percent "
                + "value=35.0,target=40.0,gap=-5.0,met=false "
                + "1767200400000000000");
    }

    @Test
    void anIndicatorWithoutTargetHasOnlyItsValue() {
        assertThat(IndicatorTables.toPoint(eboard().setCode("INF_5G_COVERAGE").setScope("40").build()).toLine())
                .isEqualTo("indicator,code=INF_5G_COVERAGE,kind=-,origin=REPORTED,period_type=QUARTER,scope=40,"
                        + "source=so-vhtt,unit=percent value=35.0 1767200400000000000");
    }

    @Test
    void aValuePerDeviceKindCarriesItsKindAndOneForAllKindsADash() {
        KpiValue.Builder availability = KpiValue.newBuilder().setCode("OPS_DEVICE_AVAILABILITY").setScope("16681")
                .setPeriodType(PeriodType.DAY).setPeriodStart(LocalDate.parse("2026-04-01")).setValue(97.5)
                .setUnit("percent").setOrigin(KpiOrigin.COMPUTED).setSource("ioc-stream")
                .setReceivedAt(Instant.parse("2026-04-01T03:10:00Z"));

        // 2026-04-01 00:00 in UTC+7 is 2026-03-31T17:00Z, 1774976400 s after the epoch
        assertThat(IndicatorTables.toPoint(availability.setKind("LGT").build()).toLine())
                .isEqualTo("indicator,code=OPS_DEVICE_AVAILABILITY,kind=LGT,origin=COMPUTED,period_type=DAY,"
                        + "scope=16681,source=ioc-stream,unit=percent value=97.5 1774976400000000000");
        assertThat(IndicatorTables.toPoint(availability.setKind(null).build()).toLine())
                .isEqualTo("indicator,code=OPS_DEVICE_AVAILABILITY,kind=-,origin=COMPUTED,period_type=DAY,"
                        + "scope=16681,source=ioc-stream,unit=percent value=97.5 1774976400000000000");
    }

    @Test
    void theQuestDbTableDeduplicatesOnThePeriodOfACodeScopeAndKind() {
        assertThat(IndicatorTables.questDbDdl())
                .startsWith("CREATE TABLE IF NOT EXISTS indicator (")
                .contains("kind SYMBOL", "met BOOLEAN", "TIMESTAMP(timestamp)")
                .endsWith("DEDUP UPSERT KEYS(timestamp, code, scope, period_type, kind)");
    }
}
