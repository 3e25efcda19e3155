package org.iocstream.jobs.alerts;

/**
 * A device condition's alert being raised or cleared. Times are epoch milliseconds.
 *
 * @param type {@code RAISED} or {@code CLEARED}; a condition rule has one severity, so never a change of it
 * @param since the episode start, the first report of the run
 * @param at the report that raised it (the first at least the minimum duration after {@code since}) or cleared it
 *     (the first that no longer meets the condition): for {@code CLEARED} the episode end
 * @param value the reading an operator compares with the threshold, or null (see {@link DeviceCondition#value})
 * @param threshold the condition's limit, or null
 */
public record ConditionChange(Transition.Type type, long since, long at, Double value, Double threshold) {
}
