package org.iocstream.jobs.alerts;

import java.util.Map;
import java.util.Optional;

/**
 * The episode of one {@link DeviceCondition} for one device as a pure function of the run so far and the next
 * report, which must be later than the previous one. The alert is raised at the first report at least the minimum
 * duration after the first report of an unbroken run that meets the condition, and cleared at the first later
 * report that does not meet it. There is no gap rule: a silent device is the offline rule's business, and the
 * simulator's alert truth does not break a run on a gap either.
 */
public final class DeviceConditionEvaluator {

    private DeviceConditionEvaluator() {
    }

    /** The run after the report (null when the condition does not hold) and the change it causes, if any. */
    public record Step(ConditionRun run, Optional<ConditionChange> change) {
    }

    /**
     * @param run the run before this report, or null if the condition did not hold at the previous one
     * @param report the device's readings at {@code time}, by metric; a report missing one of the condition's
     *     metrics leaves the run as it is, as missing data neither raises nor clears
     */
    public static Step evaluate(DeviceCondition condition, DeviceRules rules, ConditionRun run,
            Map<String, Double> report, long time) {
        if (!report.keySet().containsAll(condition.metrics())) {
            return new Step(run, Optional.empty());
        }
        if (!condition.holds(rules, report, time)) {
            Optional<ConditionChange> cleared = run != null && run.raised()
                    ? Optional.of(new ConditionChange(Transition.Type.CLEARED, run.since(), time,
                            condition.value(report), condition.threshold(rules)))
                    : Optional.empty();
            return new Step(null, cleared);
        }
        long since = run == null ? time : run.since();
        if ((run == null || !run.raised()) && time - since >= condition.minimum(rules).toMillis()) {
            return new Step(new ConditionRun(since, true), Optional.of(new ConditionChange(Transition.Type.RAISED,
                    since, time, condition.value(report), condition.threshold(rules))));
        }
        return new Step(run == null ? new ConditionRun(since, false) : run, Optional.empty());
    }
}
