package org.iocstream.jobs.rollup;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * The registered devices that report one metric in one (commune, kind), counted per reporting interval: the
 * device registry's answer to "how many readings should this window hold". Kept per metric, not per kind,
 * because not every device of a kind reports every metric (only river stations report {@code water_level}) and
 * a metric may have its own interval.
 */
public record ReportingDevices(Map<Integer, Integer> devicesByIntervalSeconds) {

    public ReportingDevices {
        devicesByIntervalSeconds.forEach((interval, devices) -> {
            if (interval <= 0) {
                throw new IllegalArgumentException("a reporting interval must be positive, got " + interval + " s");
            }
            if (devices < 0) {
                throw new IllegalArgumentException("a device count must not be negative, got " + devices);
            }
        });
        devicesByIntervalSeconds = Collections.unmodifiableMap(new TreeMap<>(devicesByIntervalSeconds));
    }

    /** No registered device: a commune without devices of the kind. */
    public static ReportingDevices none() {
        return new ReportingDevices(Map.of());
    }

    public static ReportingDevices of(int intervalSeconds, int devices) {
        return none().and(intervalSeconds, devices);
    }

    /** These devices plus {@code devices} more that report every {@code intervalSeconds}. */
    public ReportingDevices and(int intervalSeconds, int devices) {
        Map<Integer, Integer> more = new TreeMap<>(devicesByIntervalSeconds);
        more.merge(intervalSeconds, devices, Integer::sum);
        return new ReportingDevices(more);
    }

    public int devices() {
        return devicesByIntervalSeconds.values().stream().mapToInt(Integer::intValue).sum();
    }

    /**
     * Σ devices × window / interval: a 60 s device gives 1 per minute, a 300 s device 0.2 and a 10 s device 6.
     * One division per interval, so e.g. three 300 s devices give 180 / 300 = 0.6 and not 3 × 0.2.
     */
    public double expectedReadings(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a window must be positive, got " + window);
        }
        double expected = 0;
        for (Map.Entry<Integer, Integer> group : devicesByIntervalSeconds.entrySet()) {
            expected += group.getValue() * (double) window.toMillis() / (group.getKey() * 1000L);
        }
        return expected;
    }
}
