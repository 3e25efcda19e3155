package org.iocstream.connectors.senml;

import static org.iocstream.connectors.senml.PackResolver.packError;
import static org.iocstream.connectors.senml.SenmlException.Reason.EMPTY_PACK;
import static org.iocstream.connectors.senml.SenmlException.Reason.MALFORMED_JSON;
import static org.iocstream.connectors.senml.SenmlException.Reason.NOT_A_PACK;
import static org.iocstream.connectors.senml.SenmlException.Reason.PAYLOAD_TOO_LARGE;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parses SenML JSON packs (RFC 8428) into resolved records, refusing anything the RFC does not allow.
 *
 * <p>Thread-safe and meant to be shared: it keeps no state between calls.
 */
public final class SenmlParser implements SenmlDecoder {

    /** Payload limit used by the no-argument constructor: 256 KiB. */
    public static final int DEFAULT_MAX_PAYLOAD_BYTES = 256 * 1024;

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
    @Override
    public List<SenmlRecord> parse(byte[] json, Instant now) throws SenmlException {
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(now, "now");
        if (json.length > maxPayloadBytes) {
            throw packError(PAYLOAD_TOO_LARGE,
                    "payload is " + json.length + " bytes, more than the limit of " + maxPayloadBytes + " bytes");
        }
        return PackResolver.resolve(readPack(json), now, PackResolver.Syntax.JSON);
    }

    // ---- reading: the whole payload is checked as JSON first, so a syntax error always wins over content ----

    private List<RawRecord> readPack(byte[] json) throws SenmlException {
        try (JsonParser parser = jsonFactory.createParser(json)) {
            JsonToken root = parser.nextToken();
            if (root == null) {
                throw packError(MALFORMED_JSON, "payload is empty, expected a JSON array of SenML records");
            }
            List<RawRecord> pack = new ArrayList<>();
            FieldKind rootKind = FieldKind.ARRAY;
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
            if (rootKind != FieldKind.ARRAY) {
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
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        String duplicateLabel = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String label = parser.currentName();
            FieldValue value = readValue(parser, parser.nextToken());
            if (fields.putIfAbsent(label, value) != null && duplicateLabel == null) {
                duplicateLabel = label;
            }
        }
        return new RawRecord(number, FieldKind.OBJECT, fields, duplicateLabel);
    }

    private static FieldValue readValue(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return new FieldValue(FieldKind.STRING, parser.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                // Exact decimal, so that times keep their digits; floats are derived from it when needed.
                return new FieldValue(FieldKind.NUMBER, parser.getDecimalValue());
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new FieldValue(FieldKind.BOOLEAN, token == JsonToken.VALUE_TRUE);
            case VALUE_NULL:
                return new FieldValue(FieldKind.NULL, null);
            case START_OBJECT:
                parser.skipChildren();
                return new FieldValue(FieldKind.OBJECT, null);
            case START_ARRAY:
                parser.skipChildren();
                return new FieldValue(FieldKind.ARRAY, null);
            default:
                throw new IllegalStateException("Jackson returned " + token + " where a JSON value was expected");
        }
    }

    private static String where(JsonLocation location) {
        return location == null ? "" : " at line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
