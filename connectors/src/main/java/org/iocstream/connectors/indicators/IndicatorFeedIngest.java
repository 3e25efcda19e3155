package org.iocstream.connectors.indicators;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.iocstream.connectors.ingest.DeadLetters;
import org.iocstream.connectors.ingest.Rejection;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.Topics;
import org.iocstream.schemas.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes one feed document (an HTTP request body, a dropped file), all or nothing: if every row is a valid value,
 * every value goes to ioc.indicators.v1 and the call returns once Kafka has acknowledged them all; if any row is
 * bad, nothing is published and each bad row (or the unreadable document) becomes a dead letter on
 * ioc.deadletter.v1. A KPI report that is half in is worse than one that is refused whole: the sender fixes the
 * rows named and sends the same document again.
 *
 * <p>A value's identity is (code, scope, period type, period start), so sending a document again after a failure
 * writes the same values again, and the latest one per identity is the one that counts.
 */
public final class IndicatorFeedIngest {

    private static final Logger LOG = LoggerFactory.getLogger(IndicatorFeedIngest.class);
    /** Kafka's producer refuses records over 1 MiB by default: a letter carries at most this much of a document. */
    static final int DOCUMENT_PAYLOAD_CAP = 64 * 1024;

    /**
     * One document to take.
     *
     * @param source the authenticated feed source (token owner, drop-folder subfolder)
     * @param protocol {@code http} or {@code file}, the dead letters' protocol
     * @param path the HTTP path or the file's path, the dead letters' source and key
     */
    public record Submission(String source, String protocol, String path, FeedFormat format, byte[] document) {
    }

    /** What became of a document: how many values are in Kafka, or why it was refused (then none are). */
    public record Outcome(int accepted, List<RowRejection> rejections) {
        public boolean isAccepted() {
            return rejections.isEmpty();
        }
    }

    /** Kafka did not acknowledge every value; some may be in Kafka, and the document must be sent again. */
    public static final class PublishException extends Exception {
        PublishException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final FeedValidator validator;
    private final MeterRegistry meters;
    private final Clock clock;
    private final WireCodec<IndicatorValue> valueCodec = WireCodec.of(IndicatorValue.class);
    private final WireCodec<DeadLetter> deadLetterCodec = WireCodec.of(DeadLetter.class);

    public IndicatorFeedIngest(Producer<byte[], byte[]> producer, FeedValidator validator, MeterRegistry meters,
            Clock clock) {
        this.producer = producer;
        this.validator = validator;
        this.meters = meters;
        this.clock = clock;
    }

    /** Validates the document and publishes its values, or its dead letters; see the class comment. */
    public Outcome submit(Submission submission) throws PublishException {
        Instant receivedAt = clock.instant();
        FeedDocument document;
        try {
            document = submission.format().parse(submission.document());
        } catch (MalformedFeedException e) {
            return refuse(submission, new Rejection(Rejection.MALFORMED_FEED, e.getMessage()));
        }
        meters.counter("ioc.indicators.received", "source", submission.source()).increment(document.size());
        FeedValidator.Result result = validator.validate(document, submission.source(), receivedAt);
        if (!result.rejections().isEmpty()) {
            deadLetters(submission, result.rejections(), receivedAt);
            return new Outcome(0, result.rejections());
        }
        List<Future<RecordMetadata>> sent = new ArrayList<>(result.values().size());
        for (IndicatorValue value : result.values()) {
            sent.add(send(new ProducerRecord<>(Topics.INDICATORS, value.getCode().getBytes(StandardCharsets.UTF_8),
                    valueCodec.encode(value)), submission));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : sent) {
            await(ack, submission);
        }
        meters.counter("ioc.indicators.accepted", "source", submission.source()).increment(sent.size());
        LOG.info("{} indicator values from {} ({} {}) are in {}", sent.size(), submission.source(),
                submission.protocol(), submission.path(), Topics.INDICATORS);
        return new Outcome(sent.size(), List.of());
    }

    /**
     * Refuses a whole document for a reason found before its rows were read (e.g. too large): one dead letter with
     * at most the first {@value #DOCUMENT_PAYLOAD_CAP} bytes of it.
     */
    public Outcome refuse(Submission submission, Rejection rejection) {
        byte[] document = submission.document();
        String truncation = document.length <= DOCUMENT_PAYLOAD_CAP ? ""
                : " (the dead letter holds the first " + DOCUMENT_PAYLOAD_CAP + " of " + document.length + " bytes)";
        RowRejection whole = new RowRejection(0, 0,
                Arrays.copyOf(document, Math.min(document.length, DOCUMENT_PAYLOAD_CAP)),
                new Rejection(rejection.reasonCode(), rejection.message() + truncation));
        deadLetters(submission, List.of(whole), clock.instant());
        return new Outcome(0, List.of(whole));
    }

    private void deadLetters(Submission submission, List<RowRejection> rejections, Instant receivedAt) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(rejections.size());
        for (RowRejection rejection : rejections) {
            meters.counter("ioc.indicators.rejected", "source", submission.source(), "reason",
                    rejection.rejection().reasonCode()).increment();
            DeadLetter letter = DeadLetters.of(rejection.rejection(), submission.protocol(), submission.path(),
                    submission.source(), null, null, receivedAt, rejection.raw());
            try {
                sent.add(send(new ProducerRecord<>(Topics.DEADLETTER,
                        submission.path().getBytes(StandardCharsets.UTF_8), deadLetterCodec.encode(letter)),
                        submission));
            } catch (PublishException e) {
                // the sender hears every reason all the same; only the topic's copy is missing
                LOG.error("dead letters of {} from {} not written: {}", submission.path(), submission.source(),
                        e.getMessage());
                return;
            }
        }
        producer.flush();
        for (Future<RecordMetadata> ack : sent) {
            try {
                await(ack, submission);
            } catch (PublishException e) {
                LOG.error("dead letters of {} from {} not written: {}", submission.path(), submission.source(),
                        e.getMessage());
                return;
            }
        }
        LOG.info("refused {} from {} ({}): {} dead letter(s), first: {}", submission.path(), submission.source(),
                submission.protocol(), rejections.size(), rejections.get(0).rejection().message());
    }

    private Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record, Submission submission)
            throws PublishException {
        try {
            return producer.send(record);
        } catch (RuntimeException e) {
            // KafkaProducer throws rather than returns a failed future on some failures (closed, max.block.ms)
            throw new PublishException("Kafka did not take a record of " + submission.path() + " from "
                    + submission.source() + ": " + e, e);
        }
    }

    private static void await(Future<RecordMetadata> ack, Submission submission) throws PublishException {
        try {
            ack.get();
        } catch (ExecutionException e) {
            throw new PublishException("Kafka did not acknowledge a record of " + submission.path() + " from "
                    + submission.source() + ": " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PublishException("interrupted while waiting for Kafka", e);
        }
    }
}
