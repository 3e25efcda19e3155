package org.iocstream.sim;

import java.time.Instant;
import java.util.Objects;

/**
 * One value of one metric of one device at one whole epoch second: a number in {@code value} (text null), or,
 * for a text metric, a string in {@code text} (value NaN).
 */
public record Reading(Device device, Metric metric, Instant time, double value, String text) {

    public Reading {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(metric, "metric");
        Objects.requireNonNull(time, "time");
        if (metric.numeric() ? text != null : text == null || !Double.isNaN(value)) {
            throw new IllegalArgumentException(metric.name() + (metric.numeric()
                    ? " is a number, it has no text" : " is text: it needs a text and a NaN value"));
        }
    }

    /** A reading of a numeric metric. */
    public Reading(Device device, Metric metric, Instant time, double value) {
        this(device, metric, time, value, null);
    }

    /** A reading of a text metric. */
    public static Reading ofText(Device device, Metric metric, Instant time, String text) {
        return new Reading(device, metric, time, Double.NaN, text);
    }
}
