package org.iocstream.connectors.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.iocstream.connectors.ingest.DeadLetters;
import org.iocstream.connectors.ingest.DeviceListParser;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.connectors.ingest.Rejection;
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
 * Moves gateway messages from an MQTT broker into Kafka. Telemetry (SenML JSON) becomes {@link Reading}s on
 * ioc.telemetry.v1, device lists become {@link DeviceInfo} on ioc.devices.v1, and whatever cannot be accepted
 * becomes a {@link DeadLetter} on ioc.deadletter.v1 with the raw bytes and the reason.
 *
 * <p>A message is acknowledged to the broker (QoS 1, manual acks) only after Kafka has acknowledged every
 * record made from it, so a crash in between loses nothing: the broker delivers the message again. If Kafka
 * refuses, the message is retried rather than acknowledged, and the broker's receive maximum stops new
 * deliveries meanwhile.
 */
public final class MqttIngest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttIngest.class);
    private static final String PROTOCOL = "mqtt";
    private static final long RETRY_DELAY_MS = 1000;

    private final MqttIngestOptions options;
    private final Producer<byte[], byte[]> producer;
    private final SenmlParser parser;
    private final TelemetryMapper mapper;
    private final DeviceRegistry registry;
    private final Clock clock;
    private final WireCodec<Reading> readingCodec = WireCodec.of(Reading.class);
    private final WireCodec<DeadLetter> deadLetterCodec = WireCodec.of(DeadLetter.class);
    private final WireCodec<DeviceInfo> deviceCodec = WireCodec.of(DeviceInfo.class);
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mqtt-ingest-retry");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Counter messages;
    private final Counter readingsAccepted;
    private final MeterRegistry meters;
    private MqttAsyncClient client;

    public MqttIngest(MqttIngestOptions options, Producer<byte[], byte[]> producer, SenmlParser parser,
            TelemetryMapper mapper, DeviceRegistry registry, MeterRegistry meters, Clock clock) {
        this.options = options;
        this.producer = producer;
        this.parser = parser;
        this.mapper = mapper;
        this.registry = registry;
        this.meters = meters;
        this.clock = clock;
        this.messages = meters.counter("ioc.ingest.messages", "protocol", PROTOCOL);
        this.readingsAccepted = meters.counter("ioc.ingest.readings.accepted", "protocol", PROTOCOL);
        meters.gauge("ioc.ingest.inflight", List.of(io.micrometer.core.instrument.Tag.of("protocol", PROTOCOL)),
                inFlight);
    }

    /** The telemetry filter this ingest subscribes to: a shared subscription, so instances split the load. */
    public String telemetryFilter() {
        return "$share/" + options.shareGroup() + "/ioc/v1/+/+/telemetry";
    }

    /** Connects and subscribes; returns once the subscriptions are acknowledged. */
    public void start() throws MqttException {
        client = new MqttAsyncClient(options.brokerUrl(), options.clientId(), new MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(new Callback());
        MqttConnectionOptions connection = new MqttConnectionOptions();
        // a kept session lets the broker redeliver what this instance had not acknowledged when it stopped
        connection.setCleanStart(false);
        connection.setSessionExpiryInterval(3600L);
        connection.setAutomaticReconnect(true);
        connection.setReceiveMaximum(options.maxInFlight());
        if (options.username() != null) {
            connection.setUserName(options.username());
        }
        if (options.password() != null) {
            connection.setPassword(options.password().getBytes(StandardCharsets.UTF_8));
        }
        client.connect(connection).waitForCompletion(30_000);
        subscribe();
        LOG.info("MQTT ingest {} connected to {}, subscribed to {}", options.clientId(), options.brokerUrl(),
                telemetryFilter());
    }

    private void subscribe() throws MqttException {
        // device lists first, so retained lists are usually known before telemetry flows
        client.subscribe("ioc/v1/+/+/devices", 1).waitForCompletion(30_000);
        client.subscribe(telemetryFilter(), 1).waitForCompletion(30_000);
    }

    /** Messages received from the broker and not yet acknowledged. */
    public int inFlight() {
        return inFlight.get();
    }

    void handle(String topicName, MqttMessage message) {
        Instant receivedAt = clock.instant();
        byte[] payload = message.getPayload();
        Optional<GatewayTopic> topic = GatewayTopic.parse(topicName);
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        if (topic.isEmpty()) {
            records.add(deadLetter(new Rejection(Rejection.BAD_TOPIC, "topic '" + topicName
                    + "' is not ioc/v1/{5-digit commune}/{gateway}/{telemetry|devices|status}"),
                    topicName, null, null, receivedAt, payload));
        } else if (topic.get().channel() == GatewayTopic.Channel.TELEMETRY) {
            telemetry(topic.get(), topicName, payload, receivedAt, records);
        } else if (topic.get().channel() == GatewayTopic.Channel.DEVICES) {
            devices(topic.get(), topicName, payload, receivedAt, records);
        }
        publishThenAck(topicName, message, records);
    }

    private void telemetry(GatewayTopic topic, String topicName, byte[] payload, Instant receivedAt,
            List<ProducerRecord<byte[], byte[]>> out) {
        List<SenmlRecord> senml;
        try {
            senml = parser.parse(payload, receivedAt);
        } catch (SenmlException e) {
            out.add(deadLetter(new Rejection(Rejection.MALFORMED_SENML, e.reason() + ": " + e.getMessage()), topicName,
                    topic.commune(), topic.gateway(), receivedAt, payload));
            return;
        }
        TelemetryMapper.Result result = mapper.map(senml, topic.commune(), topic.gateway(), PROTOCOL, receivedAt);
        for (Reading reading : result.readings()) {
            out.add(new ProducerRecord<>(Topics.TELEMETRY, reading.getDeviceId().getBytes(StandardCharsets.UTF_8),
                    readingCodec.encode(reading)));
        }
        for (TelemetryMapper.IndexedRejection rejection : result.rejections()) {
            out.add(deadLetter(rejection.rejection(), topicName, topic.commune(), topic.gateway(), receivedAt, payload));
        }
    }

    private void devices(GatewayTopic topic, String topicName, byte[] payload, Instant receivedAt,
            List<ProducerRecord<byte[], byte[]>> out) {
        if (payload.length == 0) {
            return; // a cleared retained list: nothing to register
        }
        try {
            for (DeviceInfo device : DeviceListParser.parse(payload, topic.commune(), topic.gateway(), receivedAt)) {
                registry.register(device);
                out.add(new ProducerRecord<>(Topics.DEVICES, device.getDeviceId().getBytes(StandardCharsets.UTF_8),
                        deviceCodec.encode(device)));
            }
        } catch (DeviceListParser.InvalidDeviceListException e) {
            out.add(deadLetter(new Rejection(Rejection.MALFORMED_DEVICE_LIST, e.getMessage()), topicName,
                    topic.commune(), topic.gateway(), receivedAt, payload));
        }
    }

    private ProducerRecord<byte[], byte[]> deadLetter(Rejection rejection, String topicName, String commune,
            String gateway, Instant receivedAt, byte[] payload) {
        meters.counter("ioc.ingest.rejected", "protocol", PROTOCOL, "reason", rejection.reasonCode()).increment();
        LOG.debug("dead letter from {}: {} {}", topicName, rejection.reasonCode(), rejection.message());
        DeadLetter letter = DeadLetters.of(rejection, PROTOCOL, topicName, options.clientId(), commune, gateway,
                receivedAt, payload);
        return new ProducerRecord<>(Topics.DEADLETTER, topicName.getBytes(StandardCharsets.UTF_8),
                deadLetterCodec.encode(letter));
    }

    private void publishThenAck(String topicName, MqttMessage message, List<ProducerRecord<byte[], byte[]>> records) {
        List<CompletableFuture<Void>> sends = new ArrayList<>(records.size());
        for (ProducerRecord<byte[], byte[]> record : records) {
            CompletableFuture<Void> sent = new CompletableFuture<>();
            try {
                producer.send(record, (metadata, error) -> {
                    if (error == null) {
                        sent.complete(null);
                    } else {
                        sent.completeExceptionally(error);
                    }
                });
            } catch (RuntimeException e) {
                sent.completeExceptionally(e);
            }
            sends.add(sent);
        }
        CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new)).whenComplete((ok, error) -> {
            if (error == null) {
                readingsAccepted.increment(records.stream().filter(r -> r.topic().equals(Topics.TELEMETRY)).count());
                acknowledge(message);
            } else {
                // not acknowledged: the whole message is handled again; Kafka may then hold a record twice,
                // which the job's dedupe by reading identity absorbs, while acknowledging would lose it
                LOG.warn("Kafka did not take the records of a message from {} ({}); retrying in {} ms",
                        topicName, error.getMessage(), RETRY_DELAY_MS);
                retries.schedule(() -> handle(topicName, message), RETRY_DELAY_MS, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void acknowledge(MqttMessage message) {
        inFlight.decrementAndGet();
        if (message.getQos() == 0) {
            return;
        }
        try {
            client.messageArrivedComplete(message.getId(), message.getQos());
        } catch (MqttException e) {
            // the broker will redeliver it after reconnecting; nothing is lost, at worst duplicated
            LOG.warn("could not acknowledge MQTT message {}: {}", message.getId(), e.getMessage());
        }
    }

    @Override
    public void close() throws MqttException {
        retries.shutdownNow();
        if (client != null) {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(10_000);
            }
            client.close();
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            messages.increment();
            inFlight.incrementAndGet();
            try {
                handle(topic, message);
            } catch (RuntimeException e) {
                // a bug of ours must not stop the ingest or lose the message: keep it as a dead letter
                LOG.error("cannot handle a message from {}", topic, e);
                publishThenAck(topic, message, List.of(deadLetter(new Rejection(Rejection.INGEST_ERROR,
                        "the ingest failed on this message: " + e), topic, null, null, clock.instant(),
                        message.getPayload())));
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect) {
                LOG.info("MQTT ingest {} reconnected to {}", options.clientId(), serverUri);
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            LOG.warn("MQTT ingest {} disconnected: {}", options.clientId(), response);
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.error("MQTT ingest {} error", options.clientId(), exception);
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }
}
