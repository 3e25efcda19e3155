package org.iocstream.connectors.ingest;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.iocstream.connectors.senml.SenmlDecoder;
import org.iocstream.connectors.senml.SenmlException;
import org.iocstream.connectors.senml.SenmlRecord;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.DeviceInfo;
import org.iocstream.schemas.GatewayState;
import org.iocstream.schemas.GatewayStatus;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.Topics;
import org.iocstream.schemas.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one gateway message (MQTT or CoAP) into the Kafka records it stands for: readings, device infos and dead
 * letters. Each dead letter counts its rejected records in {@code ioc.ingest.rejected} here, when it is built, so
 * a record is counted once however often its send is retried.
 */
public final class MessageTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(MessageTranslator.class);

    /**
     * The most payload a KAFKA_REJECTED dead letter carries. Kafka may have refused the records for their size
     * (the producer's max.request.size is 1 MiB by default), so the letter must stay well below it.
     */
    static final int KAFKA_REJECTED_PAYLOAD_CAP = 64 * 1024;

    private final TelemetryMapper mapper;
    private final DeviceRegistry registry;
    private final String protocol;
    private final String clientId;
    private final MeterRegistry meters;
    private final WireCodec<Reading> readingCodec = WireCodec.of(Reading.class);
    private final WireCodec<DeadLetter> deadLetterCodec = WireCodec.of(DeadLetter.class);
    private final WireCodec<DeviceInfo> deviceCodec = WireCodec.of(DeviceInfo.class);
    private final WireCodec<GatewayStatus> statusCodec = WireCodec.of(GatewayStatus.class);

    /**
     * @param protocol how the messages arrive ({@code mqtt}, {@code coap}): the readings' ingestProtocol, the dead
     *     letters' protocol and the {@code protocol} tag of the metrics
     * @param clientId the ingest instance, named in each dead letter
     */
    public MessageTranslator(TelemetryMapper mapper, DeviceRegistry registry, String protocol, String clientId,
            MeterRegistry meters) {
        this.mapper = mapper;
        this.registry = registry;
        this.protocol = protocol;
        this.clientId = clientId;
        this.meters = meters;
    }

    /** How the messages arrive, e.g. {@code mqtt}. */
    public String protocol() {
        return protocol;
    }

    /**
     * The records of a message received at {@code receivedAt}; empty when there is nothing to forward.
     *
     * @param topicName the MQTT topic, or the CoAP Uri-Path joined by '/'
     * @param senml the parser for the telemetry's syntax (JSON or CBOR); device lists are always JSON
     * @param retained whether the broker replayed a retained message rather than one just sent
     */
    List<OutgoingRecord> translate(String topicName, SenmlDecoder senml, byte[] payload, boolean retained,
            Instant receivedAt) {
        Optional<GatewayTopic> topic = GatewayTopic.parse(topicName);
        if (topic.isEmpty()) {
            return List.of(deadLetter(new Rejection(Rejection.BAD_TOPIC, "topic '" + topicName
                    + "' is not ioc/v1/{5-digit commune}/{gateway}/{telemetry|devices|status}"), 1, topicName,
                    receivedAt, payload));
        }
        return switch (topic.get().channel()) {
            case TELEMETRY -> telemetry(topic.get(), topicName, senml, payload, receivedAt);
            case DEVICES -> devices(topic.get(), topicName, payload, receivedAt);
            case STATUS -> status(topic.get(), topicName, payload, retained, receivedAt);
        };
    }

    private List<OutgoingRecord> telemetry(GatewayTopic topic, String topicName, SenmlDecoder senml, byte[] payload,
            Instant receivedAt) {
        List<SenmlRecord> records;
        try {
            records = senml.parse(payload, receivedAt);
        } catch (SenmlException e) {
            return List.of(deadLetter(new Rejection(Rejection.MALFORMED_SENML, e.reason() + ": " + e.getMessage()), 1,
                    topicName, receivedAt, payload));
        }
        TelemetryMapper.Result result = mapper.map(records, topic.commune(), topic.gateway(), protocol, receivedAt);
        List<OutgoingRecord> out = new ArrayList<>(result.readings().size() + 1);
        for (Reading reading : result.readings()) {
            out.add(new OutgoingRecord(new ProducerRecord<>(Topics.TELEMETRY,
                    reading.getDeviceId().getBytes(StandardCharsets.UTF_8), readingCodec.encode(reading)),
                    OutgoingRecord.Kind.READING,
                    () -> "reading " + reading.getDeviceId() + ":" + reading.getMetric() + " at " + reading.getTime(),
                    null));
        }
        for (RejectionSummary.Group group : RejectionSummary.byReason(result.rejections())) {
            out.add(deadLetter(group.rejection(), group.records(), topicName, receivedAt, payload));
        }
        return out;
    }

    private List<OutgoingRecord> devices(GatewayTopic topic, String topicName, byte[] payload, Instant receivedAt) {
        if (payload.length == 0) {
            return List.of(); // a cleared retained list: nothing to register
        }
        List<DeviceInfo> devices;
        try {
            devices = DeviceListParser.parse(payload, topic.commune(), topic.gateway(), receivedAt);
        } catch (DeviceListParser.InvalidDeviceListException e) {
            return List.of(deadLetter(new Rejection(Rejection.MALFORMED_DEVICE_LIST, e.getMessage()), 1, topicName,
                    receivedAt, payload));
        }
        List<OutgoingRecord> out = new ArrayList<>(devices.size());
        for (DeviceInfo device : devices) {
            registry.register(device);
            out.add(new OutgoingRecord(new ProducerRecord<>(Topics.DEVICES,
                    device.getDeviceId().getBytes(StandardCharsets.UTF_8), deviceCodec.encode(device)),
                    OutgoingRecord.Kind.DEVICE, () -> "device " + device.getDeviceId(), null));
        }
        return out;
    }

    /**
     * A gateway's {@code online} or {@code offline} (its Last Will) as a {@link GatewayStatus}; an empty payload
     * clears a retained status and is nothing to forward.
     */
    private List<OutgoingRecord> status(GatewayTopic topic, String topicName, byte[] payload, boolean retained,
            Instant receivedAt) {
        String text = new String(payload, StandardCharsets.UTF_8).trim();
        GatewayState state;
        switch (text) {
            case "" -> {
                return List.of();
            }
            case "online" -> state = GatewayState.ONLINE;
            case "offline" -> state = GatewayState.OFFLINE;
            default -> {
                return List.of(deadLetter(new Rejection(Rejection.MALFORMED_STATUS, "a gateway status is 'online' or "
                        + "'offline', not '" + abbreviate(text) + "'"), 1, topicName, receivedAt, payload));
            }
        }
        GatewayStatus status = GatewayStatus.newBuilder()
                .setCommune(topic.commune())
                .setGateway(topic.gateway())
                .setState(state)
                .setRetained(retained)
                .setIngestProtocol(protocol)
                .setReceivedAt(receivedAt)
                .build();
        String key = topic.commune() + "/" + topic.gateway();
        return List.of(new OutgoingRecord(new ProducerRecord<>(Topics.STATUS, key.getBytes(StandardCharsets.UTF_8),
                statusCodec.encode(status)), OutgoingRecord.Kind.STATUS, () -> "status " + state + " of " + key,
                null));
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }

    /** The dead letter for a message the ingest itself failed on: a bug to report, so the payload is kept whole. */
    OutgoingRecord ingestError(String topicName, byte[] payload, Instant receivedAt, RuntimeException error) {
        return deadLetter(new Rejection(Rejection.INGEST_ERROR, "the ingest failed on this message: " + error), 1,
                topicName, receivedAt, payload);
    }

    /** The one dead letter that reports the records of a message that Kafka refused for good. */
    OutgoingRecord kafkaRejected(String topicName, byte[] payload, Instant receivedAt, List<String> refusals) {
        String truncation = payload.length <= KAFKA_REJECTED_PAYLOAD_CAP ? ""
                : " (payload truncated to its first " + KAFKA_REJECTED_PAYLOAD_CAP + " of " + payload.length
                        + " bytes)";
        return deadLetter(new Rejection(Rejection.KAFKA_REJECTED, "Kafka refused " + refusals.size()
                + " record(s) made from this message" + truncation + ": " + RejectionSummary.list(refusals)),
                refusals.size(), topicName, receivedAt,
                Arrays.copyOf(payload, Math.min(payload.length, KAFKA_REJECTED_PAYLOAD_CAP)));
    }

    /** The dead letter of a message refused before it is read; {@code sender} replaces the ingest's clientId. */
    OutgoingRecord refused(String topicName, Rejection rejection, String sender, byte[] payload, Instant receivedAt) {
        return deadLetter(rejection, 1, topicName, sender, receivedAt, payload);
    }

    private OutgoingRecord deadLetter(Rejection rejection, int rejectedRecords, String topicName, Instant receivedAt,
            byte[] payload) {
        return deadLetter(rejection, rejectedRecords, topicName, clientId, receivedAt, payload);
    }

    private OutgoingRecord deadLetter(Rejection rejection, int rejectedRecords, String topicName, String sender,
            Instant receivedAt, byte[] payload) {
        meters.counter("ioc.ingest.rejected", "protocol", protocol, "reason", rejection.reasonCode())
                .increment(rejectedRecords);
        LOG.debug("dead letter from {}: {} {}", topicName, rejection.reasonCode(), rejection.message());
        Optional<GatewayTopic> topic = GatewayTopic.parse(topicName);
        DeadLetter letter = DeadLetters.of(rejection, protocol, topicName, sender,
                topic.map(GatewayTopic::commune).orElse(null), topic.map(GatewayTopic::gateway).orElse(null),
                receivedAt, payload);
        return new OutgoingRecord(new ProducerRecord<>(Topics.DEADLETTER, topicName.getBytes(StandardCharsets.UTF_8),
                deadLetterCodec.encode(letter)), OutgoingRecord.Kind.DEAD_LETTER,
                () -> "dead letter " + rejection.reasonCode() + " (" + rejection.message() + ")", rejection);
    }
}
