package org.iocstream.sim;

/** The signal model of one {@link DeviceKind}: the value of each of its metrics at an epoch second. */
interface KindSignals {

    /** The value of {@code metric} (one of the device's kind) at {@code epochSecond}; a multiple of 0.25. */
    double value(Device device, String metric, long epochSecond);

    /**
     * Clamps to the metric's physical range, then rounds to a multiple of 0.25. Such numbers and their sums
     * are exact in double arithmetic, so aggregates computed in any order compare equal to the ground truth.
     */
    static double quantised(double value, double min, double max) {
        double clamped = Math.max(min, Math.min(max, value));
        return Math.round(clamped * 4) / 4.0;
    }

    static double flag(boolean on) {
        return on ? 1 : 0;
    }
}
