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

    /** The same reading stamped with another time, as a gateway with a wrong clock sends it. */
    public Reading at(Instant otherTime) {
        return new Reading(device, metric, otherTime, value, text);
    }

    /**
     * The same value reported as another device's first metric: a misattributed or forged record. Every kind's
     * first metric is a number, as is this reading's when it comes first in a message.
     */
    public Reading attributedTo(Device other) {
        return new Reading(other, other.kind().metrics().get(0), time, value, text);
    }
}
