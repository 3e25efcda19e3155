package org.iocstream.connectors.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards each MQTT message's records to Kafka and acknowledges the message to the broker once every record is
 * resolved, so a message the ingest loses in between (crash, close) is delivered again by the broker.
 *
 * <p>A record that fails with a retriable error is resent alone, with capped exponential backoff, for as long as
 * it takes: acknowledging without it would lose it. A reading or device record that Kafka refuses for good is
 * reported, with the others of its message, in one KAFKA_REJECTED dead letter. A dead letter that Kafka refuses
 * for good is logged and dropped. Records sent again after a failure, or from a message the broker delivers
 * again, may reach Kafka twice; the telemetry job drops duplicate readings by reading identity (deviceId, metric,
 * time).
 *
 * <p>Work runs on three threads: Paho's callback thread ({@link #accept}), Kafka's I/O thread (send callbacks)
 * and the retry thread (resends, and KAFKA_REJECTED letters, since a send may block for up to max.block.ms).
 */
final class KafkaForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaForwarder.class);
    static final long FIRST_RETRY_DELAY_MS = 100;
    static final long MAX_RETRY_DELAY_MS = 5_000;

    private final Producer<byte[], byte[]> producer;
    private final MessageTranslator translator;
    private final Acknowledger acknowledger;
    private final ScheduledExecutorService retries;
    private final Clock clock;
    private final Counter messages;
    private final Counter readingsAccepted;
    private final Counter acksSkipped;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idle = new Object();
    private final Object acknowledging = new Object();
    private long connectionGeneration; // guarded by acknowledging
    private volatile boolean accepting = true;

    /** One attempt to get a record into Kafka; {@code failures} drives the backoff. */
    private record Delivery(PendingMessage message, OutgoingRecord record, int failures) {
        Delivery failedAgain() {
            return new Delivery(message, record, failures + 1);
        }
    }

    KafkaForwarder(Producer<byte[], byte[]> producer, MessageTranslator translator, Acknowledger acknowledger,
            ScheduledExecutorService retries, MeterRegistry meters, Clock clock) {
        this.producer = producer;
        this.translator = translator;
        this.acknowledger = acknowledger;
        this.retries = retries;
        this.clock = clock;
        this.messages = meters.counter("ioc.ingest.messages", "protocol", MqttIngest.PROTOCOL);
        this.readingsAccepted = meters.counter("ioc.ingest.readings.accepted", "protocol", MqttIngest.PROTOCOL);
        this.acksSkipped = meters.counter("ioc.ingest.acks.skipped", "protocol", MqttIngest.PROTOCOL);
        meters.gauge("ioc.ingest.inflight", List.of(Tag.of("protocol", MqttIngest.PROTOCOL)), inFlight);
    }

    /** Takes a message from Paho's callback thread: builds its records once and sends them. */
    void accept(String topic, MqttMessage message) {
        if (!accepting) {
            // close() is draining: unacknowledged, the message is delivered again on the kept session
            LOG.debug("closing: MQTT message {} from {} left to the broker", message.getId(), topic);
            return;
        }
        long generation = connectionGeneration();
        messages.increment();
        inFlight.incrementAndGet();
        Instant receivedAt = clock.instant();
        byte[] payload = message.getPayload();
        List<OutgoingRecord> records = translate(topic, payload, receivedAt);
        PendingMessage pending = new PendingMessage(topic, message.getId(), message.getQos(), generation, receivedAt,
                payload, records.size());
        runGuarded(pending, () -> forward(pending, records));
    }

    private List<OutgoingRecord> translate(String topic, byte[] payload, Instant receivedAt) {
        try {
            return translator.translate(topic, payload, receivedAt);
        } catch (RuntimeException e) {
            // a bug of ours must not stop the ingest or lose the message: keep it as a dead letter
            LOG.error("cannot handle a message from {}", topic, e);
            return List.of(translator.ingestError(topic, payload, receivedAt, e));
        }
    }

    private void forward(PendingMessage message, List<OutgoingRecord> records) {
        if (records.isEmpty()) {
            finish(message);
            return;
        }
        for (OutgoingRecord record : records) {
            if (message.sendFailed()) {
                // Kafka is failing this message already: the rest go to the retry thread instead of each
                // blocking Paho's thread for up to max.block.ms
                retryLater(new Delivery(message, record, 1));
            } else {
                send(new Delivery(message, record, 0));
            }
        }
    }

    private void send(Delivery delivery) {
        try {
            producer.send(delivery.record().record(),
                    (metadata, error) -> runGuarded(delivery.message(), () -> completed(delivery, error)));
        } catch (RuntimeException e) {
            // KafkaProducer throws rather than calls back on some failures (closed, interrupted, serialization)
            completed(delivery, e);
        }
    }

    private void completed(Delivery delivery, Exception error) {
        PendingMessage message = delivery.message();
        OutgoingRecord record = delivery.record();
        if (error == null) {
            if (message.inKafka(record)) {
                allResolved(message);
            }
            return;
        }
        boolean retriable = isRetriable(error);
        if (record.kind() == OutgoingRecord.Kind.DEAD_LETTER && !retriable) {
            // A dead letter is the last resort and Kafka refuses it for good: nothing else can be done. This log is
            // all that remains of it; the message is acknowledged, as keeping it would only block the ingest.
            LOG.error("Kafka refused {} for good; acknowledging MQTT message {} from {} (received {}, {} bytes) "
                    + "without it", record.label(), message.mqttId(), message.topic(), message.receivedAt(),
                    message.payload().length, error);
            message.markSendFailed();
            if (message.deadLetterDropped()) {
                allResolved(message);
            }
            return;
        }
        String outcome = retriable ? "sending it again in " + retryDelayMillis(delivery.failures() + 1) + " ms"
                : "it goes into a KAFKA_REJECTED dead letter";
        // once per message at WARN: a pack of thousands of records must not log thousands of lines
        if (message.markSendFailed()) {
            LOG.warn("Kafka did not take {} of MQTT message {} from {} ({}); {}", record.label(), message.mqttId(),
                    message.topic(), error, outcome);
        } else {
            LOG.debug("Kafka did not take {} of MQTT message {} from {} ({}); {}", record.label(), message.mqttId(),
                    message.topic(), error, outcome);
        }
        if (retriable) {
            retryLater(delivery.failedAgain());
        } else if (message.refusedByKafka(record, error)) {
            allResolved(message);
        }
    }

    /**
     * Whether sending the same record again can succeed. Kafka's TimeoutException (delivery.timeout.ms,
     * max.block.ms) is a RetriableException. An interrupted send was never made: only close() interrupts the retry
     * thread, and then the retry is refused and the message left to the broker.
     */
    static boolean isRetriable(Exception error) {
        return error instanceof RetriableException || error instanceof InterruptException;
    }

    /** 100 ms after the first failure, doubling up to 5 s. */
    static long retryDelayMillis(int failures) {
        return Math.min(MAX_RETRY_DELAY_MS, FIRST_RETRY_DELAY_MS << Math.min(failures - 1, 16));
    }

    private void retryLater(Delivery delivery) {
        onRetryThread(delivery.message(), () -> send(delivery), retryDelayMillis(delivery.failures()));
    }

    private void allResolved(PendingMessage message) {
        List<String> refusals = message.takeKafkaRefusals();
        if (refusals.isEmpty()) {
            finish(message);
            return;
        }
        onRetryThread(message, () -> send(new Delivery(message, translator.kafkaRejected(message.topic(),
                message.payload(), message.receivedAt(), refusals), 0)), 0);
    }

    private void onRetryThread(PendingMessage message, Runnable task, long delayMillis) {
        try {
            retries.schedule(() -> runGuarded(message, task), delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // close() has stopped the retry thread after waiting: unacknowledged, the message is delivered again
            if (abandon(message)) {
                LOG.warn("ingest closed: MQTT message {} from {} is not yet in Kafka and stays unacknowledged",
                        message.mqttId(), message.topic());
            }
        }
    }

    /** Runs work for one message so that no failure is swallowed by an executor or by Kafka's callback thread. */
    private void runGuarded(PendingMessage message, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            // A bug of ours, or the JVM in trouble. Not rethrown: an executor would keep it silently in a future,
            // and Kafka's I/O thread would die of an Error. Abandoned, the message stops holding a place in the
            // receive maximum; the broker delivers it again after a reconnect.
            LOG.error("the ingest failed on MQTT message {} from {}; it stays unacknowledged", message.mqttId(),
                    message.topic(), e);
            abandon(message);
        }
    }

    private void finish(PendingMessage message) {
        if (!message.release()) {
            return; // abandoned after a failure of ours: some records may be missing, so no ack
        }
        try {
            if (acknowledge(message)) {
                // counted after the ack: a test that waits on this counter may then stop the stack without loss
                readingsAccepted.increment(message.readingsInKafka());
            }
        } finally {
            leaveFlight();
        }
    }

    private boolean acknowledge(PendingMessage message) {
        if (message.qos() == 0) {
            return true; // QoS 0 has no acknowledgement
        }
        synchronized (acknowledging) {
            if (message.connectionGeneration() != connectionGeneration) {
                // the packet id may belong to another message on this connection; the broker delivers this one again
                acksSkipped.increment();
                LOG.debug("not acknowledging MQTT message {} from {}: it arrived on an earlier connection",
                        message.mqttId(), message.topic());
                return false;
            }
            try {
                acknowledger.ack(message.mqttId(), message.qos());
                return true;
            } catch (MqttException e) {
                LOG.warn("could not acknowledge MQTT message {} from {}; the broker delivers it again: {}",
                        message.mqttId(), message.topic(), e.toString());
                return false;
            }
        }
    }

    /** Gives up on a message without acknowledging it; @return true if it was still in flight. */
    private boolean abandon(PendingMessage message) {
        if (!message.release()) {
            return false;
        }
        leaveFlight();
        return true;
    }

    private void leaveFlight() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /**
     * A new connection replaces the old one (or the client is closing): messages received before are no longer
     * acknowledged, since the new connection may reuse their packet ids.
     */
    void connectionChanged() {
        synchronized (acknowledging) {
            connectionGeneration++;
        }
    }

    private long connectionGeneration() {
        synchronized (acknowledging) {
            return connectionGeneration;
        }
    }

    /** From now on, messages that arrive are left unacknowledged to the broker. */
    void stopAccepting() {
        accepting = false;
    }

    /** Messages received and not yet finished. */
    int inFlight() {
        return inFlight.get();
    }

    /** Waits until no message is in flight; false if {@code timeout} passed first. */
    boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (inFlight.get() > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
        }
        return true;
    }
}
