package org.iocstream.jobs.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.iocstream.schemas.Severity;

/**
 * Reads {@link AlertRules} from YAML (the format is in this module's README). Durations are whole seconds,
 * minutes or hours ({@code 90s}, {@code 15m}, {@code 1h}); times of day are {@code HH:mm}. An unknown
 * field is an error, and every error names the rule it is in.
 */
public final class AlertRulesFile {

    /** The defaults of DOMAIN.md section 6, on the classpath beside this class. */
    public static final String DEFAULTS_RESOURCE = "default-alert-rules.yaml";

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern DURATION = Pattern.compile("(\\d+)(s|m|h)");
    private static final String DEFAULT_ZONE = "Asia/Ho_Chi_Minh";
    private static final Set<String> TOP_FIELDS = Set.of("zone", "rules", "device-rules", "storm",
            "gateway-offline");
    private static final Set<String> RULE_FIELDS = Set.of("id", "metric", "unit", "subjects", "raise-when",
            "clear-when", "raise-for", "clear-for", "max-gap", "levels", "periods");
    private static final Set<String> LEVEL_FIELDS = Set.of("severity", "raise", "clear");
    private static final Set<String> PERIOD_FIELDS = Set.of("from", "to", "levels");
    private static final Set<String> DEVICE_RULE_FIELDS = Set.of("lamp-on-by-day", "lamp-dark-at-night",
            "camera-down", "camera-event", "speaker-silent-in-schedule", "device-offline");
    private static final Set<String> STORM_FIELDS = Set.of("max-subjects", "window");
    private static final Set<String> GATEWAY_OFFLINE_FIELDS = Set.of("silence", "protocols");

    private AlertRulesFile() {
    }

