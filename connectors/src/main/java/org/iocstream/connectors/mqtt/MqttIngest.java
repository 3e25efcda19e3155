package org.iocstream.connectors.mqtt;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.connectors.ingest.KafkaForwarder;
import org.iocstream.connectors.ingest.MessageTranslator;
import org.iocstream.connectors.ingest.TelemetryMapper;
import org.iocstream.connectors.senml.SenmlParser;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.DeviceInfo;
import org.iocstream.schemas.GatewayStatus;
import org.iocstream.schemas.Reading;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves gateway messages from an MQTT broker into Kafka. Telemetry (SenML JSON) becomes {@link Reading}s on
 * ioc.telemetry.v1, device lists become {@link DeviceInfo} on ioc.devices.v1, a gateway's online/offline status
 * (its Last Will) becomes a {@link GatewayStatus} on ioc.status.v1, and whatever cannot be accepted becomes a
 * {@link DeadLetter} on ioc.deadletter.v1 with the raw bytes and the reason.
 *
 * <p>A message is acknowledged to the broker (QoS 1, manual acks) only after Kafka has acknowledged every
 * record made from it (see {@link KafkaForwarder}), so a crash in between loses nothing: the broker delivers the
 * message again. Meanwhile the broker's receive maximum ({@code maxInFlight}) stops new deliveries.
 *
 * <p>Close the Kafka producer after this ingest: {@link #close()} waits for the messages in flight to reach Kafka.
 */
public final class MqttIngest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttIngest.class);
    static final String PROTOCOL = "mqtt";
    private static final long SUBSCRIBE_TIMEOUT_MS = 30_000;
    private static final long RESUBSCRIBE_DELAY_MS = 5_000;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);
    /**
     * How long {@link #start} keeps logging in while the broker refuses the credentials: an account issued just
     * before is unknown to Mosquitto until it has reread its password file, which it does shortly after SIGHUP.
     */
    private static final Duration REFUSED_LOGIN_PATIENCE = Duration.ofSeconds(30);
    private static final long REFUSED_LOGIN_PAUSE_MS = 250;
    /** MQTT 5 CONNACK reason codes 0x86 bad user name or password and 0x87 not authorized. */
    private static final List<Integer> LOGIN_REFUSED = List.of(0x86, 0x87);

    private final MqttIngestOptions options;
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "mqtt-ingest-retry");
        thread.setDaemon(true);
        return thread;
    });
    private final KafkaForwarder forwarder;
    private final MqttForwarder mqttForwarder;
    private volatile MqttAsyncClient client;

    public MqttIngest(MqttIngestOptions options, Producer<byte[], byte[]> producer, SenmlParser parser,
            TelemetryMapper mapper, DeviceRegistry registry, MeterRegistry meters, Clock clock) {
        this.options = options;
        MessageTranslator translator = new MessageTranslator(mapper, registry, PROTOCOL, options.clientId(), meters);
        this.forwarder = new KafkaForwarder(producer, translator, retries, meters, clock);
        this.mqttForwarder = new MqttForwarder(forwarder, parser,
                (messageId, qos) -> client.messageArrivedComplete(messageId, qos), meters);
    }

    /** The telemetry filter this ingest subscribes to: a shared subscription, so instances split the load. */
    public String telemetryFilter() {
        return "$share/" + options.shareGroup() + "/ioc/v1/+/+/telemetry";
    }

    /**
     * Connects and subscribes; returns once the subscriptions are acknowledged. A broker that refuses the login
     * is asked again for up to 30 s before this gives up.
     */
    public void start() throws MqttException, InterruptedException {
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
        connect(connection);
        subscribe();
        LOG.info("MQTT ingest {} connected to {}, subscribed to {}", options.clientId(), options.brokerUrl(),
                telemetryFilter());
    }

    private void connect(MqttConnectionOptions connection) throws MqttException, InterruptedException {
        long deadline = System.nanoTime() + REFUSED_LOGIN_PATIENCE.toNanos();
        while (true) {
            try {
                client.connect(connection).waitForCompletion(30_000);
                return;
            } catch (MqttException e) {
                if (!LOGIN_REFUSED.contains(e.getReasonCode()) || System.nanoTime() - deadline >= 0) {
                    throw e;
                }
                LOG.warn("MQTT broker {} refused the login of ingest {} as '{}' ({}); asking again",
                        options.brokerUrl(), options.clientId(), options.username(), e.getMessage());
                TimeUnit.MILLISECONDS.sleep(REFUSED_LOGIN_PAUSE_MS);
            }
        }
    }

    private void subscribe() throws MqttException {
        // device lists first, so retained lists are usually known before telemetry flows
        client.subscribe("ioc/v1/+/+/devices", 1).waitForCompletion(SUBSCRIBE_TIMEOUT_MS);
        // not shared: a shared subscription gets no retained messages, and a gateway's status is retained; every
        // instance forwards it, which the compacted ioc.status.v1 absorbs
        client.subscribe("ioc/v1/+/+/status", 1).waitForCompletion(SUBSCRIBE_TIMEOUT_MS);
        client.subscribe(telemetryFilter(), 1).waitForCompletion(SUBSCRIBE_TIMEOUT_MS);
    }

    /**
     * After an automatic reconnect: the session is normally kept, but a broker that lost it (restart without
     * persistence) would send nothing, so subscribe again; on a kept session that only re-sends the retained
     * device lists. Runs on the retry thread, since it waits for the broker's answer.
     */
    private void subscribeAgain() {
        if (!client.isConnected()) {
            return; // the next connectComplete subscribes again
        }
        try {
            subscribe();
            LOG.info("MQTT ingest {} subscribed again after reconnecting", options.clientId());
        } catch (MqttException e) {
            LOG.error("MQTT ingest {} could not subscribe again after reconnecting; trying again in {} ms",
                    options.clientId(), RESUBSCRIBE_DELAY_MS, e);
            scheduleSubscribeAgain(RESUBSCRIBE_DELAY_MS);
        }
    }

    private void scheduleSubscribeAgain(long delayMillis) {
        try {
            retries.schedule(() -> {
                try {
                    subscribeAgain();
                } catch (RuntimeException | Error e) {
                    // caught here, or the executor would keep it silently in a future
                    LOG.error("MQTT ingest {} failed to subscribe again; trying again in {} ms", options.clientId(),
                            RESUBSCRIBE_DELAY_MS, e);
                    scheduleSubscribeAgain(RESUBSCRIBE_DELAY_MS);
                }
            }, delayMillis, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            LOG.info("MQTT ingest {} is closing: not subscribing again", options.clientId());
        }
    }

    /** Messages received from the broker and not yet acknowledged. */
    public int inFlight() {
        return forwarder.inFlight();
    }

    /**
     * Stops taking messages, waits up to 30 s until every message already received is in Kafka and acknowledged,
     * then disconnects. Messages still in flight after that stay unacknowledged, and the broker delivers them
     * again on the kept session.
     */
    @Override
    public void close() throws MqttException {
        forwarder.stopAccepting();
        boolean drained = awaitDrained();
        // the client is about to go: a Kafka callback that completes a message now must not acknowledge on it
        mqttForwarder.connectionChanged();
        List<Runnable> cancelled = retries.shutdownNow();
        if (!drained || !cancelled.isEmpty()) {
            LOG.warn("MQTT ingest {} closing with {} message(s) not yet in Kafka and {} retry task(s) cancelled; the "
                    + "broker delivers those messages again", options.clientId(), forwarder.inFlight(),
                    cancelled.size());
        }
        if (client != null) {
            try {
                if (client.isConnected()) {
                    client.disconnect().waitForCompletion(10_000);
                }
            } finally {
                client.close();
            }
        }
    }

    private boolean awaitDrained() {
        try {
            return forwarder.awaitIdle(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("MQTT ingest {} interrupted while waiting for its messages to reach Kafka", options.clientId());
            return false;
        }
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            mqttForwarder.accept(topic, message);
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // on Paho's callback thread, which handles the CONNACK before the messages that follow it
            mqttForwarder.connectionChanged();
            if (reconnect) {
                LOG.info("MQTT ingest {} reconnected to {}", options.clientId(), serverUri);
                scheduleSubscribeAgain(0);
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
            // this client publishes nothing
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
