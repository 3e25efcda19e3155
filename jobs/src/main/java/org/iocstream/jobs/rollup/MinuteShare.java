package org.iocstream.jobs.rollup;

/**
 * A share of device-minutes: how many of the possible device-minutes met a condition (online, streaming,
 * broadcasting) over a period, for the availability and coverage indicators. The possible minutes come from
 * the registry, so a device that sent nothing counts against the share instead of vanishing from it.
 *
 * <p>Plain Java with public fields and a no-argument constructor so that Flink keeps it in state as a POJO.
 */
public final class MinuteShare {

    public long achievedMinutes;
    public long possibleMinutes;

    public MinuteShare() {
    }

    /** Adds one minute in which {@code achieved} of {@code possible} devices met the condition; returns this. */
    public MinuteShare add(long achieved, long possible) {
        if (achieved < 0 || achieved > possible) {
            throw new IllegalArgumentException("need 0 <= achieved <= possible, got " + achieved + " of " + possible);
        }
        achievedMinutes += achieved;
        possibleMinutes += possible;
        return this;
    }

    /** A new share over the minutes of both; neither argument is changed. */
    public static MinuteShare merge(MinuteShare a, MinuteShare b) {
        MinuteShare merged = new MinuteShare();
        merged.achievedMinutes = a.achievedMinutes + b.achievedMinutes;
        merged.possibleMinutes = a.possibleMinutes + b.possibleMinutes;
        return merged;
    }

    /** 100 × achieved / possible, in percent; NaN when no minute was possible. */
    public double percent() {
        return possibleMinutes == 0 ? Double.NaN : 100.0 * achievedMinutes / possibleMinutes;
    }
}
