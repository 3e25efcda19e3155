package org.iocstream.connectors.senml;

import static org.iocstream.connectors.senml.PackResolver.packError;
import static org.iocstream.connectors.senml.SenmlException.Reason.EMPTY_PACK;
import static org.iocstream.connectors.senml.SenmlException.Reason.MALFORMED_CBOR;
import static org.iocstream.connectors.senml.SenmlException.Reason.NOT_A_PACK;
import static org.iocstream.connectors.senml.SenmlException.Reason.PAYLOAD_TOO_LARGE;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import java.io.IOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Parses SenML CBOR packs (RFC 8428 section 6) into the same resolved records, with the same refusals, as
 * {@link SenmlParser} gives for the equivalent JSON: both read their syntax and leave the rules to one resolver.
 *
 * <p>The known labels are CBOR integers (bn = -2, n = 0, v = 2, ...). A text-string key is an extension label,
 * as in JSON: ignored unless it ends with '_'; one spelled like a known label ("n") does not stand for it. vd is
 * a byte string, not base64. Floats of any width are read exactly; NaN and infinities are refused as
 * NON_FINITE_NUMBER where a known field holds them.
 *
 * <p>Thread-safe and meant to be shared: it keeps no state between calls.
 */
public final class SenmlCborParser implements SenmlDecoder {

    /** RFC 8428 Table 4: the integer label of each field. */
    private static final Map<Integer, String> LABELS = Map.ofEntries(
            Map.entry(-1, "bver"),
            Map.entry(-2, "bn"),
            Map.entry(-3, "bt"),
            Map.entry(-4, "bu"),
            Map.entry(-5, "bv"),
            Map.entry(-6, "bs"),
            Map.entry(0, "n"),
            Map.entry(1, "u"),
            Map.entry(2, "v"),
            Map.entry(3, "vs"),
            Map.entry(4, "vb"),
            Map.entry(5, "s"),
            Map.entry(6, "t"),
            Map.entry(7, "ut"),
            Map.entry(8, "vd"));

    /** CBOR major types of a map key's initial byte (RFC 8949 section 3.1). */
    private static final int UNSIGNED_INTEGER = 0;
    private static final int NEGATIVE_INTEGER = 1;

    private final CBORFactory cborFactory = new CBORFactory();
    private final int maxPayloadBytes;

    /** A parser that refuses payloads over {@link SenmlParser#DEFAULT_MAX_PAYLOAD_BYTES}. */
    public SenmlCborParser() {
        this(SenmlParser.DEFAULT_MAX_PAYLOAD_BYTES);
    }

    /** A parser that refuses payloads over {@code maxPayloadBytes} bytes. */
    public SenmlCborParser(int maxPayloadBytes) {
        if (maxPayloadBytes <= 0) {
            throw new IllegalArgumentException("maxPayloadBytes must be positive, got " + maxPayloadBytes);
        }
        this.maxPayloadBytes = maxPayloadBytes;
    }

    @Override
    public List<SenmlRecord> parse(byte[] cbor, Instant now) throws SenmlException {
        Objects.requireNonNull(cbor, "cbor");
        Objects.requireNonNull(now, "now");
        if (cbor.length > maxPayloadBytes) {
            throw packError(PAYLOAD_TOO_LARGE,
                    "payload is " + cbor.length + " bytes, more than the limit of " + maxPayloadBytes + " bytes");
        }
        return PackResolver.resolve(readPack(cbor), now, PackResolver.Syntax.CBOR);
    }

    // ---- reading: the whole payload is checked as CBOR first, so a syntax error always wins over content ----

