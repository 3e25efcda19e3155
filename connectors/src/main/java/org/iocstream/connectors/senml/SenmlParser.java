package org.iocstream.connectors.senml;

import static org.iocstream.connectors.senml.SenmlException.Reason.BAD_FIELD_TYPE;
import static org.iocstream.connectors.senml.SenmlException.Reason.DUPLICATE_FIELD;
import static org.iocstream.connectors.senml.SenmlException.Reason.EMPTY_PACK;
import static org.iocstream.connectors.senml.SenmlException.Reason.INVALID_DATA_VALUE;
import static org.iocstream.connectors.senml.SenmlException.Reason.INVALID_NAME;
import static org.iocstream.connectors.senml.SenmlException.Reason.MALFORMED_JSON;
import static org.iocstream.connectors.senml.SenmlException.Reason.MIXED_VERSIONS;
import static org.iocstream.connectors.senml.SenmlException.Reason.MULTIPLE_VALUES;
import static org.iocstream.connectors.senml.SenmlException.Reason.MUST_UNDERSTAND_FIELD;
import static org.iocstream.connectors.senml.SenmlException.Reason.NON_FINITE_NUMBER;
import static org.iocstream.connectors.senml.SenmlException.Reason.NOT_A_PACK;
import static org.iocstream.connectors.senml.SenmlException.Reason.NO_VALUE;
import static org.iocstream.connectors.senml.SenmlException.Reason.PAYLOAD_TOO_LARGE;
import static org.iocstream.connectors.senml.SenmlException.Reason.RECORD_NOT_OBJECT;
import static org.iocstream.connectors.senml.SenmlException.Reason.TIME_OUT_OF_RANGE;
import static org.iocstream.connectors.senml.SenmlException.Reason.UNSUPPORTED_VERSION;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Parses SenML JSON packs (RFC 8428) into resolved records, refusing anything the RFC does not allow.
 *
 * <p>Thread-safe and meant to be shared: it keeps no state between calls.
 */
public final class SenmlParser {

    /** Payload limit used by the no-argument constructor: 256 KiB. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

    /** RFC 8428 is version 10; a later version may carry semantics this parser does not know (section 4.4). */
    private static final int HIGHEST_UNDERSTOOD_VERSION = 10;

    /** Resolved times below 2^28 seconds are offsets from "now" (RFC 8428 section 4.5.3). */
    private static final BigDecimal RELATIVE_TIME_LIMIT = BigDecimal.valueOf(1L << 28);

    /**
     * Limit on the magnitude of bt and t (about 31,700 years). It keeps the resolved time inside a long count
     * of microseconds and keeps the exact arithmetic small on hostile input such as {@code 1e999999999}.
     */
    private static final BigDecimal MAX_ABS_TIME_SECONDS = BigDecimal.valueOf(1_000_000_000_000L);

    /**
     * Time fields with more fractional digits than this are rounded to nanoseconds when read. That is far
     * finer than the microseconds kept, and it bounds the work on input such as {@code 1e-999999999}.
     */
    private static final int NANOSECOND_DIGITS = 9;

    private static final BigDecimal HALF_NANOSECOND = new BigDecimal("0.0000000005");

    private static final int MICROSECOND_DIGITS = 6;

    /** Longest stretch of offending input quoted in a message; payloads can be large. */
    private static final int QUOTE_LIMIT = 64;

    /** Labels this parser understands, with their JSON types (RFC 8428 section 5, Table 3). */
    private static final Map<String, JsonKind> KNOWN_LABELS = Map.ofEntries(
            Map.entry("bver", JsonKind.NUMBER),
            Map.entry("bn", JsonKind.STRING),
            Map.entry("bt", JsonKind.NUMBER),
            Map.entry("bu", JsonKind.STRING),
            Map.entry("bv", JsonKind.NUMBER),
            Map.entry("bs", JsonKind.NUMBER),
            Map.entry("n", JsonKind.STRING),
            Map.entry("u", JsonKind.STRING),
            Map.entry("v", JsonKind.NUMBER),
            Map.entry("vs", JsonKind.STRING),
            Map.entry("vb", JsonKind.BOOLEAN),
            Map.entry("vd", JsonKind.STRING),
            Map.entry("s", JsonKind.NUMBER),
            Map.entry("t", JsonKind.NUMBER),
            Map.entry("ut", JsonKind.NUMBER));

