package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.iocstream.schemas.PeriodType;
import org.junit.jupiter.api.Test;

class ReportingPeriodTest {

    private static ReportingPeriod period(PeriodType type, String start) {
        return new ReportingPeriod(type, LocalDate.parse(start));
    }

    @Test
    void eachPeriodClosesAtLocalMidnightAfterItsLastDay() {
        // midnight in UTC+7 is 17:00 UTC the day before
        assertThat(period(PeriodType.DAY, "2026-02-28").end()).isEqualTo("2026-02-28T17:00:00Z");
        assertThat(period(PeriodType.MONTH, "2026-02-01").end()).isEqualTo("2026-02-28T17:00:00Z");
        assertThat(period(PeriodType.QUARTER, "2026-01-01").end()).isEqualTo("2026-03-31T17:00:00Z");
        assertThat(period(PeriodType.HALF, "2026-07-01").end()).isEqualTo("2026-12-31T17:00:00Z");
        assertThat(period(PeriodType.YEAR, "2026-01-01").end()).isEqualTo("2026-12-31T17:00:00Z");
        assertThat(period(PeriodType.QUARTER, "2026-10-01").next()).isEqualTo(period(PeriodType.QUARTER, "2027-01-01"));
        assertThat(period(PeriodType.QUARTER, "2026-01-01").previous())
                .isEqualTo(period(PeriodType.QUARTER, "2025-10-01"));
    }

    @Test
    void aFeedGoesStaleTheGraceAfterItsPeriodCloses() {
        assertThat(period(PeriodType.QUARTER, "2026-01-01").staleAt(ReportingPeriod.DEFAULT_GRACE))
                .isEqualTo("2026-04-01T17:00:00Z");
        // DOMAIN's monthly reports "before the 20th": January closes at 00:00 on 1 February local, plus 19 days
        assertThat(period(PeriodType.MONTH, "2026-01-01").staleAt(Duration.ofDays(19)))
                .isEqualTo("2026-02-19T17:00:00Z");
    }

    @Test
    void aPeriodStartsOnItsFirstDayOnly() {
        assertThat(ReportingPeriod.containing(PeriodType.QUARTER, LocalDate.parse("2026-05-20")))
                .isEqualTo(period(PeriodType.QUARTER, "2026-04-01"));
        assertThatThrownBy(() -> period(PeriodType.QUARTER, "2026-02-01")).hasMessageContaining("2026-02-01");
    }

    @Test
    void aWatchStartsWithThePeriodStillInItsGraceIfAny() {
        Duration grace = Duration.ofDays(1);
        // 23:59 on 31 March local: still the first quarter
        assertThat(ReportingPeriod.firstNotStale(PeriodType.QUARTER, Instant.parse("2026-03-31T16:59:00Z"), grace))
                .isEqualTo(period(PeriodType.QUARTER, "2026-01-01"));
        // 00:00 on 1 April local: the second quarter has begun, the first is in its grace until 00:00 on 2 April
        assertThat(ReportingPeriod.firstNotStale(PeriodType.QUARTER, Instant.parse("2026-03-31T17:00:00Z"), grace))
                .isEqualTo(period(PeriodType.QUARTER, "2026-01-01"));
        assertThat(ReportingPeriod.firstNotStale(PeriodType.QUARTER, Instant.parse("2026-04-01T16:59:59.999Z"),
                grace)).isEqualTo(period(PeriodType.QUARTER, "2026-01-01"));
        assertThat(ReportingPeriod.firstNotStale(PeriodType.QUARTER, Instant.parse("2026-04-01T17:00:00Z"), grace))
                .isEqualTo(period(PeriodType.QUARTER, "2026-04-01"));
        // noon on 10 April local, 3 days' grace: 9, 8 and 7 April are in their grace (7 April until 00:00 on
        // 11 April local), 6 April went stale at 00:00 on 10 April
        assertThat(ReportingPeriod.firstNotStale(PeriodType.DAY, Instant.parse("2026-04-10T05:00:00Z"),
                Duration.ofDays(3))).isEqualTo(period(PeriodType.DAY, "2026-04-07"));
    }
}
