package org.iocstream.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;

/**
 * The episodes of a threshold rule with severity levels and hysteresis over one subject's series (DOMAIN.md
 * section 6, jobs/README.md "Threshold rules"), with plain loops: the truth side of the alerting job's threshold
 * rules, sharing no code with them.
 *
 * <p>Each level watches its raise condition while the episode is below it and its clear condition while at or
 * above it. A condition "has held for d" at an observation at t when every observation from the one at s to t
 * meets it, no two consecutive ones further apart than the rule's max-gap, and t − s ≥ d. At each observation the
 * episode rises to the highest level whose raise condition has held for raise-for; otherwise it falls below the
 * lowest level whose clear condition has held for clear-for. The episode starts at the first observation of the
 * lowest level's raise run; it clears at the first observation of the lowest level's clear run (its end). When a
 * level changes, the levels it passed start watching the other condition afresh.
 */
final class ThresholdEpisodes {

    static final String WARNING = "WARNING";
    static final String MAJOR = "MAJOR";
    static final String CRITICAL = "CRITICAL";

    /** The default {@code aqi-hourly}: ≥ 151 MAJOR, ≥ 201 CRITICAL, clear ≤ 140 / ≤ 190, 1 h each, gap 1 h. */
    static final Rule AQI_HOURLY = new Rule("aqi-hourly", Comparison.AT_LEAST, Comparison.AT_MOST,
            Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1),
            List.of(new Level(MAJOR, 151, 140), new Level(CRITICAL, 201, 190)));

    /**
     * The default {@code pm25-24h}: a station's PM2.5 24-h mean over 45 µg/m³ (QCVN 05:2023 from 2026) raises
     * WARNING at once, one at or under 40 clears it at once; hourly values, gap 1 h.
     */
    static final Rule PM25_24H = new Rule("pm25-24h", Comparison.ABOVE, Comparison.AT_MOST, Duration.ZERO,
            Duration.ZERO, Duration.ofHours(1), List.of(new Level(WARNING, 45, 40)));

    private ThresholdEpisodes() {
    }

    /** How a value is compared with a threshold. */
    enum Comparison {
        AT_LEAST, ABOVE, AT_MOST, BELOW;

        boolean holds(double value, double threshold) {
            return switch (this) {
                case AT_LEAST -> value >= threshold;
                case ABOVE -> value > threshold;
                case AT_MOST -> value <= threshold;
                case BELOW -> value < threshold;
            };
        }
    }

    /** One severity level: its raise and clear thresholds. */
    record Level(String severity, double raise, double clear) {
    }

    /** A threshold rule: levels least severe first. */
    record Rule(String id, Comparison raiseWhen, Comparison clearWhen, Duration raiseFor, Duration clearFor,
            Duration maxGap, List<Level> levels) {
        Rule {
            levels = List.copyOf(levels);
        }
    }

    /** The {@code flood-water-level} rule for one station: ≥ level raises, < level − 10 cm for 30 min clears. */
    static Rule flood(FloodLevels levels) {
        return new Rule("flood-water-level", Comparison.AT_LEAST, Comparison.BELOW, Duration.ZERO,
                Duration.ofMinutes(30), Duration.ofMinutes(3), List.of(
                        new Level(WARNING, levels.levelI(), levels.levelI() - FloodLevels.CLEAR_MARGIN_CM),
                        new Level(MAJOR, levels.levelII(), levels.levelII() - FloodLevels.CLEAR_MARGIN_CM),
                        new Level(CRITICAL, levels.levelIII(), levels.levelIII() - FloodLevels.CLEAR_MARGIN_CM)));
    }

    /** An episode and the severities it went through, the one it was raised with first. */
    record Episode(ExpectedAlert alert, List<String> severities) {
    }

    /** {@link #episodesWithSeverities} without the severities. */
    static List<ExpectedAlert> episodes(Rule rule, String subject, String commune, NavigableMap<Long, Double> series) {
        return episodesWithSeverities(rule, subject, commune, series).stream().map(Episode::alert).toList();
    }

    /**
     * The episodes of a rule over a series (epoch second → value), by start. Severity is the one the episode has
     * at its end (when it clears, the one it had until then); {@code since} the episode start, {@code raisedAt}
     * the observation that raised it, {@code clearedAt} its end, null if still active after the last observation.
     */
    static List<Episode> episodesWithSeverities(Rule rule, String subject, String commune,
            NavigableMap<Long, Double> series) {
        int levels = rule.levels().size();
        long none = Long.MIN_VALUE;
        long[] runStart = new long[levels + 1]; // 1-based: the run of the condition level k watches now
        Arrays.fill(runStart, none);
        int level = 0;
        long episodeStart = none;
        long raisedAt = none;
        Long previous = null;
        List<Episode> episodes = new ArrayList<>();
        List<String> severities = new ArrayList<>();
        for (Map.Entry<Long, Double> observation : series.entrySet()) {
            long t = observation.getKey();
            double value = observation.getValue();
            boolean gap = previous != null && t - previous > rule.maxGap().getSeconds();
            previous = t;
            for (int k = 1; k <= levels; k++) {
                Level candidate = rule.levels().get(k - 1);
                boolean meets = k > level ? rule.raiseWhen().holds(value, candidate.raise())
                        : rule.clearWhen().holds(value, candidate.clear());
                if (!meets) {
                    runStart[k] = none;
                } else if (runStart[k] == none || gap) {
                    runStart[k] = t;
                }
            }
            int next = level;
            for (int k = levels; k > level && next == level; k--) {
                if (runStart[k] != none && t - runStart[k] >= rule.raiseFor().getSeconds()) {
                    next = k;
                }
            }
            if (next == level) {
                for (int k = 1; k <= level && next == level; k++) {
                    if (runStart[k] != none && t - runStart[k] >= rule.clearFor().getSeconds()) {
                        next = k - 1;
                    }
                }
            }
            if (next == level) {
                continue;
            }
            if (level == 0) {
                episodeStart = runStart[1];
                raisedAt = t;
                severities = new ArrayList<>();
            }
            if (next == 0) {
                episodes.add(new Episode(new ExpectedAlert(rule.id(), subject, commune,
                        rule.levels().get(level - 1).severity(), Instant.ofEpochSecond(episodeStart),
                        Instant.ofEpochSecond(raisedAt), Instant.ofEpochSecond(runStart[1])), List.copyOf(severities)));
            } else {
                severities.add(rule.levels().get(next - 1).severity());
            }
            for (int k = Math.min(level, next) + 1; k <= Math.max(level, next); k++) {
                runStart[k] = none; // these levels now watch the other condition, which t does not meet
            }
            level = next;
        }
        if (level > 0) {
            episodes.add(new Episode(new ExpectedAlert(rule.id(), subject, commune,
                    rule.levels().get(level - 1).severity(), Instant.ofEpochSecond(episodeStart),
                    Instant.ofEpochSecond(raisedAt), null), List.copyOf(severities)));
        }
        return episodes;
    }
}
