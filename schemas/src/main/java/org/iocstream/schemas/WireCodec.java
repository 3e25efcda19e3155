package org.iocstream.schemas;

import java.io.IOException;
import java.nio.ByteBuffer;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.BadHeaderException;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.message.MissingSchemaException;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;

/**
 * Encodes and decodes one record type in Avro single-object encoding: a two-byte marker, the writer schema's
 * 64-bit CRC fingerprint, then the binary record. Every message on the IOC Stream topics uses it, so a
 * consumer always knows which schema wrote a message. Older writer schemas can be registered so that data
 * written before a compatible schema change still decodes.
 *
 * <p>Instances are thread-safe.
 */
public final class WireCodec<T extends SpecificRecord> {

    private final Class<T> type;
    private final Schema schema;
    private final BinaryMessageEncoder<T> encoder;
    private final BinaryMessageDecoder<T> decoder;

    private WireCodec(Class<T> type) {
        SpecificData model = SpecificData.getForClass(type);
        this.type = type;
        this.schema = model.getSchema(type);
        this.encoder = new BinaryMessageEncoder<>(model, schema);
        this.decoder = new BinaryMessageDecoder<>(model, schema);
    }

    /** A codec for a generated record class, e.g. {@code WireCodec.of(Reading.class)}. */
    public static <T extends SpecificRecord> WireCodec<T> of(Class<T> type) {
        return new WireCodec<>(type);
    }

    /** Lets this codec read messages written with an older (compatible) version of the schema. */
    public WireCodec<T> acceptingWriterSchema(Schema olderSchema) {
        decoder.addSchema(olderSchema);
        return this;
    }

    public Schema schema() {
        return schema;
    }

    /** The fingerprint written into every message: CRC-64-AVRO of the schema's parsing canonical form. */
    public long fingerprint() {
        return SchemaNormalization.parsingFingerprint64(schema);
    }

    public byte[] encode(T record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
        }
    }

    /**
     * Decodes one message.
     *
     * @throws WireFormatException if the bytes are not single-object encoded, were written with a schema this
     *     codec does not know, or are truncated or corrupt
     */
    public T decode(byte[] message) {
        if (message == null) {
            throw new WireFormatException("cannot decode " + type.getSimpleName() + ": message is null (tombstone?)");
        }
        try {
            return decoder.decode(message);
        } catch (MissingSchemaException e) {
            throw new WireFormatException("cannot decode " + type.getSimpleName()
                    + ": written with an unknown schema (" + e.getMessage() + ")", e);
        } catch (BadHeaderException e) {
            throw new WireFormatException("cannot decode " + type.getSimpleName()
                    + ": not Avro single-object encoding (" + e.getMessage() + ")", e);
        } catch (IOException | RuntimeException e) {
            throw new WireFormatException("cannot decode " + type.getSimpleName()
                    + ": truncated or corrupt message of " + message.length + " bytes (" + e + ")", e);
        }
    }
}
