package org.iocstream.sim;

import java.util.Objects;

/** A metric a device reports: its SenML name and unit; {@code unit} is null for flags, which SenML leaves unitless. */
public record Metric(String name, String unit) {

    public Metric {
        Objects.requireNonNull(name, "name");
    }

    static Metric withoutUnit(String name) {
        return new Metric(name, null);
    }
}
