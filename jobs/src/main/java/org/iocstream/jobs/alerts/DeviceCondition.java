package org.iocstream.jobs.alerts;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A condition on one device's report (its readings at one time) that raises a MINOR alert once it has held at
 * every report for the rule's minimum duration: DOMAIN.md section 6's lamp, camera and speaker rules. The rule
 * ids are those of the alert ids and of the simulator's alert truth.
 */
public enum DeviceCondition {

    /** A lamp burning by day: {@code lamp_on} = 1 and {@code ambient_light} above the daylight level. */
    LAMP_ON_BY_DAY("lamp-on-by-day", "LGT", List.of("lamp_on", "ambient_light")),
    /** A lamp dark at night: {@code lamp_on} = 0 or {@code power} below the lit level, while ambient is dark. */
    LAMP_DARK_AT_NIGHT("lamp-dark-at-night", "LGT", List.of("lamp_on", "power", "ambient_light")),
    /** A camera without a stream: {@code online} = 0 or {@code bitrate} = 0. */
    CAMERA_DOWN("camera-down", "CAM", List.of("online", "bitrate")),
    /** A speaker online but not broadcasting during a slot of the broadcast schedule. */
    SPEAKER_SILENT_IN_SCHEDULE("speaker-silent-in-schedule", "SPK", List.of("online", "broadcasting"));

    private final String id;
    private final String kind;
    private final List<String> metrics;

    DeviceCondition(String id, String kind, List<String> metrics) {
        this.id = id;
        this.kind = kind;
        this.metrics = metrics;
    }

    public String id() {
        return id;
    }

    /** The device kind it watches (ENV, AGR, LGT, CAM, SPK). */
    public String kind() {
        return kind;
    }

    /** The metrics a report needs for the condition to be decided. */
    public List<String> metrics() {
        return metrics;
    }

    /** The conditions of a device kind, in declaration order; none for null or another kind. */
    public static List<DeviceCondition> of(String kind) {
        return Arrays.stream(values()).filter(c -> c.kind.equals(kind)).toList();
    }

    public Duration minimum(DeviceRules rules) {
        return switch (this) {
            case LAMP_ON_BY_DAY -> rules.lampOnByDayFor();
            case LAMP_DARK_AT_NIGHT -> rules.lampDarkAtNightFor();
            case CAMERA_DOWN -> rules.cameraDownFor();
            case SPEAKER_SILENT_IN_SCHEDULE -> rules.speakerSilentFor();
        };
    }

    /**
     * Whether the condition holds for a report at {@code time} (epoch ms). A report must have every metric in
     * {@link #metrics()}; {@link DeviceConditionEvaluator} skips those that do not.
     */
    public boolean holds(DeviceRules rules, Map<String, Double> report, long time) {
        return switch (this) {
            case LAMP_ON_BY_DAY -> report.get("lamp_on") == 1 && report.get("ambient_light") > rules.daylightLux();
            case LAMP_DARK_AT_NIGHT -> (report.get("lamp_on") == 0 || report.get("power") < rules.litWatts())
                    && report.get("ambient_light") < rules.darkLux();
            case CAMERA_DOWN -> report.get("online") == 0 || report.get("bitrate") == 0;
            case SPEAKER_SILENT_IN_SCHEDULE -> report.get("online") == 1 && report.get("broadcasting") == 0
                    && rules.schedule().isScheduled(Instant.ofEpochMilli(time));
        };
    }

    /** The reading an operator compares with {@link #threshold}: ambient light for the lamp rules, else none. */
    public Double value(Map<String, Double> report) {
        return this == LAMP_ON_BY_DAY || this == LAMP_DARK_AT_NIGHT ? report.get("ambient_light") : null;
    }

    /** The ambient light limit of the lamp rules (lx); null for the others, which have no single threshold. */
    public Double threshold(DeviceRules rules) {
        return switch (this) {
            case LAMP_ON_BY_DAY -> rules.daylightLux();
            case LAMP_DARK_AT_NIGHT -> rules.darkLux();
            case CAMERA_DOWN, SPEAKER_SILENT_IN_SCHEDULE -> null;
        };
    }
}
