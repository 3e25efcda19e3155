package org.iocstream.jobs.alerts;

import java.util.Map;
import java.util.Optional;

/**
 * DOMAIN.md section 6's camera event rule, {@value #RULE} (MAJOR): a camera's text reading {@value #METRIC} with one
 * of the values of {@link DeviceRules#cameraEvents()} (by default {@code accident} and {@code fire_smoke}) raises an
 * alert whose episode starts at the reading's time, with the camera as its subject. Each such reading is an episode
 * of its own, so two events of one camera at different times are two alerts. Nothing in the data clears it: an
 * operator's acknowledgement does ({@link Acknowledging}), at the acknowledgement's time.
 */
public final class CameraEvents {

    public static final String RULE = "camera-event";
    /** The text metric the camera's analytics report an event in. */
    public static final String METRIC = "event";
    /** The device kind whose {@value #METRIC} readings the rule watches. */
    public static final String KIND = "CAM";

    private CameraEvents() {
    }

    /**
     * The event that raises an alert at a device's report, if any.
     *
     * @param kind the device's kind (null when its gateway announced none: then nothing)
     * @param texts the report's text readings, by metric
     */
    public static Optional<String> alarming(DeviceRules rules, String kind, Map<String, String> texts) {
        String event = texts.get(METRIC);
        return KIND.equals(kind) && rules.isAlarming(event) ? Optional.of(event) : Optional.empty();
    }

    /** Whether an alert of this rule clears when an operator acknowledges it: only {@value #RULE}'s do. */
    public static boolean clearsOnAcknowledgement(String rule) {
        return RULE.equals(rule);
    }
}
