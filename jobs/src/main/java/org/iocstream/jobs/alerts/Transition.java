package org.iocstream.jobs.alerts;

import org.iocstream.schemas.Severity;

/**
 * A change in a (rule, subject)'s episode. Times are epoch milliseconds.
 *
 * @param severity the episode's severity after the change; for {@code CLEARED} the severity it had until then
 * @param episodeStart when the episode's raise condition began to hold: with the rule and subject, its identity
 * @param time when the change took effect in event time: the start of the run of observations that caused it
 *     ({@code RAISED}: the episode start; {@code CLEARED}: the episode end)
 * @param decidedAt the observation that completed the required duration
 * @param value that observation's value
 * @param threshold the threshold crossed: the raise threshold of the level reached, or the clear threshold of the
 *     lowest level left
 */
public record Transition(
        Type type, Severity severity, long episodeStart, long time, long decidedAt, double value, double threshold) {

    public enum Type {
        RAISED,
        SEVERITY_CHANGED,
        CLEARED
    }
}
