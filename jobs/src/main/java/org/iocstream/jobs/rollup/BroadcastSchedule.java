package org.iocstream.jobs.rollup;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.iocstream.jobs.window.WindowStats;

/**
 * A commune's daily loudspeaker schedule in local time (Asia/Ho_Chi_Minh, UTC+7, no daylight saving), and which
 * speaker-minutes count towards broadcast coverage.
 */
public record BroadcastSchedule(List<Slot> slots) implements Serializable {

    public static final ZoneId ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    /** DOMAIN.md's default commune schedule, which the simulator follows: 90 minutes a day. */
    public static final BroadcastSchedule DEFAULT = new BroadcastSchedule(List.of(
            new Slot(LocalTime.of(5, 30), LocalTime.of(6, 15)),
            new Slot(LocalTime.of(17, 0), LocalTime.of(17, 45))));

    /** From {@code start} inclusive to {@code end} exclusive, within one day, on whole minutes. */
    public record Slot(LocalTime start, LocalTime end) implements Serializable {
        public Slot {
            if (!start.isBefore(end)) {
                throw new IllegalArgumentException("a slot must start before it ends, got " + start + "-" + end);
            }
            if (!isWholeMinute(start) || !isWholeMinute(end)) {
                throw new IllegalArgumentException("a slot starts and ends on whole minutes, got " + start + "-" + end);
            }
        }

        private static boolean isWholeMinute(LocalTime time) {
            return time.equals(time.truncatedTo(ChronoUnit.MINUTES));
        }

        long minutes() {
            return ChronoUnit.MINUTES.between(start, end);
        }

        boolean contains(LocalTime time) {
            return !time.isBefore(start) && time.isBefore(end);
        }
    }

    public BroadcastSchedule {
        slots = List.copyOf(slots);
        for (int i = 0; i < slots.size(); i++) {
            for (int j = i + 1; j < slots.size(); j++) {
                Slot a = slots.get(i);
                Slot b = slots.get(j);
                if (a.start().isBefore(b.end()) && b.start().isBefore(a.end())) {
                    throw new IllegalArgumentException("slots " + a + " and " + b + " overlap");
                }
            }
        }
    }

    /** Minutes per day and per speaker that should be broadcast. */
    public long scheduledMinutesPerDay() {
        return slots.stream().mapToLong(Slot::minutes).sum();
    }

    /**
     * Scheduled minutes per speaker from local midnight up to {@code sinceMidnight} later (whole minutes before
     * it; a day has no daylight saving here, so this is also the local time of day). 0 at midnight,
     * {@link #scheduledMinutesPerDay()} from the end of the last slot on; more than a day counts as a day.
     */
    public long scheduledMinutesBefore(Duration sinceMidnight) {
        if (sinceMidnight.isNegative()) {
            throw new IllegalArgumentException("need a time at or after midnight, got " + sinceMidnight);
        }
        long elapsed = Math.min(sinceMidnight.toMinutes(), Duration.ofDays(1).toMinutes());
        long scheduled = 0;
        for (Slot slot : slots) {
            long start = slot.start().toSecondOfDay() / 60;
            long end = slot.end().toSecondOfDay() / 60;
            scheduled += Math.max(0, Math.min(end, elapsed) - start);
        }
        return scheduled;
    }

    /** Whether the minute that starts at {@code minuteStart} lies in a slot, in the province's local time. */
    public boolean isScheduled(Instant minuteStart) {
        LocalTime local = LocalTime.ofInstant(minuteStart, ZONE);
        return slots.stream().anyMatch(slot -> slot.contains(local));
    }

    /**
     * Whether a speaker broadcast in a minute, from its 1-minute {@code broadcasting} window: any report of 1
     * counts, since a speaker also reports on change and a slot that starts a few seconds late still went out.
     */
    public static boolean isBroadcasting(WindowStats broadcasting) {
        return !broadcasting.isEmpty() && broadcasting.max >= 1;
    }
}
