package org.iocstream.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a scenario from YAML (the format is in this module's README). Times are ISO-8601 instants or offsets
 * from the run's start such as {@code +5m}; durations are whole seconds, minutes or hours ({@code 90s},
 * {@code 10m}, {@code 1h}). Every mistake is reported with the fault's position and field.
 */
public final class ScenarioFile {

    private static final YAMLMapper YAML = new YAMLMapper();
    private static final Pattern DURATION = Pattern.compile("(-?)(\\d+)(s|m|h)");
    private static final Set<String> FAULT_FIELDS = Set.of("fault", "at", "for", "where", "rate", "skew",
            "store-and-forward", "factor", "rise");
    private static final Set<String> WHERE_FIELDS = Set.of("communes", "gateways", "devices", "kinds", "share");

    private ScenarioFile() {
    }

    /** The scenario in this file, with relative times counted from {@code start}. */
    public static Scenario read(Path file, Instant start) throws IOException {
        String text = Files.readString(file);
        try {
            return parse(text, start);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
        }
    }

    /** The scenario in this YAML text, with relative times counted from {@code start}. */
    public static Scenario parse(String yaml, Instant start) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not valid YAML: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("a scenario is a map with 'name' and 'faults'");
        }
        requireOnly(root, Set.of("name", "faults"), "the scenario");
        String name = root.path("name").asText("unnamed");
        List<Fault> faults = new ArrayList<>();
        JsonNode list = root.path("faults");
        if (!list.isMissingNode() && !list.isArray()) {
            throw new IllegalArgumentException("'faults' must be a list");
        }
        for (int i = 0; i < list.size(); i++) {
            String where = "fault " + (i + 1);
            try {
                faults.add(fault(list.get(i), start, where));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        return new Scenario(name, faults);
    }

    /**
     * A fault from a command-line spec {@code type:key=value,key=value,...}, with the keys of a scenario file's
     * fault and of its {@code where} side by side, and list items separated by {@code ;}; e.g.
     * {@code gateway-offline:at=+5m,for=10m,gateways=16681/gw-01,store-and-forward=true}.
     */
    public static Fault fault(String spec, Instant start) {
        String where = "--fault '" + spec + "'";
        int colon = spec.indexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException(where + ": expected type:key=value,..., e.g. duplicate:at=+0s,for=1h");
        }
        ObjectNode fault = YAML.createObjectNode().put("fault", spec.substring(0, colon));
        ObjectNode selection = YAML.createObjectNode();
        for (String pair : spec.substring(colon + 1).split(",")) {
            int equals = pair.indexOf('=');
            if (equals <= 0) {
                throw new IllegalArgumentException(where + ": '" + pair + "' is not key=value");
            }
            String key = pair.substring(0, equals).trim();
            String value = pair.substring(equals + 1).trim();
            if (key.equals("share")) {
                selection.put(key, Double.parseDouble(value));
            } else if (WHERE_FIELDS.contains(key)) {
                ArrayNode items = selection.putArray(key);
                Arrays.stream(value.split(";")).map(String::trim).forEach(items::add);
            } else if (key.equals("rate") || key.equals("factor") || key.equals("rise")) {
                fault.put(key, Double.parseDouble(value));
            } else if (key.equals("store-and-forward")) {
                fault.put(key, Boolean.parseBoolean(value));
            } else {
                fault.put(key, value);
            }
        }
        if (!selection.isEmpty()) {
            fault.set("where", selection);
        }
        try {
            return fault(fault, start, where);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
        }
    }

    /** A duration such as {@code 90s}, {@code 10m}, {@code 1h} or {@code -30s}. */
    public static Duration duration(String text) {
        Matcher matcher = DURATION.matcher(text.trim());
        if (!matcher.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a duration like 90s, 10m or 1h");
        }
        long amount = Long.parseLong(matcher.group(2));
        Duration unit = switch (matcher.group(3)) {
            case "s" -> Duration.ofSeconds(1);
            case "m" -> Duration.ofMinutes(1);
            default -> Duration.ofHours(1);
        };
        Duration duration = unit.multipliedBy(amount);
        return matcher.group(1).isEmpty() ? duration : duration.negated();
    }

    private static Fault fault(JsonNode node, Instant start, String where) {
        if (!node.isObject()) {
            throw new IllegalArgumentException("a fault is a map with 'fault', 'at', 'for' and its parameters");
        }
        requireOnly(node, FAULT_FIELDS, where);
        FaultType type = FaultType.ofFileName(required(node, "fault").asText());
        Instant at = instant(required(node, "at").asText(), start);
        Duration duration = duration(required(node, "for").asText());
        double rate = node.has("rate") ? number(node.get("rate"), "rate") : 1.0;
        Duration skew = node.has("skew") ? duration(node.get("skew").asText()) : Duration.ZERO;
        if (type == FaultType.CLOCK_SKEW && skew.isZero()) {
            throw new IllegalArgumentException("clock-skew needs a non-zero 'skew', e.g. skew: 90s");
        }
        if (type != FaultType.CLOCK_SKEW && node.has("skew")) {
            throw new IllegalArgumentException("'skew' applies to clock-skew only");
        }
        if (type != FaultType.GATEWAY_OFFLINE && node.has("store-and-forward")) {
            throw new IllegalArgumentException("'store-and-forward' applies to gateway-offline only");
        }
        boolean storeAndForward = node.path("store-and-forward").asBoolean(false);
        String magnitudeField = switch (type) {
            case POLLUTION_EPISODE -> "factor";
            case FLOOD_RISE -> "rise";
            default -> null;
        };
        for (String field : List.of("factor", "rise")) {
            if (node.has(field) && !field.equals(magnitudeField)) {
                throw new IllegalArgumentException("'" + field + "' applies to "
                        + (field.equals("factor") ? "pollution-episode" : "flood-rise") + " only");
            }
        }
        double magnitude = magnitudeField != null && node.has(magnitudeField)
                ? number(node.get(magnitudeField), magnitudeField) : Fault.defaultMagnitude(type);
        return new Fault(type, at, duration, selection(node.path("where"), where), rate, skew, storeAndForward,
                magnitude);
    }

    private static Selection selection(JsonNode node, String where) {
        if (node.isMissingNode()) {
            return Selection.EVERYWHERE;
        }
        if (!node.isObject()) {
            throw new IllegalArgumentException("'where' is a map of communes, gateways, devices, kinds and share");
        }
        requireOnly(node, WHERE_FIELDS, where + " 'where'");
        double share = node.has("share") ? number(node.get("share"), "share") : 1.0;
        return new Selection(strings(node, "communes", s -> s), strings(node, "gateways", s -> s),
                strings(node, "devices", s -> s),
                strings(node, "kinds", s -> DeviceKind.valueOf(s.toUpperCase(Locale.ROOT))), share);
    }

    private static <T> Set<T> strings(JsonNode node, String field, Function<String, T> parse) {
        JsonNode list = node.path(field);
        if (list.isMissingNode()) {
            return Set.of();
        }
        if (!list.isArray()) {
            throw new IllegalArgumentException("'" + field + "' must be a list, e.g. [" + field + "-1, " + field
                    + "-2]");
        }
        Set<T> values = new LinkedHashSet<>();
        for (JsonNode item : list) {
            values.add(parse.apply(item.asText()));
        }
        return values;
    }

    private static Instant instant(String text, Instant start) {
        if (text.startsWith("+")) {
            return start.plus(duration(text.substring(1)));
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'at' must be an instant like 2026-11-29T01:00:00Z or an offset"
                    + " from the start like +5m, got '" + text + "'", e);
        }
    }

    private static double number(JsonNode node, String field) {
        if (!node.isNumber()) {
            throw new IllegalArgumentException("'" + field + "' must be a number, got '" + node.asText() + "'");
        }
        return node.asDouble();
    }

    private static JsonNode required(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("'" + field + "' is missing");
        }
        return value;
    }

    private static void requireOnly(JsonNode node, Set<String> allowed, String where) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("unknown field '" + name + "' in " + where + "; allowed: "
                        + String.join(", ", allowed.stream().sorted().toList()));
            }
        }
    }
}
