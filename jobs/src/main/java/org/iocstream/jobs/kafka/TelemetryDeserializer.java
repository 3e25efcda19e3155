package org.iocstream.jobs.kafka;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.iocstream.jobs.telemetry.TelemetryInput;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.WireCodec;
import org.iocstream.schemas.WireFormatException;

/** Decodes ioc.telemetry.v1 records; a record that does not decode becomes a dead letter instead of a failure. */
public final class TelemetryDeserializer implements KafkaRecordDeserializationSchema<Either<DeadLetter, Reading>> {

    public static final String UNDECODABLE_RECORD = "UNDECODABLE_RECORD";

    private transient WireCodec<Reading> codec;

    @Override
    public void open(org.apache.flink.api.common.serialization.DeserializationSchema.InitializationContext context) {
        codec = WireCodec.of(Reading.class);
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<Either<DeadLetter, Reading>> out) {
        try {
            out.collect(TelemetryInput.of(codec.decode(record.value())));
        } catch (WireFormatException e) {
            byte[] payload = record.value() == null ? new byte[0] : record.value();
            out.collect(TelemetryInput.rejected(DeadLetter.newBuilder()
                    .setReasonCode(UNDECODABLE_RECORD)
                    .setMessage("record at " + record.topic() + "-" + record.partition() + "@" + record.offset()
                            + " is not a Reading: " + e.getMessage())
                    .setProtocol("kafka")
                    .setSource(record.topic() + "-" + record.partition() + "@" + record.offset())
                    .setReceivedAt(Instant.ofEpochMilli(record.timestamp()))
                    .setPayload(ByteBuffer.wrap(payload))
                    .build()));
        }
    }

    @Override
    public TypeInformation<Either<DeadLetter, Reading>> getProducedType() {
        return TelemetryInput.TYPE;
    }
}
