package org.iocstream.connectors.ingest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One gateway message on its way to Kafka. Its records are built once, when it arrives, so a retry resends the
 * same bytes: same event times (relative SenML times count from {@code receivedAt}), same ingestTime.
 *
 * <p>Each record is resolved once: in Kafka, refused by Kafka for good (to be reported in one KAFKA_REJECTED dead
 * letter), or, for a dead letter Kafka refuses for good, dropped. The thread that resolves the last record
 * finishes the message. Callbacks from Kafka's thread, the retry thread and the protocol's thread meet here,
 * hence the synchronized methods.
 */
final class PendingMessage {

    private final String topic;
    private final KafkaForwarder.Listener listener;
    private final Instant receivedAt;
    private final byte[] payload;
    private final List<String> kafkaRefusals = new ArrayList<>();
    private final List<Rejection> rejections = new ArrayList<>();
    private int unresolved;
    private int readingsInKafka;
    private boolean sendFailed;
    private boolean released;

    PendingMessage(String topic, KafkaForwarder.Listener listener, Instant receivedAt, byte[] payload, int records) {
        this.topic = topic;
        this.listener = listener;
        this.receivedAt = receivedAt;
        this.payload = payload;
        this.unresolved = records;
    }

    String topic() {
        return topic;
    }

    KafkaForwarder.Listener listener() {
        return listener;
    }

    Instant receivedAt() {
        return receivedAt;
    }

    byte[] payload() {
        return payload;
    }

    /** @return true if that was the last unresolved record */
    synchronized boolean inKafka(OutgoingRecord record) {
        if (record.kind() == OutgoingRecord.Kind.READING) {
            readingsInKafka++;
        } else if (record.kind() == OutgoingRecord.Kind.DEAD_LETTER) {
            rejections.add(record.rejection());
        }
        return --unresolved == 0;
    }

    /** @return true if that was the last unresolved record */
    synchronized boolean refusedByKafka(OutgoingRecord record, Exception error) {
        kafkaRefusals.add(record.label() + ": " + error);
        return --unresolved == 0;
    }

    /** @return true if that was the last unresolved record */
    synchronized boolean deadLetterDropped(OutgoingRecord record) {
        rejections.add(record.rejection());
        return --unresolved == 0;
    }

    /**
     * Once every record is resolved: the records Kafka refused for good, which leaves one record unresolved, the
     * KAFKA_REJECTED dead letter that reports them; empty if there were none.
     */
    synchronized List<String> takeKafkaRefusals() {
        List<String> refusals = List.copyOf(kafkaRefusals);
        kafkaRefusals.clear();
        if (!refusals.isEmpty()) {
            unresolved = 1;
        }
        return refusals;
    }

    synchronized int readingsInKafka() {
        return readingsInKafka;
    }

    /** What the message's dead letters report, whether Kafka took them or not, in the order they resolved. */
    synchronized List<Rejection> rejections() {
        return List.copyOf(rejections);
    }

    /** @return true on the first failed send of this message */
    synchronized boolean markSendFailed() {
        boolean first = !sendFailed;
        sendFailed = true;
        return first;
    }

    synchronized boolean sendFailed() {
        return sendFailed;
    }

    /** @return true the first time: finished or abandoned, the message then no longer counts as in flight */
    synchronized boolean release() {
        boolean first = !released;
        released = true;
        return first;
    }
}
