package org.iocstream.sim;

import java.time.Instant;
import java.util.Objects;

/** A simulated device: id {@code {commune}-{KIND}-{nnnn}}, the gateway that relays it, where and since when it is installed. */
public record Device(String id, DeviceKind kind, Commune commune, String gateway, double lat, double lon,
        Instant installedAt) {

    public Device {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(commune, "commune");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(installedAt, "installedAt");
    }
}
