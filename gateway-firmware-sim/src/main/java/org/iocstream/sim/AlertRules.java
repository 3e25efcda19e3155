package org.iocstream.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;

/**
 * The alert episodes DOMAIN.md's default rules give for what a device delivered, evaluated in event time with
 * plain loops: the truth side of the alerting job, not its implementation. A condition rule raises at the
 * first report at which its condition has held at every delivered report for its minimum duration, and clears
 * at the first delivered report at which it no longer holds. Device offline raises when a field device (not a
 * gateway's own telemetry) has sent nothing for three of its intervals and clears with its next reading; gateway offline raises when the gateway
 * is cut off (its Last Will) and clears when it is back. A camera event ({@code accident} or {@code fire_smoke})
 * is a MAJOR episode of its own from the delivered reading, raised at once; only an operator's acknowledgement
 * clears it, which the truth never gives, so it stays active.
 */
final class AlertRules {

    static final String MINOR = "MINOR";
    static final String MAJOR = "MAJOR";

    /** The values of a camera's {@code event} reading that raise {@code camera-event}. */
    static final Set<String> CAMERA_EVENTS = Set.of("accident", "fire_smoke");

    private static final double DAYLIGHT_LUX = 2000;
    private static final double DARK_LUX = 20;
    private static final double LIT_WATTS = 5;

    private AlertRules() {
    }

    /** A rule on one device's report: which kind it watches, what must hold and for how long. */
    enum DeviceRule {
        LAMP_ON_BY_DAY("lamp-on-by-day", DeviceKind.LGT, Duration.ofMinutes(15)),
        LAMP_DARK_AT_NIGHT("lamp-dark-at-night", DeviceKind.LGT, Duration.ofMinutes(10)),
        CAMERA_DOWN("camera-down", DeviceKind.CAM, Duration.ofMinutes(5)),
        SPEAKER_SILENT("speaker-silent-in-schedule", DeviceKind.SPK, Duration.ofMinutes(5));

        final String name;
        final DeviceKind kind;
        final Duration minimum;

        DeviceRule(String name, DeviceKind kind, Duration minimum) {
            this.name = name;
            this.kind = kind;
            this.minimum = minimum;
        }

        boolean holds(Map<String, Double> report, long t) {
            return switch (this) {
                case LAMP_ON_BY_DAY -> report.get("lamp_on") == 1 && report.get("ambient_light") > DAYLIGHT_LUX;
                case LAMP_DARK_AT_NIGHT -> (report.get("lamp_on") == 0 || report.get("power") < LIT_WATTS)
                        && report.get("ambient_light") < DARK_LUX;
                case CAMERA_DOWN -> report.get("online") == 0 || report.get("bitrate") == 0;
                case SPEAKER_SILENT -> report.get("online") == 1 && report.get("broadcasting") == 0
                        && SpeakerSignals.scheduled(t);
            };
        }
    }

    /** The metrics the device rules read, by kind. */
    static final Map<DeviceKind, List<String>> WATCHED = Map.of(
            DeviceKind.LGT, List.of("lamp_on", "ambient_light", "power"),
            DeviceKind.CAM, List.of("online", "bitrate"),
            DeviceKind.SPK, List.of("online", "broadcasting"));

    /**
     * The episodes of every rule for one device, over its delivered reports (the watched metrics of each, by
     * report time) in [spanStart, spanEnd).
     */
    static List<ExpectedAlert> deviceEpisodes(Device device, NavigableMap<Long, Map<String, Double>> reports,
            long spanStart, long spanEnd) {
        List<ExpectedAlert> episodes = new ArrayList<>();
        for (DeviceRule rule : DeviceRule.values()) {
            if (rule.kind != device.kind()) {
                continue;
            }
            Long since = null;
            Long raised = null;
            for (Map.Entry<Long, Map<String, Double>> report : reports.entrySet()) {
                long t = report.getKey();
                if (rule.holds(report.getValue(), t)) {
                    since = since == null ? t : since;
                    if (raised == null && t - since >= rule.minimum.getSeconds()) {
                        raised = t;
                    }
                } else {
                    if (raised != null) {
                        episodes.add(episode(rule.name, device, MINOR, since, raised, t));
                    }
                    since = null;
                    raised = null;
                }
            }
            if (raised != null) {
                episodes.add(episode(rule.name, device, MINOR, since, raised, null));
            }
        }
        if (device.kind() != DeviceKind.GTW) { // a gateway's silence is the gateway-offline rule's
            episodes.addAll(offline(device, reports.navigableKeySet(), spanStart, spanEnd));
        }
        return episodes;
    }

    /**
     * Silences longer than three intervals: from the start of the span (as if the device was last heard then)
     * to the first reading, between readings, and from the last reading to the end of the span.
     */
    private static List<ExpectedAlert> offline(Device device, NavigableSet<Long> times, long spanStart,
            long spanEnd) {
        List<ExpectedAlert> episodes = new ArrayList<>();
        long limit = 3L * device.kind().intervalSeconds();
        long last = spanStart;
        for (Long next : times) {
            if (next - last > limit) {
                episodes.add(episode("device-offline", device, MINOR, last, last + limit, next));
            }
            last = Math.max(last, next);
        }
        if (spanEnd - last > limit) {
            episodes.add(episode("device-offline", device, MINOR, last, last + limit, null));
        }
        return episodes;
    }

    /**
     * The {@code camera-event} episode of a delivered {@code event} reading, or null for an event that raises none
     * (congestion, crowd, intrusion) or a reading of another metric.
     */
    static ExpectedAlert cameraEvent(Reading reading) {
        Device device = reading.device();
        if (device.kind() != DeviceKind.CAM || !reading.metric().name().equals("event")
                || !CAMERA_EVENTS.contains(reading.text())) {
            return null;
        }
        return new ExpectedAlert("camera-event", device.id(), device.commune().code(), MAJOR, reading.time(),
                reading.time(), null);
    }

    static ExpectedAlert gatewayOffline(Gateway gateway, long cutOff, Long restored) {
        Instant since = Instant.ofEpochSecond(cutOff);
        return new ExpectedAlert("gateway-offline", gateway.identity(), gateway.commune().code(), MAJOR, since, since,
                restored == null ? null : Instant.ofEpochSecond(restored));
    }

    private static ExpectedAlert episode(String rule, Device device, String severity, long since, long raised,
            Long cleared) {
        return new ExpectedAlert(rule, device.id(), device.commune().code(), severity, Instant.ofEpochSecond(since),
                Instant.ofEpochSecond(raised), cleared == null ? null : Instant.ofEpochSecond(cleared));
    }
}
