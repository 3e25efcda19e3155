package org.iocstream.connectors.kafka;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.schemas.DeviceInfo;
import org.iocstream.schemas.Topics;
import org.iocstream.schemas.WireCodec;
import org.iocstream.schemas.WireFormatException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills a {@link DeviceRegistry} from the compacted ioc.devices.v1 before the ingest connects: a broker that
 * kept the ingest's session delivers queued telemetry at once, before the retained device lists, and without
 * this the identity check would let those first readings through.
 */
public final class DeviceRegistryLoader {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceRegistryLoader.class);

    private DeviceRegistryLoader() {
    }

    /** Reads the topic from the beginning to its current end; returns how many declarations were applied. */
    public static int load(String bootstrapServers, DeviceRegistry registry, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        props.put(ConsumerConfig.CLIENT_ID_CONFIG, "ioc-device-registry-loader");
        WireCodec<DeviceInfo> codec = WireCodec.of(DeviceInfo.class);
        Instant deadline = Instant.now().plus(timeout);
        int applied = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.DEVICES, timeout).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("could not read " + Topics.DEVICES + " to its end within " + timeout);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    try {
                        registry.register(codec.decode(record.value()));
                        applied++;
                    } catch (WireFormatException e) {
                        // a tombstone or a foreign record names no device to register; the topic keeps it
                        LOG.warn("skipping {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                                e.getMessage());
                    }
                }
            }
        }
        LOG.info("device registry loaded: {} devices from {} declarations on {}", registry.size(), applied,
                Topics.DEVICES);
        return applied;
    }
}
