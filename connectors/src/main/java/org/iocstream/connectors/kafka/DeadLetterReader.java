package org.iocstream.connectors.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.Topics;
import org.iocstream.schemas.WireCodec;
import org.iocstream.schemas.WireFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads what ioc.deadletter.v1 holds from an instant on, up to its end when asked: what an operator looks at to
 * find out what was refused and why. It commits nothing and joins no group, so reading changes nothing.
 */
public final class DeadLetterReader {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterReader.class);

    private DeadLetterReader() {
    }

    /** One dead letter and where it lies on the topic. */
    public record Entry(DeadLetter letter, int partition, long offset, Instant appended) {
    }

    /**
     * Every dead letter appended at or after {@code since}, oldest first; records that are not dead letters are
     * skipped.
     *
     * @throws IllegalStateException if the topic cannot be read to its end within the timeout
     */
    public static List<Entry> since(String bootstrapServers, Instant since, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ioc-deadletter-reader");
        WireCodec<DeadLetter> codec = WireCodec.of(DeadLetter.class);
        Instant deadline = Instant.now().plus(timeout);
        List<Entry> entries = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEADLETTER, timeout).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            Map<TopicPartition, Long> query = new HashMap<>();
            partitions.forEach(partition -> query.put(partition, since.toEpochMilli()));
            Map<TopicPartition, OffsetAndTimestamp> first = consumer.offsetsForTimes(query, timeout);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            for (TopicPartition partition : partitions) {
                OffsetAndTimestamp offset = first.get(partition);
                consumer.seek(partition, offset == null ? end.get(partition) : offset.offset());
            }
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + Topics.DEADLETTER + " to its end within "
                            + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        entries.add(new Entry(codec.decode(record.value()), record.partition(), record.offset(),
                                Instant.ofEpochMilli(record.timestamp())));
                    } catch (WireFormatException e) {
                        LOG.warn("skipping {}-{}@{}, not a dead letter: {}", record.topic(), record.partition(),
                                record.offset(), e.getMessage());
                    }
                }
            }
        }
        entries.sort(Comparator.comparing(Entry::appended).thenComparingInt(Entry::partition)
                .thenComparingLong(Entry::offset));
        return entries;
    }
}
