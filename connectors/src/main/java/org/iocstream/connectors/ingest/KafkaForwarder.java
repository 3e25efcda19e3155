package org.iocstream.connectors.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.RetriableException;
import org.iocstream.connectors.senml.SenmlDecoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Forwards each gateway message's records to Kafka and tells the protocol side once every record is resolved, so
 * that it acknowledges the message only then (MQTT PUBACK, CoAP 2.04): a message the ingest loses in between
 * (crash, close) is sent again by the broker or the gateway.
 *
 * <p>A record that fails with a retriable error is resent alone, with capped exponential backoff, for as long as
 * it takes: acknowledging without it would lose it. A reading or device record that Kafka refuses for good is
 * reported, with the others of its message, in one KAFKA_REJECTED dead letter. A dead letter that Kafka refuses
 * for good is logged and dropped. Records sent again after a failure, or from a message the broker delivers
 * again, may reach Kafka twice; the telemetry job drops duplicate readings by reading identity (deviceId, metric,
 * time).
 *
 * <p>Work runs on three kinds of thread: the protocol's thread ({@link #forward}: Paho's callback thread, a
 * Californium worker), Kafka's I/O thread (send callbacks) and the retry thread (resends, and KAFKA_REJECTED
 * letters, since a send may block for up to max.block.ms).
 */
public final class KafkaForwarder {

    /** What became of a message once every record made from it is resolved. */
    public record Outcome(int readingsInKafka, List<Rejection> rejections) {
    }

    /** The protocol side of one message; called at most once, on whichever thread resolves the message. */
    public interface Listener {

        /**
         * Every record is resolved: acknowledge the message to its sender now.
         *
         * @return whether the sender was told; the readings count as accepted only then
         */
        boolean forwarded(Outcome outcome);

        /**
         * The ingest gave up on the message after a failure of its own or because it is closing: some records may
         * not be in Kafka, so the sender must send it again.
         */
        void abandoned();
    }

    private static final Logger LOG = LoggerFactory.getLogger(KafkaForwarder.class);
    static final long FIRST_RETRY_DELAY_MS = 100;
    static final long MAX_RETRY_DELAY_MS = 5_000;

    private final Producer<byte[], byte[]> producer;
    private final MessageTranslator translator;
    private final ScheduledExecutorService retries;
    private final Clock clock;
    private final Counter messages;
    private final Counter readingsAccepted;
    private final Timer kafkaLatency;
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Object idle = new Object();
    private volatile boolean accepting = true;

    /** One attempt to get a record into Kafka; {@code failures} drives the backoff. */
    private record Delivery(PendingMessage message, OutgoingRecord record, int failures) {
        Delivery failedAgain() {
            return new Delivery(message, record, failures + 1);
        }
    }

    /**
     * @param retries a single thread of the caller's, stopped by the caller after {@link #awaitIdle}
     */
    public KafkaForwarder(Producer<byte[], byte[]> producer, MessageTranslator translator,
            ScheduledExecutorService retries, MeterRegistry meters, Clock clock) {
        this.producer = producer;
        this.translator = translator;
        this.retries = retries;
        this.clock = clock;
        this.messages = meters.counter("ioc.ingest.messages", "protocol", translator.protocol());
        this.readingsAccepted = meters.counter("ioc.ingest.readings.accepted", "protocol", translator.protocol());
        meters.gauge("ioc.ingest.inflight", List.of(Tag.of("protocol", translator.protocol())), inFlight);
        this.kafkaLatency = Timer.builder("ioc.ingest.kafka.latency")
                .description("From a message's arrival to Kafka's acknowledgement of its last record")
                .tag("protocol", translator.protocol())
                .publishPercentiles(0.5, 0.99)
                .register(meters);
    }

    /**
     * Takes a message on the protocol's thread: builds its records once and sends them; {@code listener} hears
     * when they are resolved.
     *
     * @param topic the MQTT topic, or the CoAP Uri-Path joined by '/'
     * @param senml the parser for the telemetry's syntax
     * @param retained whether the broker replayed a retained message (MQTT), rather than one just sent
     * @return false, and nothing is done, once {@link #stopAccepting} was called
     */
    public boolean forward(String topic, SenmlDecoder senml, byte[] payload, boolean retained, Listener listener) {
        return take(topic, payload, listener, receivedAt -> translate(topic, senml, payload, retained, receivedAt));
    }

