package org.iocstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    private static final Instant MEASURED = Instant.parse("2025-11-25T03:20:00.250Z");

    private final WireCodec<Reading> codec = WireCodec.of(Reading.class);

    private static Reading reading() {
        return Reading.newBuilder()
                .setDeviceId("16681-ENV-0001")
                .setMetric("pm2_5")
                .setTime(MEASURED)
                .setValue(35.25)
                .setUnit("ug/m3")
                .setCommune("16681")
                .setGateway("gw-01")
                .setIngestProtocol("mqtt")
                .setIngestTime(Instant.parse("2025-11-25T03:20:01Z"))
                .build();
    }

    @Test
    void roundTripsEveryField() {
        Reading decoded = codec.decode(codec.encode(reading()));

        assertThat(decoded).isEqualTo(reading());
        assertThat(decoded.getTime()).isEqualTo(MEASURED);
        assertThat(decoded.getStringValue()).isNull();
    }

    @Test
    void everyMessageStartsWithMarkerAndSchemaFingerprint() {
        byte[] bytes = codec.encode(reading());

        // single-object encoding: C3 01, then the little-endian CRC-64-AVRO fingerprint of the schema
        assertThat(bytes[0]).isEqualTo((byte) 0xC3);
        assertThat(bytes[1]).isEqualTo((byte) 0x01);
        long fingerprint = ByteBuffer.wrap(bytes, 2, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertThat(fingerprint).isEqualTo(codec.fingerprint());
    }

    @Test
    void messagesOfAnotherRecordTypeAreRefusedWithTheReason() {
        byte[] deadLetter = WireCodec.of(DeadLetter.class).encode(DeadLetter.newBuilder()
                .setReasonCode("MALFORMED_SENML")
                .setMessage("not JSON")
                .setProtocol("mqtt")
                .setSource("ioc/v1/16681/gw-01/telemetry")
                .setReceivedAt(MEASURED)
                .setPayload(ByteBuffer.wrap("{".getBytes(StandardCharsets.UTF_8)))
                .build());

        assertThatThrownBy(() -> codec.decode(deadLetter))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("unknown schema");
    }

    @Test
    void bytesThatAreNotSingleObjectEncodedAreRefused() {
        assertThatThrownBy(() -> codec.decode("{\"n\":\"pm2_5\"}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("not Avro single-object encoding");
        assertThatThrownBy(() -> codec.decode(null))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("null");
    }

    @Test
    void truncatedMessagesAreRefused() {
        byte[] bytes = codec.encode(reading());

        assertThatThrownBy(() -> codec.decode(Arrays.copyOf(bytes, bytes.length - 5)))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("truncated or corrupt");
    }

    @Test
    void decodesMessagesWrittenWithARegisteredOlderSchema() {
        // an imagined earlier Reading that had neither unit nor stringValue (both optional today)
        Schema older = SchemaBuilder.record("Reading").namespace("org.iocstream.schemas").fields()
                .requiredString("deviceId")
                .requiredString("metric")
                .name("time").type(LogicalTypes.timestampMicros()
                        .addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .optionalDouble("value")
                .requiredString("commune")
                .requiredString("gateway")
                .requiredString("ingestProtocol")
                .name("ingestTime").type(LogicalTypes.timestampMillis()
                        .addToSchema(Schema.create(Schema.Type.LONG))).noDefault()
                .endRecord();
        GenericRecord old = new GenericData.Record(older);
        old.put("deviceId", "16681-CAM-0001");
        old.put("metric", "vehicle_count");
        old.put("time", 1_764_040_800_000_000L);
        old.put("value", 12.0);
        old.put("commune", "16681");
        old.put("gateway", "gw-01");
        old.put("ingestProtocol", "mqtt");
        old.put("ingestTime", 1_764_040_801_000L);
        byte[] bytes = toBytes(new BinaryMessageEncoder<GenericRecord>(GenericData.get(), older), old);

        assertThatThrownBy(() -> codec.decode(bytes))
                .isInstanceOf(WireFormatException.class)
                .hasMessageContaining("unknown schema");

        Reading decoded = WireCodec.of(Reading.class).acceptingWriterSchema(older).decode(bytes);
        assertThat(decoded.getDeviceId()).isEqualTo("16681-CAM-0001");
        assertThat(decoded.getValue()).isEqualTo(12.0);
        assertThat(decoded.getTime()).isEqualTo(Instant.ofEpochSecond(1_764_040_800L));
        assertThat(decoded.getUnit()).isNull();
    }

    private static byte[] toBytes(BinaryMessageEncoder<GenericRecord> encoder, GenericRecord record) {
        try {
            ByteBuffer buffer = encoder.encode(record);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
