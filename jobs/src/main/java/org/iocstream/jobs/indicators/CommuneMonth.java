package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import org.iocstream.connectors.indicators.FeedValidator;

/**
 * One commune on one local calendar month (Asia/Ho_Chi_Minh), the key of the monthly computed indicators:
 * {@code commune/yyyy-MM}, e.g. {@code 16681/2026-04}. The month is [local midnight of its first day, local
 * midnight of the next month's first day).
 */
public record CommuneMonth(String commune, YearMonth month) {

    /** The commune-month holding the instant (e.g. a day's local midnight). */
    public static CommuneMonth of(String commune, Instant time) {
        return new CommuneMonth(commune, YearMonth.from(LocalDate.ofInstant(time, FeedValidator.PROVINCE_ZONE)));
    }

    /** Reads a key back; a commune code has no '/', so the last one separates the month. */
    public static CommuneMonth parse(String key) {
        int slash = key.lastIndexOf('/');
        return new CommuneMonth(key.substring(0, slash), YearMonth.parse(key.substring(slash + 1)));
    }

    public String key() {
        return commune + "/" + month;
    }

    /** The first day: the {@code periodStart} of a MONTH value. */
    public LocalDate firstDay() {
        return month.atDay(1);
    }

    public Instant start() {
        return firstDay().atStartOfDay(FeedValidator.PROVINCE_ZONE).toInstant();
    }

    /** Local midnight at its end, exclusive: when the month closes. */
    public Instant end() {
        return month.plusMonths(1).atDay(1).atStartOfDay(FeedValidator.PROVINCE_ZONE).toInstant();
    }

    /**
     * When the month's state is dropped: {@code retention} after it closed, rounded up to an emission boundary
     * ({@link EmissionCadence#INTERVAL}) so that a last correction keeps the cadence.
     */
    public Instant dropAt(Duration retention) {
        return Instant.ofEpochMilli(EmissionCadence.ceil(end().plus(retention).toEpochMilli()));
    }
}
