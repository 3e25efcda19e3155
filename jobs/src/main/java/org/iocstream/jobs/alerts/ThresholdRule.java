package org.iocstream.jobs.alerts;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.iocstream.schemas.Severity;

/**
 * A threshold rule with hysteresis and minimum durations, for one metric. A severity level is reached when the
 * value has met its raise condition for {@code raiseFor} and left when it has met its clear condition for
 * {@code clearFor}; the raise and clear regions of a level never overlap, so a value between the two thresholds
 * changes nothing. Observations further apart than {@code maxGap} are a gap, which counts toward neither duration.
 *
 * <p>Thresholds may depend on the local time of day in {@code zone} (noise: day and night limits); every period
 * has the same severities. A rule with {@code subjects} applies only to them and, for them, replaces the rule of
 * the same id without subjects (e.g. flood levels per station, special-area noise limits).
 */
public record ThresholdRule(
        String id,
        String metric,
        String unit,
        Set<String> subjects,
        Comparison raiseWhen,
        Comparison clearWhen,
        Duration raiseFor,
        Duration clearFor,
        Duration maxGap,
        ZoneId zone,
        List<DailyPeriod> periods) implements Serializable {

    // no ':' or '@' so that an alert id (rule:subject@start) reads back unambiguously
    private static final Pattern ID = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    public ThresholdRule {
        if (id == null || !ID.matcher(id).matches()) {
            throw new IllegalArgumentException("a rule id is lower-case letters, digits, '-' and '_', got '" + id + "'");
        }
        if (metric == null || metric.isBlank()) {
            throw new IllegalArgumentException(id + ": a rule needs a metric");
        }
        unit = unit == null ? "" : unit;
        subjects = subjects == null ? Set.of() : Set.copyOf(subjects);
        if (raiseWhen == null || clearWhen == null || raiseWhen.isUpward() == clearWhen.isUpward()) {
            throw new IllegalArgumentException(id + ": the raise and clear comparisons must point in opposite"
                    + " directions, got " + raiseWhen + " and " + clearWhen);
        }
        if (raiseFor == null || raiseFor.isNegative() || clearFor == null || clearFor.isNegative()) {
            throw new IllegalArgumentException(id + ": raise-for and clear-for must be zero or more");
        }
        if (maxGap == null || maxGap.isNegative() || maxGap.isZero()) {
            throw new IllegalArgumentException(id + ": max-gap must be more than zero");
        }
        if (zone == null) {
            throw new IllegalArgumentException(id + ": a rule needs a time zone");
        }
        if (periods == null || periods.isEmpty()) {
            throw new IllegalArgumentException(id + ": a rule needs at least one period of severity levels");
        }
        periods = List.copyOf(periods);
        requireWholeDay(id, periods);
        List<Severity> severities = severities(periods.get(0));
        for (DailyPeriod period : periods) {
            if (!severities(period).equals(severities)) {
                throw new IllegalArgumentException(id + ": every period must have the severities " + severities
                        + ", the period from " + period.from() + " has " + severities(period));
            }
            requireOrderedLevels(id, raiseWhen, clearWhen, period.levels());
        }
    }

    /** A rule whose thresholds are the same all day. */
    public static ThresholdRule allDay(String id, String metric, String unit, Comparison raiseWhen,
            Comparison clearWhen, Duration raiseFor, Duration clearFor, Duration maxGap, List<SeverityLevel> levels) {
        return new ThresholdRule(id, metric, unit, Set.of(), raiseWhen, clearWhen, raiseFor, clearFor, maxGap,
                ZoneId.of("Asia/Ho_Chi_Minh"), List.of(DailyPeriod.allDay(levels)));
    }

    public int levelCount() {
        return periods.get(0).levels().size();
    }

    /** The severity levels in force at this event time (epoch ms), least severe first. */
    public List<SeverityLevel> levelsAt(long time) {
        LocalTime local = LocalTime.ofInstant(Instant.ofEpochMilli(time), zone);
        for (DailyPeriod period : periods) {
            if (period.contains(local)) {
                return period.levels();
            }
        }
        throw new IllegalStateException(id + ": no period contains " + local);
    }

    private static List<Severity> severities(DailyPeriod period) {
        return period.levels().stream().map(SeverityLevel::severity).toList();
    }

    private static void requireWholeDay(String id, List<DailyPeriod> periods) {
        if (periods.size() == 1 && periods.get(0).isAllDay()) {
            return;
        }
        List<DailyPeriod> byStart = new ArrayList<>(periods);
        byStart.sort(Comparator.comparing(DailyPeriod::from));
        for (int i = 0; i < byStart.size(); i++) {
            DailyPeriod period = byStart.get(i);
            DailyPeriod next = byStart.get((i + 1) % byStart.size());
            if (period.isAllDay() || !period.to().equals(next.from())) {
                throw new IllegalArgumentException(id + ": the periods must cover the day once, end to start;"
                        + " the period from " + period.from() + " to " + period.to() + " is followed by one from "
                        + next.from());
            }
        }
    }

    private static void requireOrderedLevels(String id, Comparison raiseWhen, Comparison clearWhen,
            List<SeverityLevel> levels) {
        // the sign turns "larger" into "worse" for a rule that raises on low values
        double worse = raiseWhen.isUpward() ? 1 : -1;
        for (int i = 0; i < levels.size(); i++) {
            SeverityLevel level = levels.get(i);
            double gap = worse * (level.raise() - level.clear());
            if (gap < 0 || (gap == 0 && raiseWhen.isInclusive() && clearWhen.isInclusive())) {
                throw new IllegalArgumentException(id + ": " + level.severity() + " raises at " + raiseWhen.symbol()
                        + " " + level.raise() + " and clears at " + clearWhen.symbol() + " " + level.clear()
                        + "; a value must not meet both");
            }
            if (i == 0) {
                continue;
            }
            SeverityLevel lower = levels.get(i - 1);
            if (!SeverityOrder.isMoreSevere(level.severity(), lower.severity())) {
                throw new IllegalArgumentException(id + ": levels go from the least to the most severe, "
                        + level.severity() + " follows " + lower.severity());
            }
            if (worse * (level.raise() - lower.raise()) <= 0 || worse * (level.clear() - lower.clear()) < 0) {
                throw new IllegalArgumentException(id + ": " + level.severity() + " must raise beyond " + lower.severity()
                        + " (" + level.raise() + " vs " + lower.raise() + ") and clear no nearer to normal ("
                        + level.clear() + " vs " + lower.clear() + ")");
            }
        }
    }
}