    /**
     * Takes a message refused before it is read, such as a DTLS identity posting to another gateway's path: only
     * its dead letter goes to Kafka, and {@code listener} hears once it is there, the rejection in the outcome.
     *
     * @param sender who sent it, named in the dead letter's clientId (e.g. the DTLS PSK identity)
     * @return false, and nothing is done, once {@link #stopAccepting} was called
     */
    public boolean refuse(String topic, Rejection rejection, String sender, byte[] payload, Listener listener) {
        return take(topic, payload, listener,
                receivedAt -> List.of(translator.refused(topic, rejection, sender, payload, receivedAt)));
    }

    private boolean take(String topic, byte[] payload, Listener listener,
            Function<Instant, List<OutgoingRecord>> recordsReceivedAt) {
        if (!accepting) {
            return false;
        }
        messages.increment();
        inFlight.incrementAndGet();
        Instant receivedAt = clock.instant();
        List<OutgoingRecord> records = recordsReceivedAt.apply(receivedAt);
        PendingMessage pending = new PendingMessage(topic, listener, receivedAt, payload, records.size());
        runGuarded(pending, () -> forward(pending, records));
        return true;
    }

    private List<OutgoingRecord> translate(String topic, SenmlDecoder senml, byte[] payload, boolean retained,
            Instant receivedAt) {
        try {
            return translator.translate(topic, senml, payload, retained, receivedAt);
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
                // blocking the protocol's thread for up to max.block.ms
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
            LOG.error("Kafka refused {} for good; acknowledging the message from {} (received {}, {} bytes) "
                    + "without it", record.label(), message.topic(), message.receivedAt(),
                    message.payload().length, error);
            message.markSendFailed();
            if (message.deadLetterDropped(record)) {
                allResolved(message);
            }
            return;
        }
        String outcome = retriable ? "sending it again in " + retryDelayMillis(delivery.failures() + 1) + " ms"
                : "it goes into a KAFKA_REJECTED dead letter";
        // once per message at WARN: a pack of thousands of records must not log thousands of lines
        if (message.markSendFailed()) {
            LOG.warn("Kafka did not take {} of the message from {} received {} ({}); {}", record.label(),
                    message.topic(), message.receivedAt(), error, outcome);
        } else {
            LOG.debug("Kafka did not take {} of the message from {} received {} ({}); {}", record.label(),
                    message.topic(), message.receivedAt(), error, outcome);
        }
        if (retriable) {
            retryLater(delivery.failedAgain());
        } else if (message.refusedByKafka(record, error)) {
            allResolved(message);
        }
    }

    /**
     * Whether sending the same record again can succeed. Kafka's TimeoutException (delivery.timeout.ms,
     * max.block.ms) is a RetriableException. An interrupted send was never made: only closing interrupts the retry
     * thread, and then the retry is refused and the message abandoned.
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
            // the ingest has stopped the retry thread after waiting: unacknowledged, the message is sent again
            if (abandon(message)) {
                LOG.warn("ingest closed: the message from {} received {} is not yet in Kafka and stays "
                        + "unacknowledged", message.topic(), message.receivedAt());
            }
        }
    }

    /** Runs work for one message so that no failure is swallowed by an executor or by Kafka's callback thread. */
    private void runGuarded(PendingMessage message, Runnable work) {
        try {
            work.run();
        } catch (RuntimeException | Error e) {
            // A bug of ours, or the JVM in trouble. Not rethrown: an executor would keep it silently in a future,
            // and Kafka's I/O thread would die of an Error. Abandoned, the message stops holding a place in flight;
            // its sender sends it again.
            LOG.error("the ingest failed on the message from {} received {}; it stays unacknowledged",
                    message.topic(), message.receivedAt(), e);
            abandon(message);
        }
    }

    private void finish(PendingMessage message) {
        if (!message.release()) {
            return; // abandoned after a failure of ours: some records may be missing, so no ack
        }
        try {
            kafkaLatency.record(Duration.between(message.receivedAt(), clock.instant()));
            if (message.listener().forwarded(new Outcome(message.readingsInKafka(), message.rejections()))) {
                // counted after the ack: a test that waits on this counter may then stop the stack without loss
                readingsAccepted.increment(message.readingsInKafka());
            }
        } finally {
            leaveFlight();
        }
    }

    /** Gives up on a message without acknowledging it; @return true if it was still in flight. */
    private boolean abandon(PendingMessage message) {
        if (!message.release()) {
            return false;
        }
        try {
            message.listener().abandoned();
        } finally {
            leaveFlight();
        }
        return true;
    }

    private void leaveFlight() {
        if (inFlight.decrementAndGet() == 0) {
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** From now on, {@link #forward} refuses messages: their senders are not acknowledged and send them again. */
    public void stopAccepting() {
        accepting = false;
    }

    /** Messages received and not yet finished. */
    public int inFlight() {
        return inFlight.get();
    }

    /** Waits until no message is in flight; false if {@code timeout} passed first. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
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
