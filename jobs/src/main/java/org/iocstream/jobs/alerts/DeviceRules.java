package org.iocstream.jobs.alerts;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iocstream.jobs.rollup.BroadcastSchedule;

/**
 * The numbers of the device rules (DOMAIN.md section 6): the condition rules of lamps, cameras and speakers, the
 * camera events that raise {@code camera-event} ({@link CameraEvents}) and the device-offline rule. Lux, watts and
 * durations as named; {@code cameraEvents} are the values of a camera's text reading {@code event} that raise an
 * alert (none: the rule is off); {@code intervals} maps a device kind (ENV, AGR, LGT, CAM, SPK) to its reporting
 * interval, and a kind without one has no offline rule.
 */
public record DeviceRules(
        Duration lampOnByDayFor, double daylightLux,
        Duration lampDarkAtNightFor, double darkLux, double litWatts,
        Duration cameraDownFor, List<String> cameraEvents,
        Duration speakerSilentFor, BroadcastSchedule schedule,
        int offlineMissedIntervals, Map<String, Duration> intervals) implements Serializable {

    /** DOMAIN.md's defaults, which the simulator's alert truth also uses. */
    public static final DeviceRules DEFAULT = new DeviceRules(
            Duration.ofMinutes(15), 2000,
            Duration.ofMinutes(10), 20, 5,
            Duration.ofMinutes(5), List.of("accident", "fire_smoke"),
            Duration.ofMinutes(5), BroadcastSchedule.DEFAULT,
            3, Map.of("ENV", Duration.ofSeconds(60), "AGR", Duration.ofSeconds(300), "LGT", Duration.ofSeconds(60),
                    "CAM", Duration.ofSeconds(10), "SPK", Duration.ofSeconds(60)));

    public DeviceRules {
        requireNotNegative("lamp-on-by-day", lampOnByDayFor);
        requireNotNegative("lamp-dark-at-night", lampDarkAtNightFor);
        requireNotNegative("camera-down", cameraDownFor);
        requireNotNegative("speaker-silent-in-schedule", speakerSilentFor);
        if (cameraEvents == null) {
            throw new IllegalArgumentException("camera-event needs a list of events (it may be empty)");
        }
        cameraEvents = List.copyOf(cameraEvents);
        if (cameraEvents.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("camera-event: an event must not be blank, got " + cameraEvents);
        }
        if (schedule == null) {
            throw new IllegalArgumentException("speaker-silent-in-schedule needs a broadcast schedule");
        }
        if (offlineMissedIntervals < 1) {
            throw new IllegalArgumentException("device-offline: missed-intervals must be at least 1, got "
                    + offlineMissedIntervals);
        }
        intervals = Map.copyOf(intervals);
        intervals.forEach((kind, interval) -> {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("device-offline: the interval of " + kind
                        + " must be more than zero, got " + interval);
            }
        });
    }

    /** Whether a camera's {@code event} reading with this value raises {@code camera-event}. */
    public boolean isAlarming(String cameraEvent) {
        return cameraEvent != null && cameraEvents.contains(cameraEvent);
    }

    /** How long a device of this kind may stay silent before it is offline; empty for a kind without interval. */
    public Optional<Duration> offlineAfter(String kind) {
        Duration interval = kind == null ? null : intervals.get(kind);
        return interval == null ? Optional.empty() : Optional.of(interval.multipliedBy(offlineMissedIntervals));
    }

    private static void requireNotNegative(String rule, Duration duration) {
        if (duration == null || duration.isNegative()) {
            throw new IllegalArgumentException(rule + ": 'for' must be zero or more, got " + duration);
        }
    }
}
