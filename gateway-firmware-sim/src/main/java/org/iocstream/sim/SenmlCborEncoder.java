package org.iocstream.sim;

import com.fasterxml.jackson.dataformat.cbor.CBORFactory;
import com.fasterxml.jackson.dataformat.cbor.CBORGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Encodes readings as a SenML CBOR pack (RFC 8428 section 6): the records of {@link SenmlEncoder}, with the same
 * base name and base time on each run of one device at one time, but integer labels (bn = -2, bt = -3, n = 0,
 * u = 1, v = 2, vs = 3). Output is deterministic: definite lengths, fields in a fixed order, integral values as CBOR
 * integers and the rest as 64-bit floats, so the same readings give the same bytes.
 */
public final class SenmlCborEncoder {

    private static final int BASE_NAME = -2;
    private static final int BASE_TIME = -3;
    private static final int NAME = 0;
    private static final int UNIT = 1;
    private static final int VALUE = 2;
    private static final int STRING_VALUE = 3;

    /** Integral values below this are written as CBOR integers; every such long is an exact double. */
    private static final double LARGEST_EXACT_INTEGER = 0x1.0p53;

    private static final CBORFactory CBOR = new CBORFactory();

    private SenmlCborEncoder() {
    }

    /** The SenML CBOR pack for these readings, in their order. */
    public static byte[] encode(List<Reading> readings) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CBORGenerator cbor = CBOR.createGenerator(out)) {
            cbor.writeStartArray(readings, readings.size());
            Reading previous = null;
            for (Reading reading : readings) {
                boolean startsRun = previous == null || !previous.device().id().equals(reading.device().id())
                        || !previous.time().equals(reading.time());
                boolean hasUnit = reading.metric().unit() != null;
                cbor.writeStartObject((startsRun ? 2 : 0) + (hasUnit ? 3 : 2));
                if (startsRun) {
                    cbor.writeFieldId(BASE_NAME);
                    cbor.writeString(reading.device().id() + ":");
                    cbor.writeFieldId(BASE_TIME);
                    cbor.writeNumber(reading.time().getEpochSecond());
                }
                cbor.writeFieldId(NAME);
                cbor.writeString(reading.metric().name());
                if (hasUnit) {
                    cbor.writeFieldId(UNIT);
                    cbor.writeString(reading.metric().unit());
                }
                if (reading.metric().numeric()) {
                    cbor.writeFieldId(VALUE);
                    writeValue(cbor, reading);
                } else {
                    cbor.writeFieldId(STRING_VALUE);
                    cbor.writeString(reading.text());
                }
                cbor.writeEndObject();
                previous = reading;
            }
            cbor.writeEndArray();
        } catch (IOException e) {
            throw new UncheckedIOException("writing CBOR to memory cannot fail", e);
        }
        return out.toByteArray();
    }

    private static void writeValue(CBORGenerator cbor, Reading reading) throws IOException {
        double value = reading.value();
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("SenML has no representation for " + value + " in " + reading);
        }
        if (value == Math.rint(value) && Math.abs(value) < LARGEST_EXACT_INTEGER) {
            cbor.writeNumber((long) value);
        } else {
            cbor.writeNumber(value);
        }
    }
}
