package org.iocstream.sim;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A simulated device: id {@code {commune}-{KIND}-{nnnn}}, the gateway that relays it, where and since when it
 * is installed, and the metrics it reports (its kind's, plus {@code water_level} for a river station).
 */
public record Device(String id, DeviceKind kind, Commune commune, String gateway, double lat, double lon,
        Instant installedAt, List<Metric> metrics) {

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(commune, "commune");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(installedAt, "installedAt");
        metrics = List.copyOf(metrics);
    }

    /** A device that reports exactly the metrics every device of its kind has. */
    public Device(String id, DeviceKind kind, Commune commune, String gateway, double lat, double lon,
            Instant installedAt) {
        this(id, kind, commune, gateway, lat, lon, installedAt, kind.metrics());
    }

    /** Whether this device reports the metric with this name. */
    public boolean reports(String metric) {
        for (Metric candidate : metrics) {
            if (candidate.name().equals(metric)) {
                return true;
            }
        }
        return false;
    }
}
