package org.iocstream.jobs.alerts;

/** One value of a rule's metric for one subject at an event time in epoch milliseconds. */
public record Observation(long time, double value) {

    public Observation {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("an observed value must be finite, got " + value + " at " + time);
        }
    }
}
