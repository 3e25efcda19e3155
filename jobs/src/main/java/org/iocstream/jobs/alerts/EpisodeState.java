package org.iocstream.jobs.alerts;

import java.util.Arrays;

/**
 * What a {@link ThresholdEvaluator} remembers about one (rule, subject) between observations, small enough for
 * Flink keyed state. Times are epoch milliseconds and {@link #NONE} marks an absent one.
 *
 * @param level the current severity level, 1-based into the rule's levels; 0 when no episode is open
 * @param episodeStart when the open episode's condition began to hold; {@code NONE} without an episode
 * @param lastObservation the time of the latest observation; {@code NONE} before the first
 * @param runSince per level (index 0 is level 1): since when the condition that would change that level has held
 *     without a break, that is the raise condition above {@code level} and the clear condition up to it
 */
public record EpisodeState(int level, long episodeStart, long lastObservation, long[] runSince) {

    public static final long NONE = Long.MIN_VALUE;

    public EpisodeState {
        runSince = runSince.clone();
    }

    public static EpisodeState initial(ThresholdRule rule) {
        long[] runs = new long[rule.levelCount()];
        Arrays.fill(runs, NONE);
        return new EpisodeState(0, NONE, NONE, runs);
    }

    @Override
    public long[] runSince() {
        return runSince.clone();
    }

    /** No episode and no condition in progress: the operator may drop the state, the next observation starts afresh. */
    public boolean isAtRest() {
        return level == 0 && Arrays.stream(runSince).allMatch(since -> since == NONE);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EpisodeState other
                && level == other.level
                && episodeStart == other.episodeStart
                && lastObservation == other.lastObservation
                && Arrays.equals(runSince, other.runSince);
    }

    @Override
    public int hashCode() {
        return 31 * Long.hashCode(episodeStart ^ lastObservation ^ level) + Arrays.hashCode(runSince);
    }

    @Override
    public String toString() {
        return "EpisodeState{level=" + level + ", episodeStart=" + episodeStart + ", lastObservation="
                + lastObservation + ", runSince=" + Arrays.toString(runSince) + "}";
    }
}
