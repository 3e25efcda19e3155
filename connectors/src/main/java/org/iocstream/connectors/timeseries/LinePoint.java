package org.iocstream.connectors.timeseries;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One point in InfluxDB line protocol, encoded once and immutable: measurement, tags sorted by key, fields in
 * the order they were added, timestamp in nanoseconds since the epoch.
 *
 * <p>Rules beyond plain escaping, each because the line would otherwise be misread by some store:
 * <ul>
 *   <li>line breaks ({@code \n}, {@code \r}) are refused everywhere: they would end the line;</li>
 *   <li>backslashes are refused in the measurement, keys and tag values: InfluxDB 1.x keeps {@code \\} as two
 *       characters while 2.x reads it as one, so no spelling means the same to every store;</li>
 *   <li>a measurement may not start with {@code #}, which would turn the line into a comment;</li>
 *   <li>empty names and empty tag values are refused (line protocol has no empty tag value);</li>
 *   <li>floats must be finite and are written in plain decimal notation, never with an exponent, like the
 *       InfluxDB Java clients do, so every reader parses them back to the same double;</li>
 *   <li>the timestamp is required: a point without one would be stamped by the server on arrival, which
 *       breaks idempotent re-writes of the same window.</li>
 * </ul>
 */
public final class LinePoint {

    /**
     * Tags are sorted by Unicode code point, which is the byte order of their UTF-8 encoding: the order
     * InfluxDB recommends (Go's bytes.Compare). String.compareTo differs for characters outside the BMP.
     */
    private static final Comparator<String> BY_CODE_POINT = LinePoint::compareCodePoints;

    private final String line;

    private LinePoint(String line) {
        this.line = line;
    }

    /** Starts a point in the given measurement (table). */
    public static Builder measurement(String measurement) {
        return new Builder(measurement);
    }

    /** The point as one line of line protocol, without the trailing newline. */
    public String toLine() {
        return line;
    }

    @Override
    public String toString() {
        return line;
    }

    /** Collects the parts of a point; every part is checked when it is added. Not thread-safe. */
    public static final class Builder {

        private final String measurement;
        private final SortedMap<String, String> tags = new TreeMap<>(BY_CODE_POINT);
        private final Map<String, String> encodedFields = new LinkedHashMap<>();
        private Instant timestamp;

        private Builder(String measurement) {
            checkName("measurement", measurement);
            if (measurement.startsWith("#")) {
                throw new IllegalArgumentException(
                        "measurement must not start with '#', which makes the line a comment: " + measurement);
            }
            this.measurement = measurement;
        }

        /** Adds a tag; the value must not be empty (leave the tag out instead). */
        public Builder tag(String key, String value) {
            checkName("tag key", key);
            checkName("tag value of '" + key + "'", value);
            if (tags.putIfAbsent(key, value) != null) {
                throw new IllegalArgumentException("tag '" + key + "' is set twice");
            }
            return this;
        }

        /** Adds an integer field, written with the {@code i} suffix. */
        public Builder field(String key, long value) {
            checkName("field key", key);
            return putField(key, value + "i");
        }

        /** Adds a float field; NaN and infinities are refused because line protocol cannot carry them. */
        public Builder field(String key, double value) {
            checkName("field key", key);
            if (!Double.isFinite(value)) {
                throw new IllegalArgumentException("field '" + key + "' must be a finite number, got " + value);
            }
            return putField(key, formatFloat(value));
        }

        /** Adds a string field, written in double quotes. */
        public Builder field(String key, String value) {
            checkName("field key", key);
            Objects.requireNonNull(value, () -> "value of field '" + key + "'");
            checkNoLineBreak("value of field '" + key + "'", value);
            return putField(key, '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
        }

        /** Adds a boolean field. */
        public Builder field(String key, boolean value) {
            checkName("field key", key);
            return putField(key, Boolean.toString(value));
        }

        /** Sets the time of the point; kept to the nanosecond. */
        public Builder timestamp(Instant timestamp) {
            this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
            return this;
        }

        /** Encodes the point. */
        public LinePoint build() {
            if (encodedFields.isEmpty()) {
                throw new IllegalStateException("point in '" + measurement + "' has no field; line protocol needs one");
            }
            if (timestamp == null) {
                throw new IllegalStateException("point in '" + measurement + "' has no timestamp");
            }
            StringBuilder line = new StringBuilder(64 + 16 * (tags.size() + encodedFields.size()));
            appendEscaped(line, measurement, ", ");
            tags.forEach((key, value) -> {
                line.append(',');
                appendEscaped(line, key, ",= ");
                line.append('=');
                appendEscaped(line, value, ",= ");
            });
            char separator = ' ';
            for (Map.Entry<String, String> field : encodedFields.entrySet()) {
                line.append(separator);
                appendEscaped(line, field.getKey(), ",= ");
                line.append('=').append(field.getValue());
                separator = ',';
            }
            line.append(' ').append(epochNanos(timestamp));
            return new LinePoint(line.toString());
        }

        private Builder putField(String key, String encodedValue) {
            if (encodedFields.putIfAbsent(key, encodedValue) != null) {
                throw new IllegalArgumentException("field '" + key + "' is set twice");
            }
            return this;
        }
    }

    /** Plain decimal with at least one fractional digit, e.g. 1.0E10 becomes 10000000000.0. */
    private static String formatFloat(double value) {
        if (value == 0.0) {
            // BigDecimal has no negative zero; keep the sign so the double reads back identical.
            return Double.doubleToRawLongBits(value) < 0 ? "-0.0" : "0.0";
        }
        // BigDecimal.valueOf uses Double.toString, which has enough digits to identify the double uniquely.
        String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }

    private static long epochNanos(Instant timestamp) {
        try {
            return Math.addExact(Math.multiplyExact(timestamp.getEpochSecond(), 1_000_000_000L), timestamp.getNano());
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("timestamp " + timestamp
                    + " does not fit in signed 64-bit nanoseconds since the epoch (years 1677 to 2262)", e);
        }
    }

    private static void checkName(String what, String text) {
        Objects.requireNonNull(text, what);
        if (text.isEmpty()) {
            throw new IllegalArgumentException(what + " must not be empty");
        }
        checkNoLineBreak(what, text);
        if (text.indexOf('\\') >= 0) {
            throw new IllegalArgumentException(what + " must not contain a backslash, which InfluxDB 1.x and 2.x"
                    + " unescape differently: " + text);
        }
    }

    private static void checkNoLineBreak(String what, String text) {
        if (text.indexOf('\n') >= 0 || text.indexOf('\r') >= 0) {
            throw new IllegalArgumentException(what + " must not contain a line break, which would split the line");
        }
    }

    private static void appendEscaped(StringBuilder line, String text, String special) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (special.indexOf(c) >= 0) {
                line.append('\\');
            }
            line.append(c);
        }
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int codePointA = a.codePointAt(i);
            int codePointB = b.codePointAt(j);
            if (codePointA != codePointB) {
                return Integer.compare(codePointA, codePointB);
            }
            i += Character.charCount(codePointA);
            j += Character.charCount(codePointB);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
