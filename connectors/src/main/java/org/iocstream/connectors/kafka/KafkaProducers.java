package org.iocstream.connectors.kafka;

import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Producer settings for the ingest: acks=all, and idempotent, which keeps the producer's own retries from
 * duplicating or reordering a record. A record the ingest itself sends again is a new record to Kafka; the
 * telemetry job drops duplicate readings by reading identity (deviceId, metric, time).
 */
public final class KafkaProducers {

    private KafkaProducers() {
    }

    public static KafkaProducer<byte[], byte[]> reliable(String bootstrapServers, String clientId) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // send() runs on Paho's callback thread and waits up to this long for metadata or buffer space (default
        // 60 s); the ingest treats the TimeoutException as a failed send and retries it from its own thread
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(props);
    }
}
