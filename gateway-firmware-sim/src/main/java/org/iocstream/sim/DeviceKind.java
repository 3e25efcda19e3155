package org.iocstream.sim;

import java.util.List;

/** The kinds of device the simulator places in every commune, each with its reporting interval and metrics. */
public enum DeviceKind {
    /** Environment station. */
    ENV(60, List.of(
            new Metric("pm2_5", "ug/m3"),
            new Metric("pm10", "ug/m3"),
            new Metric("no2", "ug/m3"),
            new Metric("temperature", "Cel"),
            new Metric("humidity", "%RH"),
            new Metric("noise", "dBA"))),
    /** Street-light controller. */
    LGT(60, List.of(
            Metric.withoutUnit("lamp_on"),
            new Metric("dim_level", "%"),
            new Metric("power", "W"),
            new Metric("ambient_light", "lx"))),
    /** Traffic and security camera. */
    CAM(10, List.of(
            Metric.withoutUnit("online"),
            new Metric("vehicle_count", "count"),
            new Metric("person_count", "count"),
            new Metric("bitrate", "kbit/s"))),
    /** IP loudspeaker of the commune radio. */
    SPK(60, List.of(
            Metric.withoutUnit("online"),
            Metric.withoutUnit("broadcasting"),
            new Metric("volume", "%")));

    private final int intervalSeconds;
    private final List<Metric> metrics;

    DeviceKind(int intervalSeconds, List<Metric> metrics) {
        this.intervalSeconds = intervalSeconds;
        this.metrics = metrics;
    }

    /** Seconds between two reports; a device reports at every epoch second divisible by it. */
    public int intervalSeconds() {
        return intervalSeconds;
    }

    /** Every metric of this kind, in the order a device reports them. */
    public List<Metric> metrics() {
        return metrics;
    }

    /** The first epoch second at or after {@code epochSecond} at which a device of this kind reports. */
    public long nextReportAtOrAfter(long epochSecond) {
        return Math.floorDiv(epochSecond + intervalSeconds - 1, intervalSeconds) * intervalSeconds;
    }

    /** Whether a device of this kind reports at this epoch second. */
    public boolean reportsAt(long epochSecond) {
        return Math.floorMod(epochSecond, intervalSeconds) == 0;
    }

    /** The metric of this kind with this name; throws if the kind has none. */
    public Metric metric(String name) {
        for (Metric metric : metrics) {
            if (metric.name().equals(name)) {
                return metric;
            }
        }
        throw new IllegalArgumentException(this + " devices have no metric " + name + "; they have " + metrics);
    }
}
