package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.iocstream.connectors.indicators.FeedValidator;

/**
 * One commune (or the province, {@code 40}) on one local day (Asia/Ho_Chi_Minh), the key of the computed
 * indicators: {@code commune/yyyy-MM-dd}, e.g. {@code 16681/2026-04-01}. The day is [local midnight, next local
 * midnight), so a minute at 00:00 local belongs to the day it starts.
 */
public record CommuneDay(String commune, LocalDate day) {

    /** The commune-day holding the minute (a window start or a status minute). */
    public static CommuneDay of(String commune, Instant minute) {
        return new CommuneDay(commune, LocalDate.ofInstant(minute, FeedValidator.PROVINCE_ZONE));
    }

    public static String key(String commune, Instant minute) {
        return of(commune, minute).key();
    }

    /** Reads a key back; a commune code has no '/', so the last one separates the day. */
    public static CommuneDay parse(String key) {
        int slash = key.lastIndexOf('/');
        return new CommuneDay(key.substring(0, slash), LocalDate.parse(key.substring(slash + 1)));
    }

    public String key() {
        return commune + "/" + day;
    }

    /** Local midnight at the start of the day. */
    public Instant start() {
        return day.atStartOfDay(FeedValidator.PROVINCE_ZONE).toInstant();
    }

    /** Local midnight at its end, exclusive: when the day closes. */
    public Instant end() {
        return day.plusDays(1).atStartOfDay(FeedValidator.PROVINCE_ZONE).toInstant();
    }

    /**
     * When the day's state is dropped: {@code retention} after it closed, rounded up to an emission boundary
     * ({@link EmissionCadence#INTERVAL}) so that a last correction keeps the cadence.
     */
    public Instant dropAt(Duration retention) {
        return Instant.ofEpochMilli(EmissionCadence.ceil(end().plus(retention).toEpochMilli()));
    }

    /** The day's next emission boundary once event time is at {@code watermark} ({@link EmissionCadence#next}). */
    public long nextEmission(long watermark, Duration retention) {
        return EmissionCadence.next(watermark, start().toEpochMilli(), end().toEpochMilli(),
                dropAt(retention).toEpochMilli());
    }
}
