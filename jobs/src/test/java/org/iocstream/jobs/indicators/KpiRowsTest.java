package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import org.iocstream.connectors.indicators.IndicatorCatalog;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.KpiOrigin;
import org.iocstream.schemas.KpiValue;
import org.iocstream.schemas.PeriodType;
import org.junit.jupiter.api.Test;

class KpiRowsTest {

    private final IndicatorCatalog catalog = IndicatorCatalog.standard();

    static IndicatorValue value(String code, String scope, PeriodType type, String start, double value, String unit,
            String source, String receivedAt) {
        return IndicatorValue.newBuilder().setCode(code).setScope(scope).setPeriodType(type)
                .setPeriodStart(LocalDate.parse(start)).setValue(value).setUnit(unit).setSource(source)
                .setReceivedAt(Instant.parse(receivedAt)).build();
    }

    private KpiValue row(IndicatorValue value) {
        return KpiRows.of(value, catalog.find(value.getCode()).orElseThrow());
    }

    @Test
    void aReportedValueUnderItsTargetHasANegativeGap() {
        // INF_COMMUNE_EBOARD: >= 40 in data/indicators.csv
        KpiValue row = row(value("INF_COMMUNE_EBOARD", "16681", PeriodType.QUARTER, "2026-01-01", 35, "percent",
                "so-vhtt", "2026-04-01T03:00:00Z"));

        assertThat(row).isEqualTo(KpiValue.newBuilder().setCode("INF_COMMUNE_EBOARD").setScope("16681")
                .setPeriodType(PeriodType.QUARTER).setPeriodStart(LocalDate.parse("2026-01-01")).setValue(35)
                .setUnit("percent").setOrigin(KpiOrigin.REPORTED).setSource("so-vhtt").setTarget(40.0)
                .setTargetOperator(">=").setGap(-5.0).setMet(false)
                .setReceivedAt(Instant.parse("2026-04-01T03:00:00Z")).build());
    }

    @Test
    void aComputedValueUnderAnUpperBoundHasAPositiveGap() {
        // OPS_ALERT_ACK_MINUTES: <= 15, computed
        KpiValue row = row(value("OPS_ALERT_ACK_MINUTES", "16681", PeriodType.DAY, "2026-04-07", 12, "minutes",
                "ioc-stream", "2026-04-07T17:05:00Z"));

        assertThat(row.getOrigin()).isEqualTo(KpiOrigin.COMPUTED);
        assertThat(row.getTargetOperator()).isEqualTo("<=");
        assertThat(row.getTarget()).isEqualTo(15.0);
        assertThat(row.getGap()).isEqualTo(3.0);
        assertThat(row.getMet()).isTrue();
    }

    @Test
    void anIndicatorWithoutTargetHasNoGap() {
        KpiValue row = row(value("INF_5G_COVERAGE", "40", PeriodType.QUARTER, "2026-01-01", 80, "percent",
                "so-khcn", "2026-04-01T03:00:00Z"));

        assertThat(row.getValue()).isEqualTo(80.0);
        assertThat(row.getTarget()).isNull();
        assertThat(row.getTargetOperator()).isNull();
        assertThat(row.getGap()).isNull();
        assertThat(row.getMet()).isNull();
    }

    @Test
    void refusesToJoinAValueWithAnotherIndicator() {
        IndicatorValue eboard = value("INF_COMMUNE_EBOARD", "16681", PeriodType.QUARTER, "2026-01-01", 35, "percent",
                "so-vhtt", "2026-04-01T03:00:00Z");
        assertThatThrownBy(() -> KpiRows.of(eboard, catalog.find("INF_5G_COVERAGE").orElseThrow()))
                .hasMessageContaining("INF_COMMUNE_EBOARD").hasMessageContaining("INF_5G_COVERAGE");
    }
}