    private static final List<String> VALUE_LABELS = List.of("v", "vs", "vb", "vd");

    private final JsonFactory jsonFactory = new JsonFactory();
    private final int maxPayloadBytes;

    /** A parser that refuses payloads over {@link #DEFAULT_MAX_PAYLOAD_BYTES}. */
    public SenmlParser() {
        this(DEFAULT_MAX_PAYLOAD_BYTES);
    }

    /** A parser that refuses payloads over {@code maxPayloadBytes} bytes. */
    public SenmlParser(int maxPayloadBytes) {
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive, got " + maxPayloadBytes);
        }
        this.maxPayloadBytes = maxPayloadBytes;
    }

    /**
     * Parses one SenML JSON pack and resolves its records.
     *
     * @param json the payload as received
     * @param now the instant that relative times (below 2^28 s, RFC 8428 section 4.5.3) are counted from,
     *     normally the time of reception
     * @return the resolved records in pack order, never empty
     * @throws SenmlException if the payload is refused; nothing is returned for a partly valid pack
     */
    public List<SenmlRecord> parse(byte[] json, Instant now) throws SenmlException {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(now, "now");
        if (json.length > maxPayloadBytes) {
            throw packError(PAYLOAD_TOO_LARGE,
                    "payload is " + json.length + " bytes, more than the limit of " + maxPayloadBytes + " bytes");
        }
        List<RawRecord> pack = readPack(json);
        PackResolver resolver = new PackResolver(now);
        List<SenmlRecord> resolved = new ArrayList<>(pack.size());
        for (RawRecord record : pack) {
            resolved.add(resolver.resolve(record));
        }
        return resolved;
    }

    // ---- reading: the whole payload is checked as JSON first, so a syntax error always wins over content ----

    private List<RawRecord> readPack(byte[] json) throws SenmlException {
        try (JsonParser parser = jsonFactory.createParser(json)) {
            JsonToken root = parser.nextToken();
            if (root == null) {
                throw packError(MALFORMED_JSON, "payload is empty, expected a JSON array of SenML records");
            }
            List<RawRecord> pack = new ArrayList<>();
            JsonKind rootKind = JsonKind.ARRAY;
            if (root == JsonToken.START_ARRAY) {
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    pack.add(readRecord(parser, token, pack.size() + 1));
                }
            } else {
                rootKind = readValue(parser, root).kind();
            }
            if (parser.nextToken() != null) {
                throw packError(MALFORMED_JSON, "unexpected data after the end of the JSON " + rootKind.label);
            }
            if (rootKind != JsonKind.ARRAY) {
                throw packError(NOT_A_PACK, "a SenML pack is a JSON array of records, got " + rootKind.label);
            }
            if (pack.isEmpty()) {
                throw packError(EMPTY_PACK, "the pack is an empty array, expected at least one record");
            }
            return pack;
        } catch (JsonProcessingException e) {
            throw packError(MALFORMED_JSON, "not valid JSON" + where(e.getLocation()) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            // Reading from a byte array does no I/O; Jackson declares IOException for its stream sources.
            throw packError(MALFORMED_JSON, "could not read the payload: " + e.getMessage());
        }
    }

    private static RawRecord readRecord(JsonParser parser, JsonToken first, int number) throws IOException {
        if (first != JsonToken.START_OBJECT) {
            return new RawRecord(number, readValue(parser, first).kind(), Map.of(), null);
        }
        Map<String, JsonValue> fields = new LinkedHashMap<>();
        String duplicateLabel = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String label = parser.currentName();
            JsonValue value = readValue(parser, parser.nextToken());
            if (fields.putIfAbsent(label, value) != null && duplicateLabel == null) {
                duplicateLabel = label;
            }
        }
        return new RawRecord(number, JsonKind.OBJECT, fields, duplicateLabel);
    }

    private static JsonValue readValue(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return new JsonValue(JsonKind.STRING, parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                // Exact decimal, so that times keep their digits; floats are derived from it when needed.
                return new JsonValue(JsonKind.NUMBER, parser.getDecimalValue());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new JsonValue(JsonKind.BOOLEAN, token == JsonToken.VALUE_TRUE);
            case VALUE_NULL:
                return new JsonValue(JsonKind.NULL, null);
            case START_OBJECT:
                parser.skipChildren();
                return new JsonValue(JsonKind.OBJECT, null);
            case START_ARRAY:
                parser.skipChildren();
                return new JsonValue(JsonKind.ARRAY, null);
            default:
                throw new IllegalStateException("Jackson returned " + token + " where a JSON value was expected");
        }
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }

    // ---- resolving: base fields carry from record to record (RFC 8428 sections 4.1 and 4.6) ----

    /** The base fields in force while walking one pack. */
    private static final class PackResolver {

        private final Instant now;
        private String baseName = "";
        private BigDecimal baseTime = BigDecimal.ZERO;
        private String baseUnit;
        private double baseValue;
        /** Null while no bs is in force: only then does a record without s have no sum (section 4.5.4). */
        private Double baseSum;
        private int version = HIGHEST_UNDERSTOOD_VERSION;
        private int packVersion;
        private int packVersionRecord;

        PackResolver(Instant now) {
            this.now = now;
        }

        SenmlRecord resolve(RawRecord record) throws SenmlException {
            int number = record.number();
            if (record.kind() != JsonKind.OBJECT) {
                throw new SenmlException(RECORD_NOT_OBJECT, number,
                        "a record must be a JSON object, got " + record.kind().label);
            }
            if (record.duplicateLabel() != null) {
                throw new SenmlException(DUPLICATE_FIELD, number,
                        "field '" + quote(record.duplicateLabel()) + "' appears more than once");
            }
            // The version comes first: under a later version the other fields may mean something else.
            applyVersion(record);
            checkLabels(record);

            String name = record.string("n");
            if (record.has("bn")) {
                baseName = record.string("bn");
            }
            if (record.has("bt")) {
                baseTime = timeField(record, "bt");
            }
            if (record.has("bu")) {
                baseUnit = record.string("bu");
            }
            if (record.has("bv")) {
                baseValue = finiteFloat(record, "bv");
            }
            if (record.has("bs")) {
                baseSum = finiteFloat(record, "bs");
            }
            if (record.has("ut")) {
                finiteFloat(record, "ut");
            }

            List<String> values = VALUE_LABELS.stream().filter(record::has).toList();
            if (values.size() > 1) {
                throw new SenmlException(MULTIPLE_VALUES, number, "has " + String.join(" and ", quoted(values))
                        + ", but a record carries at most one value (RFC 8428 section 4.2)");
            }
            if (values.isEmpty() && !record.has("s")) {
                // A base value alone does not count: section 4.2 asks for a value field in the record itself.
                throw new SenmlException(NO_VALUE, number,
                        "has none of 'v', 'vs', 'vb', 'vd' and no 's' (RFC 8428 section 4.2)");
            }

            String resolvedName = checkName(number, baseName + (name == null ? "" : name));
            BigDecimal seconds = record.has("t") ? baseTime.add(timeField(record, "t")) : baseTime;
            Instant time = toInstant(number, seconds);
            String unit = record.has("u") ? record.string("u") : baseUnit;
            Double value = record.has("v") ? addBase(number, "bv", baseValue, "v", finiteFloat(record, "v")) : null;
            Double sum = null;
            if (record.has("s") || baseSum != null) {
                // Section 4.5.4: a missing s or bs counts as zero once either is present.
                double s = record.has("s") ? finiteFloat(record, "s") : 0.0;
                sum = addBase(number, "bs", baseSum == null ? 0.0 : baseSum, "s", s);
            }
            Boolean booleanValue = record.has("vb") ? record.bool("vb") : null;
            byte[] dataValue = record.has("vd") ? decodeDataValue(number, record.string("vd")) : null;
            return new SenmlRecord(resolvedName, time, unit, value, record.string("vs"), booleanValue, dataValue, sum);
        }

        private void applyVersion(RawRecord record) throws SenmlException {
            int number = record.number();
            if (record.has("bver")) {
                JsonValue bver = record.field("bver");
                BigDecimal declared = bver.kind() == JsonKind.NUMBER ? (BigDecimal) bver.value() : null;
                if (declared == null || declared.signum() <= 0 || declared.stripTrailingZeros().scale() > 0) {
                    throw new SenmlException(BAD_FIELD_TYPE, number,
                            "field 'bver' must be a positive integer, got " + describe(bver));
                }
                if (declared.compareTo(BigDecimal.valueOf(HIGHEST_UNDERSTOOD_VERSION)) > 0) {
                    throw new SenmlException(UNSUPPORTED_VERSION, number, "SenML version " + quote(declared.toString())
                            + " is newer than version " + HIGHEST_UNDERSTOOD_VERSION + " (RFC 8428), the latest understood");
                }
                version = declared.intValueExact();
            }
            if (packVersionRecord == 0) {
                packVersion = version;
                packVersionRecord = number;
            } else if (version != packVersion) {
                throw new SenmlException(MIXED_VERSIONS, number, "SenML version " + version + " differs from version "
                        + packVersion + " of record " + packVersionRecord
                        + "; all records of a pack have one version (RFC 8428 section 4.4)");
            }
        }

        private static void checkLabels(RawRecord record) throws SenmlException {
            for (Map.Entry<String, JsonValue> field : record.fields().entrySet()) {
                String label = field.getKey();
                JsonKind expected = KNOWN_LABELS.get(label);
                if (expected == null) {
                    // Unknown labels are ignored unless they end with '_' (RFC 8428 sections 4.4 and 5).
                    if (label.endsWith("_")) {
                        throw new SenmlException(MUST_UNDERSTAND_FIELD, record.number(), "field '" + quote(label)
                                + "' must be understood (its label ends with '_') and this parser does not know it");
                    }
                } else if (field.getValue().kind() != expected) {
                    throw new SenmlException(BAD_FIELD_TYPE, record.number(), "field '" + label + "' must be "
                            + expected.label + ", got " + field.getValue().kind().label);
                }
            }
        }

        private static double finiteFloat(RawRecord record, String label) throws SenmlException {
            BigDecimal exact = record.decimal(label);
            double value = exact.doubleValue();
            if (!Double.isFinite(value)) {
                throw new SenmlException(NON_FINITE_NUMBER, record.number(), "field '" + label + "' is "
                        + quote(exact.toString()) + ", beyond the range of a 64-bit float");
            }
            return value;
        }

        private static double addBase(int number, String baseLabel, double base, String label, double value)
                throws SenmlException {
            double total = base + value;
            if (!Double.isFinite(total)) {
                throw new SenmlException(NON_FINITE_NUMBER, number, "'" + baseLabel + "' + '" + label
                        + "' overflows a 64-bit float (" + base + " + " + value + ")");
            }
            return total;
        }

        private static BigDecimal timeField(RawRecord record, String label) throws SenmlException {
            BigDecimal seconds = record.decimal(label);
            if (seconds.abs().compareTo(MAX_ABS_TIME_SECONDS) > 0) {
                throw new SenmlException(TIME_OUT_OF_RANGE, record.number(), "field '" + label + "' is "
                        + quote(seconds.toString()) + " s, beyond the supported magnitude of "
                        + MAX_ABS_TIME_SECONDS.toPlainString() + " s");
            }
            if (seconds.scale() <= NANOSECOND_DIGITS) {
                return seconds;
            }
            // Checked before rounding: for a tiny value with a huge scale, setScale would build a huge power of ten.
            if (seconds.abs().compareTo(HALF_NANOSECOND) < 0) {
                return BigDecimal.ZERO;
            }
            return seconds.setScale(NANOSECOND_DIGITS, RoundingMode.HALF_EVEN);
        }

        private Instant toInstant(int number, BigDecimal seconds) throws SenmlException {
            long micros = seconds.movePointRight(MICROSECOND_DIGITS).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
            boolean relative = seconds.compareTo(RELATIVE_TIME_LIMIT) < 0;
            try {
                Instant origin = relative ? now.truncatedTo(ChronoUnit.MICROS) : Instant.EPOCH;
                return origin.plus(micros, ChronoUnit.MICROS);
            } catch (DateTimeException | ArithmeticException e) {
                throw new SenmlException(TIME_OUT_OF_RANGE, number, "time " + seconds.toPlainString() + " s"
                        + (relative ? " relative to " + now : "") + " is outside the range of an instant");
            }
        }

        private static String checkName(int number, String name) throws SenmlException {
            if (name.isEmpty()) {
                throw new SenmlException(INVALID_NAME, number,
                        "name is empty: neither 'bn' nor 'n' gives one (RFC 8428 section 4.5.1)");
            }
            if (!isLetterOrDigit(name.charAt(0))) {
                throw new SenmlException(INVALID_NAME, number, "name '" + quote(name)
                        + "' must start with a letter or digit (RFC 8428 section 4.5.1)");
            }
            for (int i = 1; i < name.length(); i++) {
                char c = name.charAt(i);
                if (!isLetterOrDigit(c) && "-:./_".indexOf(c) < 0) {
                    throw new SenmlException(INVALID_NAME, number, "name '" + quote(name) + "' has "
                            + describeChar(c) + " at index " + i
                            + "; RFC 8428 section 4.5.1 allows only A-Z a-z 0-9 - : . / _");
                }
            }
            return name;
        }

        private static boolean isLetterOrDigit(char c) {
            return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
        }

        private static byte[] decodeDataValue(int number, String encoded) throws SenmlException {
            // RFC 8428 section 4.3: base64 with the URL-safe alphabet, padding omitted.
            if (encoded.indexOf('=') >= 0) {
                throw new SenmlException(INVALID_DATA_VALUE, number,
                        "field 'vd' must be base64url without padding, but it contains '='");
            }
            try {
                return Base64.getUrlDecoder().decode(encoded);
            } catch (IllegalArgumentException e) {
                throw new SenmlException(INVALID_DATA_VALUE, number,
                        "field 'vd' is not valid base64url (RFC 4648 section 5): " + e.getMessage());
            }
        }
    }

    // ---- small helpers ----

    private static SenmlException packError(SenmlException.Reason reason, String detail) {
        return new SenmlException(reason, 0, detail);
    }

    private static List<String> quoted(List<String> labels) {
        return labels.stream().map(label -> "'" + label + "'").toList();
    }

    private static String describe(JsonValue value) {
        return value.kind() == JsonKind.NUMBER ? quote(value.value().toString()) : value.kind().label;
    }

    private static String describeChar(char c) {
        return c < 0x20 || c > 0x7e ? String.format(Locale.ROOT, "U+%04X", (int) c) : "'" + c + "'";
    }

    /** Cuts long input so that a message stays readable. */
    private static String quote(String text) {
        return text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "...";
    }

    /** The JSON types, named as messages print them. */
    private enum JsonKind {
        STRING("a string"),
        NUMBER("a number"),
        BOOLEAN("a boolean"),
        NULL("null"),
        OBJECT("an object"),
        ARRAY("an array");

        final String label;

        JsonKind(String label) {
            this.label = label;
        }
    }

    /** One JSON value as read: String, BigDecimal or Boolean for scalars, null for null, objects and arrays. */
    private record JsonValue(JsonKind kind, Object value) {}

    /** One element of the pack before resolution; {@code fields} keeps the first occurrence of each label. */
    private record RawRecord(int number, JsonKind kind, Map<String, JsonValue> fields, String duplicateLabel) {

        boolean has(String label) {
            return fields.containsKey(label);
        }

        JsonValue field(String label) {
            return fields.get(label);
        }

        // The typed getters below run after checkLabels, so the casts match the declared JSON kinds.

        String string(String label) {
            JsonValue value = fields.get(label);
            return value == null ? null : (String) value.value();
        }

        BigDecimal decimal(String label) {
            return (BigDecimal) fields.get(label).value();
        }

        Boolean bool(String label) {
            return (Boolean) fields.get(label).value();
        }
    }
}