    private List<RawRecord> readPack(byte[] cbor) throws SenmlException {
        try (JsonParser parser = cborFactory.createParser(cbor)) {
            JsonToken root = parser.nextToken();
            if (root == null) {
                throw packError(MALFORMED_CBOR, "payload is empty, expected a CBOR array of SenML records");
            }
            List<RawRecord> pack = new ArrayList<>();
            FieldKind rootKind = FieldKind.ARRAY;
            if (root == JsonToken.START_ARRAY) {
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    pack.add(readRecord(parser, cbor, token, pack.size() + 1));
                }
            } else {
                rootKind = readValue(parser, root).kind();
            }
            if (parser.nextToken() != null) {
                throw packError(MALFORMED_CBOR, "unexpected data after the end of the CBOR " + kindName(rootKind));
            }
            if (rootKind != FieldKind.ARRAY) {
                throw packError(NOT_A_PACK, "a SenML pack is a CBOR array of records, got " + kindName(rootKind));
            }
            if (pack.isEmpty()) {
                throw packError(EMPTY_PACK, "the pack is an empty array, expected at least one record");
            }
            return pack;
        } catch (JsonProcessingException e) {
            throw packError(MALFORMED_CBOR, "not valid CBOR" + at(e) + ": " + e.getOriginalMessage());
        } catch (IOException e) {
            // Reading from a byte array does no I/O; Jackson declares IOException for its stream sources.
            throw packError(MALFORMED_CBOR, "could not read the payload: " + e.getMessage());
        }
    }

    private static RawRecord readRecord(JsonParser parser, byte[] cbor, JsonToken first, int number)
            throws IOException {
        if (first != JsonToken.START_OBJECT) {
            return new RawRecord(number, readValue(parser, first).kind(), Map.of(), null);
        }
        Map<String, FieldValue> fields = new LinkedHashMap<>();
        String duplicateLabel = null;
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String label = label(parser, cbor);
            FieldValue value = readValue(parser, parser.nextToken());
            if (fields.putIfAbsent(label, value) != null && duplicateLabel == null) {
                duplicateLabel = label;
            }
        }
        return new RawRecord(number, FieldKind.OBJECT, fields, duplicateLabel);
    }

    /**
     * The label of the current map key. Jackson reports an integer key as its decimal text, so the key's initial
     * byte tells an integer label from a text key that merely looks like one.
     */
    private static String label(JsonParser parser, byte[] cbor) throws IOException {
        String key = parser.currentName();
        long offset = parser.currentTokenLocation().getByteOffset();
        int majorType = offset >= 0 && offset < cbor.length ? (cbor[(int) offset] & 0xff) >>> 5 : -1;
        if (majorType == UNSIGNED_INTEGER || majorType == NEGATIVE_INTEGER) {
            String known = LABELS.get(Integer.valueOf(key));
            // an integer label this parser does not know: ignored, as RFC 8428 section 4.4 asks for unknown ones
            return known != null ? known : "label " + key;
        }
        // a text key is never one of the integer-labelled fields, even when spelled like one
        return LABELS.containsValue(key) ? "text key '" + key + "'" : key;
    }

    private static FieldValue readValue(JsonParser parser, JsonToken token) throws IOException {
        switch (token) {
            case VALUE_STRING:
                return new FieldValue(FieldKind.STRING, parser.getText());
            case VALUE_NUMBER_INT:
                return new FieldValue(FieldKind.NUMBER, new BigDecimal(parser.getBigIntegerValue()));
            case VALUE_NUMBER_FLOAT:
                return new FieldValue(FieldKind.NUMBER, floatValue(parser));
            case VALUE_TRUE:
            case VALUE_FALSE:
                return new FieldValue(FieldKind.BOOLEAN, token == JsonToken.VALUE_TRUE);
            case VALUE_NULL:
                return new FieldValue(FieldKind.NULL, null);
            case VALUE_EMBEDDED_OBJECT:
                // a byte string; CBOR has no other embedded value that Jackson reports this way
                return new FieldValue(FieldKind.BYTES, parser.getBinaryValue());
            case START_OBJECT:
                parser.skipChildren();
                return new FieldValue(FieldKind.OBJECT, null);
            case START_ARRAY:
                parser.skipChildren();
                return new FieldValue(FieldKind.ARRAY, null);
            default:
                throw new IllegalStateException("Jackson returned " + token + " where a CBOR value was expected");
        }
    }

    /** The exact value of a half, single or double float (or a decimal fraction); the Double itself if not finite. */
    private static Object floatValue(JsonParser parser) throws IOException {
        if (parser.getNumberType() == JsonParser.NumberType.BIG_DECIMAL) {
            return parser.getDecimalValue();
        }
        double value = parser.getDoubleValue();
        // BigDecimal.valueOf keeps a double's shortest decimal form, so 35.2 in CBOR resolves as "35.2" in JSON does
        return Double.isFinite(value) ? BigDecimal.valueOf(value) : Double.valueOf(value);
    }

    private static String kindName(FieldKind kind) {
        return kind == FieldKind.OBJECT ? "a map" : kind.label;
    }

    private static String at(JsonProcessingException e) {
        return e.getLocation() == null ? "" : " at byte " + e.getLocation().getByteOffset();
    }
}
