package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.iocstream.connectors.indicators.FeedValidator;
import org.iocstream.schemas.PeriodType;

/**
 * A reporting period of a feed, named by its type and first day, and when it closes and goes stale. Periods are
 * the province's calendar days, months, quarters, halves and years (Asia/Ho_Chi_Minh, UTC+7 all year): a period
 * closes at local midnight at its end, and its feed is stale once {@code grace} has passed since, with no value.
 */
public record ReportingPeriod(PeriodType type, LocalDate start) {

    /** The grace DOMAIN.md section 6 gives a feed after its period closes. */
    public static final Duration DEFAULT_GRACE = Duration.ofDays(1);

    public ReportingPeriod {
        if (!FeedValidator.startOf(type, start).equals(start)) {
            throw new IllegalArgumentException(start + " is not the first day of a " + type + " period");
        }
    }

    /** The period of this type that holds the day. */
    public static ReportingPeriod containing(PeriodType type, LocalDate day) {
        return new ReportingPeriod(type, FeedValidator.startOf(type, day));
    }

    /** The first day after the period, which is the next period's start. */
    public LocalDate endDay() {
        return switch (type) {
            case DAY -> start.plusDays(1);
            case MONTH -> start.plusMonths(1);
            case QUARTER -> start.plusMonths(3);
            case HALF -> start.plusMonths(6);
            case YEAR -> start.plusYears(1);
        };
    }

    /** When the period closes: local midnight at its end. */
    public Instant end() {
        return endDay().atStartOfDay(FeedValidator.PROVINCE_ZONE).toInstant();
    }

    /** When a period without a value makes its feed stale. */
    public Instant staleAt(Duration grace) {
        return end().plus(grace);
    }

    public ReportingPeriod next() {
        return new ReportingPeriod(type, endDay());
    }

    public ReportingPeriod previous() {
        return containing(type, start.minusDays(1));
    }

    /**
     * The oldest period that is not stale yet at {@code now}: the one holding today, or an earlier one still in
     * its grace. A watch that starts at {@code now} begins with it, so periods that went stale before the watch
     * existed raise nothing (a first deployment would otherwise raise the feed's whole history at once).
     */
    public static ReportingPeriod firstNotStale(PeriodType type, Instant now, Duration grace) {
        ReportingPeriod period = containing(type, LocalDate.ofInstant(now, FeedValidator.PROVINCE_ZONE));
        while (period.previous().staleAt(grace).isAfter(now)) {
            period = period.previous();
        }
        return period;
    }
}
