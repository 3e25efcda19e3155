package org.iocstream.jobs.kafka;

import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.util.function.SerializableFunction;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.iocstream.schemas.WireCodec;

/** Writes records of one Avro type to one topic, single-object encoded, keyed by a field of the record. */
public final class AvroRecordSerializer<T extends SpecificRecord> implements KafkaRecordSerializationSchema<T> {

    private final Class<T> type;
    private final String topic;
    private final SerializableFunction<T, String> key;
    private transient WireCodec<T> codec;

    public AvroRecordSerializer(Class<T> type, String topic, SerializableFunction<T, String> key) {
        this.type = type;
        this.topic = topic;
        this.key = key;
    }

    @Override
    public void open(SerializationSchema.InitializationContext context, KafkaSinkContext sinkContext) {
        codec = WireCodec.of(type);
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(T record, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, null, timestamp, key.apply(record).getBytes(StandardCharsets.UTF_8),
                codec.encode(record));
    }
}
