package org.iocstream.jobs.indicators;

import java.time.Duration;

/**
 * When a computed indicator is emitted, in event time: at 10-minute boundaries aligned to the epoch (local
 * midnight in UTC+7 is one of them), at most once per boundary, and once at the day's close. Emitting only at
 * boundaries makes each emission's {@code receivedAt} a boundary, so they are at least 10 minutes apart, strictly
 * increasing, and the same in a replay.
 */
public final class EmissionCadence {

    public static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final long INTERVAL_MILLIS = INTERVAL.toMillis();

    private EmissionCadence() {
    }

    /**
     * The boundary at which a change seen at {@code watermark} is emitted: the first one strictly after the
     * watermark (and after the day's start, for a day the watermark has not reached), but no later than the day's
     * close while the day is open, and no later than {@code dropAt} afterwards.
     */
    public static long next(long watermark, long dayStart, long dayEnd, long dropAt) {
        long boundary = Math.floorDiv(Math.max(watermark, dayStart), INTERVAL_MILLIS) * INTERVAL_MILLIS
                + INTERVAL_MILLIS;
        return Math.min(boundary, watermark < dayEnd ? dayEnd : dropAt);
    }

    /** The first boundary at or after {@code time}. */
    public static long ceil(long time) {
        return Math.floorDiv(time + INTERVAL_MILLIS - 1, INTERVAL_MILLIS) * INTERVAL_MILLIS;
    }
}
