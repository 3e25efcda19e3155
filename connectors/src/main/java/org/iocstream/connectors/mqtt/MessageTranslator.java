package org.iocstream.connectors.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.iocstream.connectors.ingest.DeadLetters;
import org.iocstream.connectors.ingest.DeviceListParser;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.connectors.ingest.Rejection;
import org.iocstream.connectors.ingest.RejectionSummary;
import org.iocstream.connectors.ingest.TelemetryMapper;
import org.iocstream.connectors.senml.SenmlException;
import org.iocstream.connectors.senml.SenmlParser;
import org.iocstream.connectors.senml.SenmlRecord;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.DeviceInfo;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.Topics;
import org.iocstream.schemas.WireCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one MQTT message into the Kafka records it stands for: readings, device infos and dead letters. Each
 * dead letter counts its rejected records in {@code ioc.ingest.rejected} here, when it is built, so a record is
 * counted once however often its send is retried.
 */
final class MessageTranslator {

    private static final Logger LOG = LoggerFactory.getLogger(MessageTranslator.class);

    /**
     * The most payload a KAFKA_REJECTED dead letter carries. Kafka may have refused the records for their size
     * (the producer's max.request.size is 1 MiB by default), so the letter must stay well below it.
     */
    static final int KAFKA_REJECTED_PAYLOAD_CAP = 64 * 1024;

    private final SenmlParser parser;
    private final TelemetryMapper mapper;
    private final DeviceRegistry registry;
    private final String clientId;
    private final MeterRegistry meters;
    private final WireCodec<Reading> readingCodec = WireCodec.of(Reading.class);
    private final WireCodec<DeadLetter> deadLetterCodec = WireCodec.of(DeadLetter.class);
    private final WireCodec<DeviceInfo> deviceCodec = WireCodec.of(DeviceInfo.class);

    MessageTranslator(SenmlParser parser, TelemetryMapper mapper, DeviceRegistry registry, String clientId,
            MeterRegistry meters) {
        this.parser = parser;
        this.mapper = mapper;
        this.registry = registry;
        this.clientId = clientId;
        this.meters = meters;
    }

    /** The records of a message received at {@code receivedAt}; empty when there is nothing to forward. */
    List<OutgoingRecord> translate(String topicName, byte[] payload, Instant receivedAt) {
        Optional<GatewayTopic> topic = GatewayTopic.parse(topicName);
        if (topic.isEmpty()) {
            return List.of(deadLetter(new Rejection(Rejection.BAD_TOPIC, "topic '" + topicName
                    + "' is not ioc/v1/{5-digit commune}/{gateway}/{telemetry|devices|status}"), 1, topicName,
                    receivedAt, payload));
        }
        return switch (topic.get().channel()) {
            case TELEMETRY -> telemetry(topic.get(), topicName, payload, receivedAt);
            case DEVICES -> devices(topic.get(), topicName, payload, receivedAt);
            case STATUS -> List.of(); // not subscribed yet
        };
    }

    private List<OutgoingRecord> telemetry(GatewayTopic topic, String topicName, byte[] payload, Instant receivedAt) {
        List<SenmlRecord> senml;
        try {
            senml = parser.parse(payload, receivedAt);
        } catch (SenmlException e) {
            return List.of(deadLetter(new Rejection(Rejection.MALFORMED_SENML, e.reason() + ": " + e.getMessage()), 1,
                    topicName, receivedAt, payload));
        }
        TelemetryMapper.Result result = mapper.map(senml, topic.commune(), topic.gateway(), MqttIngest.PROTOCOL,
                receivedAt);
        List<OutgoingRecord> out = new ArrayList<>(result.readings().size() + 1);
        for (Reading reading : result.readings()) {
            out.add(new OutgoingRecord(new ProducerRecord<>(Topics.TELEMETRY,
                    reading.getDeviceId().getBytes(StandardCharsets.UTF_8), readingCodec.encode(reading)),
                    OutgoingRecord.Kind.READING,
                    () -> "reading " + reading.getDeviceId() + ":" + reading.getMetric() + " at " + reading.getTime()));
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
                    OutgoingRecord.Kind.DEVICE, () -> "device " + device.getDeviceId()));
        }
        return out;
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

    private OutgoingRecord deadLetter(Rejection rejection, int rejectedRecords, String topicName, Instant receivedAt,
            byte[] payload) {
        meters.counter("ioc.ingest.rejected", "protocol", MqttIngest.PROTOCOL, "reason", rejection.reasonCode())
                .increment(rejectedRecords);
        LOG.debug("dead letter from {}: {} {}", topicName, rejection.reasonCode(), rejection.message());
        Optional<GatewayTopic> topic = GatewayTopic.parse(topicName);
        DeadLetter letter = DeadLetters.of(rejection, MqttIngest.PROTOCOL, topicName, clientId,
                topic.map(GatewayTopic::commune).orElse(null), topic.map(GatewayTopic::gateway).orElse(null),
                receivedAt, payload);
        return new OutgoingRecord(new ProducerRecord<>(Topics.DEADLETTER, topicName.getBytes(StandardCharsets.UTF_8),
                deadLetterCodec.encode(letter)), OutgoingRecord.Kind.DEAD_LETTER,
                () -> "dead letter " + rejection.reasonCode() + " (" + rejection.message() + ")");
    }
}
