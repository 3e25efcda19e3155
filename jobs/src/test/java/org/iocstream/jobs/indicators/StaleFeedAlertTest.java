package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.PeriodType;
import org.iocstream.schemas.Severity;
import org.junit.jupiter.api.Test;

class StaleFeedAlertTest {

    private static final ReportingPeriod Q1 = new ReportingPeriod(PeriodType.QUARTER, LocalDate.parse("2026-01-01"));
    private static final Duration GRACE = Duration.ofDays(1);

    @Test
    void aCommuneFeedsAlertStartsWhenItWentStale() {
        Alert alert = StaleFeedAlert.raised("INF_TSLCD_LINKED", "16681", Q1, GRACE);

        assertThat(alert.getAlertId()).isEqualTo("stale-indicator-feed:INF_TSLCD_LINKED@16681@2026-04-01T17:00:00Z");
        assertThat(alert.getRule()).isEqualTo("stale-indicator-feed");
        assertThat(alert.getSubject()).isEqualTo("INF_TSLCD_LINKED@16681");
        assertThat(alert.getCommune()).isEqualTo("16681");
        assertThat(alert.getSeverity()).isEqualTo(Severity.WARNING);
        assertThat(alert.getState()).isEqualTo(AlertState.ACTIVE);
        assertThat(alert.getEpisodeStart()).isEqualTo("2026-04-01T17:00:00Z");
        assertThat(alert.getClearedAt()).isNull();
        assertThat(alert.getMessage()).isEqualTo("No value of INF_TSLCD_LINKED for 16681 for the quarter starting "
                + "2026-01-01: it closed 2026-04-01 00:00 and was due by 2026-04-02 00:00 (Nghệ An time)");
    }

    @Test
    void aProvinceFeedsAlertHasNoCommune() {
        assertThat(StaleFeedAlert.raised("DATA_PROV_DB_LINKED", "40", Q1, GRACE).getCommune()).isNull();
    }

    @Test
    void theValueClearsTheSameAlertWhenItWasReceived() {
        Alert cleared = StaleFeedAlert.cleared("INF_TSLCD_LINKED", "16681", Q1, GRACE,
                KpiRowsTest.value("INF_TSLCD_LINKED", "16681", PeriodType.QUARTER, "2026-01-01", 87.5, "percent",
                        "lgsp", "2026-04-03T02:00:00Z"));

        assertThat(cleared.getAlertId()).isEqualTo("stale-indicator-feed:INF_TSLCD_LINKED@16681@2026-04-01T17:00:00Z");
        assertThat(cleared.getState()).isEqualTo(AlertState.CLEARED);
        assertThat(cleared.getEpisodeStart()).isEqualTo("2026-04-01T17:00:00Z");
        assertThat(cleared.getClearedAt()).isEqualTo("2026-04-03T02:00:00Z");
        assertThat(cleared.getValue()).isEqualTo(87.5);
        assertThat(cleared.getMessage()).contains("87.5 percent from lgsp");
    }

    @Test
    void aValueReceivedBeforeTheAlertClearsItAtItsStart() {
        Alert cleared = StaleFeedAlert.cleared("INF_TSLCD_LINKED", "16681", Q1, GRACE,
                KpiRowsTest.value("INF_TSLCD_LINKED", "16681", PeriodType.QUARTER, "2026-01-01", 87.5, "percent",
                        "lgsp", "2026-04-01T16:00:00Z"));

        assertThat(cleared.getClearedAt()).isEqualTo(Instant.parse("2026-04-01T17:00:00Z"));
    }
}
