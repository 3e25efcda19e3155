package org.iocstream.jobs.rollup;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * How often a device of each kind reports (DOMAIN.md section 2). The registry gives only a device's kind, so
 * the kind decides the interval; a kind a gateway declares that is not listed here has no known interval.
 */
public final class ReportingIntervals {

    /** The kind of a gateway's own telemetry device. */
    public static final String GATEWAY = "GTW";

    private static final Map<String, Duration> BY_KIND = Map.of(
            "ENV", Duration.ofSeconds(60),
            "AGR", Duration.ofSeconds(300),
            "LGT", Duration.ofSeconds(60),
            "CAM", Duration.ofSeconds(10),
            "SPK", Duration.ofSeconds(60),
            // the gateway's own telemetry (uptime, queue depth, backhaul, supply)
            GATEWAY, Duration.ofSeconds(60));

    private ReportingIntervals() {
    }

    public static Optional<Duration> of(String kind) {
        return Optional.ofNullable(kind == null ? null : BY_KIND.get(kind));
    }

    /**
     * Readings {@code devices} registered devices of {@code kind} owe in {@code window}
     * ({@link ReportingDevices#expectedReadings}); 0 for a kind without a known interval, so its completeness
     * stays undefined rather than guessed.
     */
    public static double expectedReadings(String kind, int devices, Duration window) {
        return of(kind).map(interval -> ReportingDevices.of((int) interval.toSeconds(), devices)
                .expectedReadings(window)).orElse(0.0);
    }
}
