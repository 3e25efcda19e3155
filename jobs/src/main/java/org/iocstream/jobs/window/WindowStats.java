package org.iocstream.jobs.window;

import java.util.Objects;

/**
 * Running statistics of the numeric readings of one series in one window: count, min, max, sum, mean, and the
 * values of the earliest and latest readings. {@link #add} and {@link #merge} never depend on arrival order:
 * "first" is the reading with the smallest (time, value) pair and "last" the one with the largest, so two
 * partial results merge to the same result whichever way round, and a window that re-fires with a late
 * reading gives what an on-time reading would have given.
 *
 * <p>Plain Java with public fields and a no-argument constructor so that Flink keeps it in state as a POJO.
 */
public final class WindowStats {

    public long count;
    public double min = Double.POSITIVE_INFINITY;
    public double max = Double.NEGATIVE_INFINITY;
    public double sum;
    public long firstTime = Long.MAX_VALUE;
    public double first = Double.NaN;
    public long lastTime = Long.MIN_VALUE;
    public double last = Double.NaN;

    public WindowStats() {
    }

    /** Adds one reading (time in any fixed unit, e.g. epoch microseconds) and returns this. */
    public WindowStats add(long time, double value) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a reading value must be finite, got " + value);
        }
        count++;
        min = Math.min(min, value);
        max = Math.max(max, value);
        sum += value;
        if (isBefore(time, value, firstTime, first)) {
            firstTime = time;
            first = value;
        }
        if (isBefore(lastTime, last, time, value)) {
            lastTime = time;
            last = value;
        }
        return this;
    }

    /** A new result covering the readings of both; neither argument is changed. */
    public static WindowStats merge(WindowStats a, WindowStats b) {
        if (a.count == 0) {
            return b.copy();
        }
        if (b.count == 0) {
            return a.copy();
        }
        WindowStats merged = new WindowStats();
        merged.count = a.count + b.count;
        merged.min = Math.min(a.min, b.min);
        merged.max = Math.max(a.max, b.max);
        merged.sum = a.sum + b.sum;
        boolean aFirst = isBefore(a.firstTime, a.first, b.firstTime, b.first);
        merged.firstTime = aFirst ? a.firstTime : b.firstTime;
        merged.first = aFirst ? a.first : b.first;
        boolean bLast = isBefore(a.lastTime, a.last, b.lastTime, b.last);
        merged.lastTime = bLast ? b.lastTime : a.lastTime;
        merged.last = bLast ? b.last : a.last;
        return merged;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    /** Arithmetic mean; NaN for an empty window. */
    public double mean() {
        return count == 0 ? Double.NaN : sum / count;
    }

    public WindowStats copy() {
        WindowStats copy = new WindowStats();
        copy.count = count;
        copy.min = min;
        copy.max = max;
        copy.sum = sum;
        copy.firstTime = firstTime;
        copy.first = first;
        copy.lastTime = lastTime;
        copy.last = last;
        return copy;
    }

    // an empty side compares as "after everything" for first and "before everything" for last
    private static boolean isBefore(long timeA, double valueA, long timeB, double valueB) {
        if (timeA != timeB) {
            return timeA < timeB;
        }
        if (Double.isNaN(valueB)) {
            return !Double.isNaN(valueA);
        }
        return valueA < valueB;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof WindowStats other)) {
            return false;
        }
        return count == other.count
                && Double.compare(min, other.min) == 0
                && Double.compare(max, other.max) == 0
                && Double.compare(sum, other.sum) == 0
                && firstTime == other.firstTime
                && Double.compare(first, other.first) == 0
                && lastTime == other.lastTime
                && Double.compare(last, other.last) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, min, max, sum, firstTime, first, lastTime, last);
    }

    @Override
    public String toString() {
        return "WindowStats{count=" + count + ", min=" + min + ", max=" + max + ", sum=" + sum
                + ", first=" + first + "@" + firstTime + ", last=" + last + "@" + lastTime + "}";
    }
}
