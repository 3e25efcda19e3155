package org.iocstream.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Encodes readings as a SenML JSON pack (RFC 8428). Each run of records of one device at one time starts with
 * {@code "bn": "{deviceId}:"} and {@code "bt": epochSeconds}; the records after it carry only n, u and v (or vs
 * for text). Output is deterministic: same readings in the same order, same bytes.
 */
public final class SenmlEncoder {

    /** Integral values below this print as JSON integers (no ".0"); every such long is an exact double. */
    private static final double LARGEST_EXACT_INTEGER = 0x1.0p53;

    private static final JsonFactory JSON = new JsonFactory();

    private SenmlEncoder() {
    }

    /** The SenML pack for these readings, in their order, as compact JSON. */
    public static String encode(List<Reading> readings) {
        StringWriter out = new StringWriter();
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartArray();
            Reading previous = null;
            for (Reading reading : readings) {
                json.writeStartObject();
                if (previous == null || !previous.device().id().equals(reading.device().id())
                        || !previous.time().equals(reading.time())) {
                    json.writeStringField("bn", reading.device().id() + ":");
                    json.writeNumberField("bt", reading.time().getEpochSecond());
                }
                json.writeStringField("n", reading.metric().name());
                if (reading.metric().unit() != null) {
                    json.writeStringField("u", reading.metric().unit());
                }
                if (reading.metric().numeric()) {
                    json.writeFieldName("v");
                    writeValue(json, reading);
                } else {
                    json.writeStringField("vs", reading.text());
                }
                json.writeEndObject();
                previous = reading;
            }
            json.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to a string cannot fail", e);
        }
        return out.toString();
    }

    private static void writeValue(JsonGenerator json, Reading reading) throws IOException {
        double value = reading.value();
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("SenML has no representation for " + value + " in " + reading);
        }
        if (value == Math.rint(value) && Math.abs(value) < LARGEST_EXACT_INTEGER) {
            json.writeNumber((long) value);
        } else {
            // Double.toString, which Jackson uses, prints the shortest decimal that parses back to the same double.
            json.writeNumber(value);
        }
    }
}
