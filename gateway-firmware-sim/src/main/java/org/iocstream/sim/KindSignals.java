package org.iocstream.sim;

/** The signal model of one {@link DeviceKind}: the value of each of its metrics at an epoch second. */
interface KindSignals {

    /** The value of numeric {@code metric} (one the device reports) at {@code epochSecond}; a multiple of 0.25. */
    double value(Device device, String metric, long epochSecond);

    /** The value of text {@code metric} at {@code epochSecond}, or null if the device reports nothing for it then. */
    default String text(Device device, String metric, long epochSecond) {
        throw new IllegalArgumentException(device.kind() + " devices have no text metric " + metric);
    }

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
