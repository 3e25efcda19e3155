package org.iocstream.jobs.alerts;

/**
 * What a {@link DeviceConditionEvaluator} remembers about one (condition, device) while the condition holds; no
 * run at all (null) when it does not. Times are epoch milliseconds.
 *
 * @param since the first report of the unbroken run of reports that meet the condition: the episode start
 * @param raised whether the run has lasted the minimum duration and its alert is active
 */
public record ConditionRun(long since, boolean raised) {
}
