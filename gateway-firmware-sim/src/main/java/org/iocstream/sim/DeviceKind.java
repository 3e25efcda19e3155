package org.iocstream.sim;

import java.util.List;

/**
 * The kinds of device the simulator places, each with its reporting interval and the metrics every device of
 * the kind reports (a device may report more: see {@link Device#metrics()}). The id part of a device is the
 * kind's name, e.g. {@code 16681-ENV-0001}.
 */
public enum DeviceKind {
    /** Environment station. */
    ENV(60, List.of(
            Metric.number("pm2_5", "ug/m3"),
            Metric.number("pm10", "ug/m3"),
            Metric.number("no2", "ug/m3"),
            Metric.number("so2", "ug/m3"),
            Metric.number("co", "ug/m3"),
            Metric.number("o3", "ug/m3"),
            Metric.number("temperature", "Cel"),
            Metric.number("humidity", "%RH"),
            Metric.number("noise", "dBA"),
            Metric.number("rainfall", "mm"))),
    /** Street-light controller. */
    LGT(60, List.of(
            Metric.flag("lamp_on"),
            Metric.number("dim_level", "%"),
            Metric.number("power", "W"),
            Metric.number("energy", "Wh"),
            Metric.number("ambient_light", "lx"),
            Metric.number("motion", "count"),
            Metric.number("voltage", "V"),
            Metric.text("fault"))),
    /** Traffic and security camera; its {@code event} is reported only at the rare reports where one occurs. */
    CAM(10, List.of(
            Metric.flag("online"),
            Metric.number("vehicle_count", "count"),
            Metric.number("person_count", "count"),
            Metric.number("avg_speed", "km/h"),
            Metric.number("bitrate", "kbit/s"),
            Metric.text("event"))),
    /** IP loudspeaker of the commune radio. */
    SPK(60, List.of(
            Metric.flag("online"),
            Metric.flag("broadcasting"),
            Metric.number("volume", "%"),
            Metric.text("program"))),
    /** Agriculture sensor in a field. */
    AGR(300, List.of(
            Metric.number("soil_moisture", "%"),
            Metric.number("soil_temperature", "Cel"),
            Metric.number("air_temperature", "Cel"),
            Metric.number("light", "lx"),
            Metric.number("ph", "pH"),
            Metric.number("ec", "mS/cm"))),
    /** The gateway itself, reporting its own health; one per gateway. */
    GTW(60, List.of(
            Metric.number("uptime", "s"),
            Metric.number("queue_depth", "count"),
            Metric.number("rssi", "dBm"),
            Metric.number("supply_voltage", "V")));

    /** River level, reported by the environment stations that stand on a river, on top of the ENV metrics. */
    public static final Metric WATER_LEVEL = Metric.number("water_level", "cm");

    private static final List<DeviceKind> FIELD_KINDS = List.of(ENV, LGT, CAM, SPK, AGR);

    private final int intervalSeconds;
    private final List<Metric> metrics;

    DeviceKind(int intervalSeconds, List<Metric> metrics) {
        this.intervalSeconds = intervalSeconds;
        this.metrics = metrics;
    }

    /** The kinds installed in the communes, in id order; every kind but the gateway's own {@link #GTW}. */
    public static List<DeviceKind> fieldKinds() {
        return FIELD_KINDS;
    }

    /** Seconds between two reports; a device reports at every epoch second divisible by it. */
    public int intervalSeconds() {
        return intervalSeconds;
    }

    /** The metrics every device of this kind has, in the order a device reports them. */
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

    /** The metric every device of this kind has with this name; throws if there is none. */
    public Metric metric(String name) {
        for (Metric metric : metrics) {
            if (metric.name().equals(name)) {
                return metric;
            }
        }
        throw new IllegalArgumentException(this + " devices have no metric " + name + "; they have " + metrics);
    }
}
