package org.iocstream.jobs.alerts;

import static org.iocstream.jobs.alerts.EpisodeState.NONE;

import java.util.List;
import java.util.Optional;

/**
 * The episode state machine of one {@link ThresholdRule} for one subject, as a pure function of the previous
 * state and the next observation.
 *
 * <p>Every level has its own latch. Above the current level the latch of level k closes when level k's raise
 * condition has held for {@code raiseFor}; up to the current level it opens when its clear condition has held for
 * {@code clearFor}. "Held for d" means: met by every observation from the one at s to the current one at t, none
 * of them further apart than {@code maxGap}, and {@code t - s ≥ d}. So a rule "≥ 151 for 1 h" raises at the first
 * observation an hour or more after the value reached 151, and the episode starts at that earlier observation.
 * A gap restarts every run but leaves the level as it is: missing data neither raises nor clears.
 */
public final class ThresholdEvaluator {

    private ThresholdEvaluator() {
    }

    /** The new state, and the transition this observation causes, if any. */
    public record Evaluation(EpisodeState state, Optional<Transition> transition) {
    }

    /**
     * @throws IllegalArgumentException if the observation is not later than the previous one: the caller orders
     *     observations by event time and drops (and counts) those that arrive too late
     */
    public static Evaluation evaluate(ThresholdRule rule, EpisodeState state, Observation observation) {
        long t = observation.time();
        if (state.lastObservation() != NONE && t <= state.lastObservation()) {
            throw new IllegalArgumentException(rule.id() + ": observation at " + t
                    + " is not after the previous one at " + state.lastObservation());
        }
        List<SeverityLevel> levels = rule.levelsAt(t);
        long[] runSince = state.runSince();
        boolean gap = state.lastObservation() != NONE && t - state.lastObservation() > rule.maxGap().toMillis();
        int level = state.level();
        for (int k = 1; k <= runSince.length; k++) {
            SeverityLevel candidate = levels.get(k - 1);
            boolean holds = k > level
                    ? rule.raiseWhen().holds(observation.value(), candidate.raise())
                    : rule.clearWhen().holds(observation.value(), candidate.clear());
            if (!holds) {
                runSince[k - 1] = NONE;
            } else if (gap || runSince[k - 1] == NONE) {
                runSince[k - 1] = t;
            }
        }
        int newLevel = escalatedLevel(rule, level, runSince, t);
        if (newLevel == level) {
            newLevel = deEscalatedLevel(rule, level, runSince, t);
        }
        if (newLevel == level) {
            return new Evaluation(new EpisodeState(level, state.episodeStart(), t, runSince), Optional.empty());
        }
        Transition transition;
        long episodeStart;
        if (newLevel > level) {
            SeverityLevel reached = levels.get(newLevel - 1);
            long since = runSince[newLevel - 1];
            episodeStart = level == 0 ? runSince[0] : state.episodeStart();
            Transition.Type type = level == 0 ? Transition.Type.RAISED : Transition.Type.SEVERITY_CHANGED;
            transition = new Transition(type, reached.severity(), episodeStart, since, t, observation.value(),
                    reached.raise());
        } else {
            SeverityLevel lowestLeft = levels.get(newLevel);
            long since = runSince[newLevel];
            episodeStart = state.episodeStart();
            transition = newLevel == 0
                    ? new Transition(Transition.Type.CLEARED, levels.get(level - 1).severity(), episodeStart, since, t,
                            observation.value(), lowestLeft.clear())
                    : new Transition(Transition.Type.SEVERITY_CHANGED, levels.get(newLevel - 1).severity(),
                            episodeStart, since, t, observation.value(), lowestLeft.clear());
        }
        // a level that has just changed now watches the opposite condition, which the observation does not meet
        for (int k = Math.min(level, newLevel) + 1; k <= Math.max(level, newLevel); k++) {
            runSince[k - 1] = NONE;
        }
        return new Evaluation(new EpisodeState(newLevel, newLevel == 0 ? NONE : episodeStart, t, runSince),
                Optional.of(transition));
    }

    private static int escalatedLevel(ThresholdRule rule, int level, long[] runSince, long t) {
        for (int k = runSince.length; k > level; k--) {
            if (hasHeld(runSince[k - 1], t, rule.raiseFor().toMillis())) {
                return k;
            }
        }
        return level;
    }

    private static int deEscalatedLevel(ThresholdRule rule, int level, long[] runSince, long t) {
        for (int k = 1; k <= level; k++) {
            if (hasHeld(runSince[k - 1], t, rule.clearFor().toMillis())) {
                return k - 1;
            }
        }
        return level;
    }

    private static boolean hasHeld(long since, long t, long duration) {
        return since != NONE && t - since >= duration;
    }
}
