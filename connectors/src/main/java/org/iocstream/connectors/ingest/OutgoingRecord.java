package org.iocstream.connectors.ingest;

import java.util.function.Supplier;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * One Kafka record made from a gateway message.
 *
 * @param description what the record is, for logs and for the KAFKA_REJECTED dead letter; only needed when a
 *     send fails, so it is formatted then rather than for every reading
 * @param rejection what a dead letter reports, null for the other kinds
 */
record OutgoingRecord(ProducerRecord<byte[], byte[]> record, Kind kind, Supplier<String> description,
        Rejection rejection) {

    /** E.g. "reading 16681-ENV-0001:pm2_5 at 2025-11-25T03:20:00Z". */
    String label() {
        return description.get();
    }

    enum Kind {
        READING,
        DEVICE,
        STATUS,
        DEAD_LETTER
    }
}
