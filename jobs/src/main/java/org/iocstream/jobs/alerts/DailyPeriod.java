package org.iocstream.jobs.alerts;

import java.io.Serializable;
import java.time.LocalTime;
import java.util.List;

/**
 * The severity levels that apply from {@code from} (inclusive) to {@code to} (exclusive) local time, e.g. the
 * QCVN 26 day limits from 06:00 to 21:00. A period may wrap past midnight (21:00 to 06:00); {@code from} equal
 * to {@code to} is the whole day. Levels are ordered from the least to the most severe.
 */
public record DailyPeriod(LocalTime from, LocalTime to, List<SeverityLevel> levels) implements Serializable {

    public DailyPeriod {
        if (from == null || to == null) {
            throw new IllegalArgumentException("a daily period needs a start and an end time");
        }
        if (levels == null || levels.isEmpty()) {
            throw new IllegalArgumentException("a daily period needs at least one severity level");
        }
        levels = List.copyOf(levels);
    }

    public static DailyPeriod allDay(List<SeverityLevel> levels) {
        return new DailyPeriod(LocalTime.MIDNIGHT, LocalTime.MIDNIGHT, levels);
    }

    public boolean isAllDay() {
        return from.equals(to);
    }

    public boolean contains(LocalTime time) {
        if (isAllDay()) {
            return true;
        }
        if (from.isBefore(to)) {
            return !time.isBefore(from) && time.isBefore(to);
        }
        return !time.isBefore(from) || time.isBefore(to);
    }
}
