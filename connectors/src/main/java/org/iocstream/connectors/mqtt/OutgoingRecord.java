package org.iocstream.connectors.mqtt;

import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One Kafka record made from an MQTT message.
 *
 * @param label what the record is, for logs and for the KAFKA_REJECTED dead letter, e.g.
 *     "reading 16681-ENV-0001:pm2_5 at 2025-11-25T03:20:00Z"
 */
record OutgoingRecord(ProducerRecord<byte[], byte[]> record, Kind kind, String label) {

    enum Kind {
        READING,
        DEVICE,
        DEAD_LETTER
    }
}
