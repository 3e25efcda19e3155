package org.iocstream.jobs.kafka;

import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.serialization.DeserializationSchema;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.iocstream.schemas.WireCodec;
import org.iocstream.schemas.WireFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes the records of a side-input topic (device registry, gateway status, operator commands, indicator
 * feeds). These topics are written by this project's own ingest and console, which validate what they write,
 * so a record that does not decode is a bug or a foreign writer: it is logged with its position and counted
 * ({@code undecodableRecords}) and the job goes on. A tombstone (a deleted key of a compacted topic) is skipped.
 */
public final class SideInputDeserializer<T extends SpecificRecordBase> implements KafkaRecordDeserializationSchema<T> {

    private static final Logger LOG = LoggerFactory.getLogger(SideInputDeserializer.class);

    private final Class<T> type;
    private transient WireCodec<T> codec;
    private transient Counter undecodable;

    public SideInputDeserializer(Class<T> type) {
        this.type = type;
    }

    @Override
    public void open(DeserializationSchema.InitializationContext context) {
        codec = WireCodec.of(type);
        undecodable = context.getMetricGroup().counter("undecodableRecords");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<T> out) {
        if (record.value() == null) {
            return;
        }
        try {
            out.collect(codec.decode(record.value()));
        } catch (WireFormatException e) {
            undecodable.inc();
            LOG.warn("skipped the record at {}-{}@{}: it is not a {}: {}", record.topic(), record.partition(),
                    record.offset(), type.getSimpleName(), e.getMessage());
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return new AvroTypeInfo<>(type);
    }
}
