package org.iocstream.jobs.airquality;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/**
 * The AQI's periods in epoch milliseconds: hours aligned to the epoch (Vietnam is UTC+7, whole hours, so a UTC
 * hour is a local hour) and local days of Asia/Ho_Chi_Minh, midnight to midnight.
 */
public final class AqiTime {

    public static final long HOUR = 3_600_000L;
    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    private AqiTime() {
    }

    /** The start of the hour that contains {@code millis}. */
    public static long hourStart(long millis) {
        return Math.floorDiv(millis, HOUR) * HOUR;
    }

    /** Local midnight at or before {@code millis}. */
    public static long dayStart(long millis) {
        LocalDate day = Instant.ofEpochMilli(millis).atZone(ZONE).toLocalDate();
        return day.atStartOfDay(ZONE).toInstant().toEpochMilli();
    }

    /** The first local midnight after {@code millis}: the end of its day. */
    public static long dayEnd(long millis) {
        LocalDate day = Instant.ofEpochMilli(millis).atZone(ZONE).toLocalDate();
        return day.plusDays(1).atStartOfDay(ZONE).toInstant().toEpochMilli();
    }

    public static boolean isDayStart(long millis) {
        return dayStart(millis) == millis;
    }
}
