package org.iocstream.sim;

import java.util.Objects;

/**
 * A metric a device reports: its SenML name, its unit (null for flags and text, which SenML leaves unitless)
 * and whether its value is a number ({@code "v"}) or text ({@code "vs"}).
 */
public record Metric(String name, String unit, boolean numeric) {

    public Metric {
        Objects.requireNonNull(name, "name");
    }

    static Metric number(String name, String unit) {
        return new Metric(name, unit, true);
    }

    /** A 1/0 number without a unit, such as {@code lamp_on}. */
    static Metric flag(String name) {
        return new Metric(name, null, true);
    }

    static Metric text(String name) {
        return new Metric(name, null, false);
    }
}