    public static AlertRules defaults() {
        try (InputStream in = AlertRulesFile.class.getResourceAsStream(DEFAULTS_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS_RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static AlertRules read(Path file) throws IOException {
        try {
            return parse(Files.readString(file));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    public static AlertRules parse(String yaml) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("an alert rules file is a map with 'rules' (and 'zone', 'device-rules', 'storm', 'gateway-offline')");
        }
        requireOnly(root, TOP_FIELDS, "the file");
        ZoneId zone = zone(root.path("zone").asText(DEFAULT_ZONE));
        JsonNode list = root.path("rules");
        if (!list.isArray()) {
            throw new IllegalArgumentException("'rules' must be a list");
        }
        List<ThresholdRule> rules = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            JsonNode node = list.get(i);
            String where = "rule " + (i + 1) + " (" + node.path("id").asText("no id") + ")";
            try {
                rules.add(rule(node, zone));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        DeviceRules devices;
        try {
            devices = deviceRules(root.path("device-rules"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'device-rules': " + e.getMessage(), e);
        }
        return new AlertRules(rules, devices, storm(root.path("storm")), gatewaySilence(root.path("gateway-offline")));
    }

    private static ThresholdRule rule(JsonNode node, ZoneId zone) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("a rule is a map");
        }
        requireOnly(node, RULE_FIELDS, "a rule");
        List<DailyPeriod> periods = new ArrayList<>();
        if (node.has("levels") == node.has("periods")) {
            throw new IllegalArgumentException("a rule has either 'levels' (all day) or 'periods', not both or none");
        }
        if (node.has("levels")) {
            periods.add(DailyPeriod.allDay(levels(node.get("levels"))));
        } else {
            for (JsonNode period : list(node, "periods")) {
                requireOnly(period, PERIOD_FIELDS, "a period");
                periods.add(new DailyPeriod(timeOfDay(required(period, "from")), timeOfDay(required(period, "to")),
                        levels(period.path("levels"))));
            }
        }
        Set<String> subjects = new LinkedHashSet<>();
        if (node.has("subjects")) {
            list(node, "subjects").forEach(subject -> subjects.add(subject.asText()));
        }
        return new ThresholdRule(required(node, "id"), required(node, "metric"), node.path("unit").asText(""),
                subjects, comparison(required(node, "raise-when")), comparison(required(node, "clear-when")),
                duration(required(node, "raise-for")), duration(required(node, "clear-for")),
                duration(required(node, "max-gap")), zone, periods);
    }

    private static List<SeverityLevel> levels(JsonNode list) {
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("'levels' must be a non-empty list");
        }
        List<SeverityLevel> levels = new ArrayList<>();
        for (JsonNode level : list) {
            requireOnly(level, LEVEL_FIELDS, "a level");
            levels.add(new SeverityLevel(severity(required(level, "severity")), number(level, "raise"),
                    number(level, "clear")));
        }
        return levels;
    }

    /** Each rule of the section is optional, and so is each of its numbers: what is left out keeps its default. */
    private static DeviceRules deviceRules(JsonNode node) {
        DeviceRules d = DeviceRules.DEFAULT;
        if (node.isMissingNode()) {
            return d;
        }
        requireOnly(node, DEVICE_RULE_FIELDS, "'device-rules'");
        JsonNode byDay = section(node, "lamp-on-by-day", Set.of("for", "ambient-above"));
        JsonNode atNight = section(node, "lamp-dark-at-night", Set.of("for", "ambient-below", "power-below"));
        JsonNode camera = section(node, "camera-down", Set.of("for"));
        JsonNode cameraEvent = section(node, "camera-event", Set.of("events"));
        JsonNode speaker = section(node, "speaker-silent-in-schedule", Set.of("for"));
        JsonNode offline = section(node, "device-offline", Set.of("missed-intervals", "intervals"));
        Map<String, Duration> intervals = d.intervals();
        if (offline.has("intervals")) {
            JsonNode byKind = offline.get("intervals");
            if (!byKind.isObject()) {
                throw new IllegalArgumentException("device-offline: 'intervals' is a map of kind to duration");
            }
            intervals = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> kinds = byKind.fields(); kinds.hasNext(); ) {
                Map.Entry<String, JsonNode> kind = kinds.next();
                intervals.put(kind.getKey(), duration(kind.getValue().asText()));
            }
        }
        return new DeviceRules(
                durationOr(byDay, "for", d.lampOnByDayFor()), numberOr(byDay, "ambient-above", d.daylightLux()),
                durationOr(atNight, "for", d.lampDarkAtNightFor()), numberOr(atNight, "ambient-below", d.darkLux()),
                numberOr(atNight, "power-below", d.litWatts()),
                durationOr(camera, "for", d.cameraDownFor()), cameraEvents(cameraEvent, d.cameraEvents()),
                durationOr(speaker, "for", d.speakerSilentFor()), d.schedule(),
                missedIntervals(offline, d.offlineMissedIntervals()), intervals);
    }

    private static List<String> cameraEvents(JsonNode cameraEvent, List<String> otherwise) {
        if (!cameraEvent.has("events")) {
            return otherwise;
        }
        List<String> events = new ArrayList<>();
        for (JsonNode event : list(cameraEvent, "events")) {
            if (!event.isTextual() || event.asText().isBlank()) {
                throw new IllegalArgumentException("camera-event: an event is a word such as accident, got '"
                        + event.asText() + "'");
            }
            events.add(event.asText());
        }
        return events;
    }

    private static int missedIntervals(JsonNode offline, int otherwise) {
        if (!offline.has("missed-intervals")) {
            return otherwise;
        }
        JsonNode value = offline.get("missed-intervals");
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new IllegalArgumentException("device-offline: 'missed-intervals' must be a whole number, got '"
                    + value.asText() + "'");
        }
        return value.asInt();
    }

    private static JsonNode section(JsonNode node, String rule, Set<String> fields) {
        JsonNode section = node.path(rule);
        if (!section.isMissingNode()) {
            requireOnly(section, fields, rule);
        }
        return section;
    }

    private static Duration durationOr(JsonNode node, String field, Duration otherwise) {
        return node.has(field) ? duration(node.get(field).asText()) : otherwise;
    }

    private static double numberOr(JsonNode node, String field, double otherwise) {
        return node.has(field) ? number(node, field) : otherwise;
    }

    private static StormPolicy storm(JsonNode node) {
        if (node.isMissingNode()) {
            return StormPolicy.DEFAULT;
        }
        requireOnly(node, STORM_FIELDS, "'storm'");
        int maxSubjects = node.has("max-subjects") ? (int) number(node, "max-subjects")
                : StormPolicy.DEFAULT.maxSubjects();
        Duration window = node.has("window") ? duration(node.get("window").asText())
                : StormPolicy.DEFAULT.window();
        return new StormPolicy(maxSubjects, window);
    }

    private static GatewaySilence gatewaySilence(JsonNode node) {
        if (node.isMissingNode()) {
            return GatewaySilence.DEFAULT;
        }
        requireOnly(node, GATEWAY_OFFLINE_FIELDS, "'gateway-offline'");
        Set<String> protocols = GatewaySilence.DEFAULT.protocols();
        if (node.has("protocols")) {
            protocols = new LinkedHashSet<>();
            for (JsonNode protocol : list(node, "protocols")) {
                protocols.add(protocol.asText());
            }
        }
        return new GatewaySilence(durationOr(node, "silence", GatewaySilence.DEFAULT.silence()), protocols);
    }

    private static Iterable<JsonNode> list(JsonNode node, String field) {
        JsonNode list = node.path(field);
        if (!list.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be a list");
        }
        return list;
    }

    private static String required(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isValueNode() || value.asText().isBlank()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value.asText();
    }

    private static double number(JsonNode node, String field) {
        JsonNode value = node.path(field);
        if (!value.isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number, got '" + value.asText() + "'");
        }
        return value.asDouble();
    }

    private static Comparison comparison(String text) {
        try {
            return Comparison.valueOf(text.toUpperCase(Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a comparison is at-least, above, at-most or below, got '" + text
                    + "'", e);
        }
    }

    private static Severity severity(String text) {
        try {
            return Severity.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a severity is CRITICAL, MAJOR, MINOR or WARNING, got '" + text + "'",
                    e);
        }
    }

    private static Duration duration(String text) {
        Matcher m = DURATION.matcher(text);
        if (!m.matches()) {
            throw new IllegalArgumentException("a duration is whole seconds, minutes or hours (90s, 15m, 1h), got '"
                    + text + "'");
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    private static LocalTime timeOfDay(String text) {
        try {
            return LocalTime.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("a time of day is HH:mm, got '" + text + "'", e);
        }
    }

    private static ZoneId zone(String text) {
        try {
            return ZoneId.of(text);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("unknown time zone '" + text + "'", e);
        }
    }

    private static void requireOnly(JsonNode node, Set<String> allowed, String what) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(what + " must be a map");
        }
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException(what + " has an unknown field '" + name + "'; allowed: "
                        + new TreeSet<>(allowed));
            }
        }
    }
}
