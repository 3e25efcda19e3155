package org.iocstream.sim;

import java.time.Instant;
import java.util.Objects;

/** One value of one metric of one device at one whole epoch second. */
public record Reading(Device device, Metric metric, Instant time, double value) {

    public Reading {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(time, "time");
    }
}
