package org.iocstream.jobs.indicators;

import java.util.Objects;

/**
 * The running totals of one commune-day's computed indicators, and what changed since they were last emitted.
 * Inputs are whole rows that may come again (a re-fired commune window, a rewritten device status): the caller
 * passes the row's earlier contribution with its new one, so a row is replaced, never added twice.
 *
 * <ul>
 *   <li>{@code OPS_DATA_COMPLETENESS} = 100 × Σ readings / Σ expected readings over the day's commune rows that
 *       expect readings;</li>
 *   <li>{@code OPS_DEVICE_AVAILABILITY} = 100 × online device-minutes / device-minutes with a known status.</li>
 * </ul>
 *
 * <p>Public fields and a no-argument constructor make it a Flink POJO.
 */
public final class ComputedDay {

    /** No emission is scheduled. */
    public static final long NONE = Long.MIN_VALUE;
    // expected readings are sums of fractions such as 0.2 (a 300 s device per minute): replacing rows leaves
    // rounding dust where the exact total is 0
    private static final double NOTHING_EXPECTED = 1e-9;

    public long readings;
    public double expectedReadings;
    public long onlineMinutes;
    public long knownMinutes;
    public boolean completenessChanged;
    public boolean availabilityChanged;
    /** The day's closing values were emitted. */
    public boolean closed;
    /** The pending emission boundary, or {@link #NONE}. */
    public long nextEmission = NONE;

    public ComputedDay() {
    }

    /**
     * Replaces a commune row's readings and expected readings; pass 0 and 0 for a row not seen before, or for one
     * that expects nothing (it does not count).
     */
    public void replaceReadings(long oldReadings, double oldExpected, long newReadings, double newExpected) {
        if (oldReadings == newReadings && oldExpected == newExpected) {
            return;
        }
        readings += newReadings - oldReadings;
        expectedReadings += newExpected - oldExpected;
        completenessChanged = true;
    }

    /** Replaces a device-minute's status: {@code null} for none seen before, or for an unknown one (not counted). */
    public void replaceStatus(Boolean oldOnline, Boolean newOnline) {
        if (Objects.equals(oldOnline, newOnline)) {
            return;
        }
        knownMinutes += (newOnline == null ? 0 : 1) - (oldOnline == null ? 0 : 1);
        onlineMinutes += (Boolean.TRUE.equals(newOnline) ? 1 : 0) - (Boolean.TRUE.equals(oldOnline) ? 1 : 0);
        availabilityChanged = true;
    }

    /** 100 × readings / expected readings, in percent; NaN when nothing is expected. */
    public double completenessPercent() {
        return expectedReadings > NOTHING_EXPECTED ? 100.0 * readings / expectedReadings : Double.NaN;
    }

    /** 100 × online / known device-minutes, in percent; NaN without a known device-minute. */
    public double availabilityPercent() {
        return knownMinutes > 0 ? 100.0 * onlineMinutes / knownMinutes : Double.NaN;
    }
}
