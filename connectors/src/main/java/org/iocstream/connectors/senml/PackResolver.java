package org.iocstream.connectors.senml;

import static org.iocstream.connectors.senml.SenmlException.Reason.BAD_FIELD_TYPE;
import static org.iocstream.connectors.senml.SenmlException.Reason.DUPLICATE_FIELD;
import static org.iocstream.connectors.senml.SenmlException.Reason.INVALID_DATA_VALUE;
import static org.iocstream.connectors.senml.SenmlException.Reason.INVALID_NAME;
import static org.iocstream.connectors.senml.SenmlException.Reason.MIXED_VERSIONS;
import static org.iocstream.connectors.senml.SenmlException.Reason.MULTIPLE_VALUES;
import static org.iocstream.connectors.senml.SenmlException.Reason.MUST_UNDERSTAND_FIELD;
import static org.iocstream.connectors.senml.SenmlException.Reason.NON_FINITE_NUMBER;
import static org.iocstream.connectors.senml.SenmlException.Reason.NO_VALUE;
import static org.iocstream.connectors.senml.SenmlException.Reason.RECORD_NOT_OBJECT;
import static org.iocstream.connectors.senml.SenmlException.Reason.TIME_OUT_OF_RANGE;
import static org.iocstream.connectors.senml.SenmlException.Reason.UNSUPPORTED_VERSION;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves the records of one SenML pack, whatever its syntax: base fields carry from record to record (RFC 8428
 * sections 4.1 and 4.6), and every field is checked against the RFC. The JSON and CBOR parsers only read their
 * syntax into {@link RawRecord}s; this class gives both the same rules and the same refusals.
 */
final class PackResolver {

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

    /**
     * Labels this parser understands, with their types (RFC 8428 section 5, Table 3); vd's type depends on the
     * syntax (see {@link Syntax}).
     */
    private static final Map<String, FieldKind> KNOWN_LABELS = Map.ofEntries(
            Map.entry("bver", FieldKind.NUMBER),
            Map.entry("bn", FieldKind.STRING),
            Map.entry("bt", FieldKind.NUMBER),
            Map.entry("bu", FieldKind.STRING),
            Map.entry("bv", FieldKind.NUMBER),
            Map.entry("bs", FieldKind.NUMBER),
            Map.entry("n", FieldKind.STRING),
            Map.entry("u", FieldKind.STRING),
            Map.entry("v", FieldKind.NUMBER),
            Map.entry("vs", FieldKind.STRING),
            Map.entry("vb", FieldKind.BOOLEAN),
            Map.entry("s", FieldKind.NUMBER),
            Map.entry("t", FieldKind.NUMBER),
            Map.entry("ut", FieldKind.NUMBER));

    private static final List<String> VALUE_LABELS = List.of("v", "vs", "vb", "vd");

    /** What differs between the SenML syntaxes once they are read (RFC 8428 sections 5 and 6). */
    enum Syntax {
        /** vd is a base64url string. */
        JSON("a JSON object", FieldKind.STRING),
        /** vd is a byte string; labels are integers, mapped to their names by the CBOR reader. */
        CBOR("a CBOR map", FieldKind.BYTES);

        final String recordShape;
        final FieldKind dataValueKind;

        Syntax(String recordShape, FieldKind dataValueKind) {
            this.recordShape = recordShape;
            this.dataValueKind = dataValueKind;
        }
    }

    private final Instant now;
    private final Syntax syntax;
    private String baseName = "";
    private BigDecimal baseTime = BigDecimal.ZERO;
    private String baseUnit;
    private double baseValue;
    /** Null while no bs is in force: only then does a record without s have no sum (section 4.5.4). */
    private Double baseSum;
    private int version = HIGHEST_UNDERSTOOD_VERSION;
    private int packVersion;
    private int packVersionRecord;

    private PackResolver(Instant now, Syntax syntax) {
        this.now = now;
        this.syntax = syntax;
    }

    /**
     * Resolves a pack read in {@code syntax}; relative times count from {@code now}.
     *
     * @throws SenmlException for the first record that breaks RFC 8428
     */
    static List<SenmlRecord> resolve(List<RawRecord> pack, Instant now, Syntax syntax) throws SenmlException {
        PackResolver resolver = new PackResolver(now, syntax);
        List<SenmlRecord> resolved = new ArrayList<>(pack.size());
        for (RawRecord record : pack) {
            resolved.add(resolver.resolve(record));
        }
        return resolved;
    }

    private SenmlRecord resolve(RawRecord record) throws SenmlException {
        int number = record.number();
        if (record.kind() != FieldKind.OBJECT) {
            throw new SenmlException(RECORD_NOT_OBJECT, number,
                    "a record must be " + syntax.recordShape + ", got " + record.kind().label);
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
        byte[] dataValue = !record.has("vd") ? null
                : syntax == Syntax.CBOR ? record.bytes("vd") : decodeDataValue(number, record.string("vd"));
        return new SenmlRecord(resolvedName, time, unit, value, record.string("vs"), booleanValue, dataValue, sum);
    }

    private void applyVersion(RawRecord record) throws SenmlException {
        int number = record.number();
        if (record.has("bver")) {
            FieldValue bver = record.field("bver");
            BigDecimal declared = bver.value() instanceof BigDecimal decimal ? decimal : null;
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

    private void checkLabels(RawRecord record) throws SenmlException {
        for (Map.Entry<String, FieldValue> field : record.fields().entrySet()) {
            String label = field.getKey();
            FieldKind expected = label.equals("vd") ? syntax.dataValueKind : KNOWN_LABELS.get(label);
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

    // ---- small helpers ----

    static SenmlException packError(SenmlException.Reason reason, String detail) {
        return new SenmlException(reason, 0, detail);
    }

    private static List<String> quoted(List<String> labels) {
        return labels.stream().map(label -> "'" + label + "'").toList();
    }

    private static String describe(FieldValue value) {
        return value.kind() == FieldKind.NUMBER ? quote(value.value().toString()) : value.kind().label;
    }

    private static String describeChar(char c) {
        return c < 0x20 || c > 0x7e ? String.format(Locale.ROOT, "U+%04X", (int) c) : "'" + c + "'";
    }

    /** Cuts long input so that a message stays readable. */
    static String quote(String text) {
        return text.length() <= QUOTE_LIMIT ? text : text.substring(0, QUOTE_LIMIT) + "...";
    }
}
