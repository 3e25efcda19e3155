package org.iocstream.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateways as MQTT 5 clients, one Paho {@link MqttAsyncClient} each: client id {@code sim-{commune}-{gateway}},
 * username {@code {commune}/{gateway}}, clean start, automatic reconnect, a retained {@code offline} Last Will,
 * and on every (re)connection a retained {@code online} status and device list. Telemetry goes out at QoS 1
 * with at most {@value #MAX_IN_FLIGHT_PER_GATEWAY} messages per gateway awaiting their PUBACK.
 */
public final class MqttGatewayTransport implements GatewayTransport {

    /** Paho refuses a publish beyond the broker's receive maximum; 10 is Paho's default and HiveMQ's. */
    static final int MAX_IN_FLIGHT_PER_GATEWAY = 10;

    private static final Logger LOG = LoggerFactory.getLogger(MqttGatewayTransport.class);
    private static final int QOS = 1;
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    /** How long to wait for a free in-flight slot or for outstanding PUBACKs before calling it a failure. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    /** MQTT 5 reason codes from 0x80 up mean the broker refused the message, e.g. 0x87 not authorised. */
    private static final int FIRST_ERROR_REASON_CODE = 0x80;
    /** MQTT 5 DISCONNECT reason "Disconnect with Will Message": the broker publishes the Will as if the link died. */
    private static final int DISCONNECT_WITH_WILL = 0x04;
    private static final byte[] ONLINE = "online".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.UTF_8);

    private final String brokerUri;
    private final Map<Gateway, GatewayClient> clients = new LinkedHashMap<>();
    /** Announces after automatic reconnects, off Paho's callback thread, which must stay free for PUBACKs. */
    private final ExecutorService announcer =
            Executors.newSingleThreadExecutor(task -> new Thread(task, "ioc-sim-mqtt-announcer"));
    private volatile boolean closed;

    private static final MqttActionListener DELIVERY_LISTENER = new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            Delivery delivery = (Delivery) token.getUserContext();
            int refusal = firstErrorReasonCode(token.getReasonCodes());
            delivery.client.inFlight.release();
            if (refusal != 0) {
                delivery.result.completeExceptionally(new IOException("broker refused the message of gateway "
                        + delivery.client.gateway.identity() + " to " + delivery.topic + ": reason code 0x"
                        + Integer.toHexString(refusal)));
            } else {
                delivery.result.complete(null);
            }
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
            Delivery delivery = (Delivery) token.getUserContext();
            delivery.client.inFlight.release();
            delivery.result.completeExceptionally(failure);
        }
    };

    /** A transport to the broker at {@code brokerUri}, e.g. {@code tcp://localhost:1883}; nothing connects before {@link #open}. */
    public MqttGatewayTransport(String brokerUri) {
        this.brokerUri = brokerUri;
    }

    /**
     * Connects the gateways in parallel and announces each.
     *
     * @throws IOException if any gateway cannot connect (with the broker's reason); those connected stay open
     *     until {@link #close}
     */
    @Override
    public void open(List<Gateway> gateways) throws IOException, InterruptedException {
        List<GatewayClient> opening = new ArrayList<>();
        List<IMqttToken> connections = new ArrayList<>();
        try {
            for (Gateway gateway : gateways) {
                GatewayClient client = new GatewayClient(gateway);
                synchronized (this) {
                    if (clients.putIfAbsent(gateway, client) != null) {
                        throw new IllegalStateException("gateway " + gateway.identity() + " is already open");
                    }
                }
                opening.add(client);
                connections.add(client.startConnecting());
            }
            // Connect in parallel, then wait: 130 gateways one after the other would take seconds.
            for (int i = 0; i < opening.size(); i++) {
                awaitConnected(opening.get(i), connections.get(i));
            }
        } catch (MqttException e) {
            throw new IOException("an MQTT client for " + brokerUri + " could not be created: " + e.getMessage(), e);
        }
        List<CompletableFuture<Void>> announcements = new ArrayList<>();
        for (GatewayClient client : opening) {
            announcements.addAll(announce(client));
        }
        awaitAll(announcements, "announcements");
        LOG.info("{} gateways connected to {}", opening.size(), brokerUri);
    }

    @Override
    public CompletionStage<Void> send(TelemetryMessage message) throws InterruptedException {
        GatewayClient client = client(message.gateway());
        byte[] payload = message.isRaw() ? message.rawPayload()
                : SenmlEncoder.encode(message.readings()).getBytes(StandardCharsets.UTF_8);
        return publish(client, client.gateway.telemetryTopic(), payload, false);
    }

    /** Disconnects with reason "with Will Message", so the broker publishes {@code offline} as for a lost link. */
    @Override
    public void cutOff(Gateway gateway) throws InterruptedException {
        GatewayClient client = client(gateway);
        client.cutOff = true;
        try {
            client.mqtt.disconnect(0, null, null, DISCONNECT_WITH_WILL, new MqttProperties())
                    .waitForCompletion(ACK_TIMEOUT.toMillis());
        } catch (MqttException e) {
            LOG.warn("Gateway {} did not disconnect cleanly when cut off: {}", gateway.identity(), e.getMessage());
        }
    }

    @Override
    public void restore(Gateway gateway) throws IOException, InterruptedException {
        GatewayClient client = client(gateway);
        client.cutOff = false;
        try {
            awaitConnected(client, client.startConnecting());
        } catch (MqttException e) {
            throw new IOException("gateway " + gateway.identity() + " could not reconnect: " + e.getMessage(), e);
        }
        awaitAll(announce(client), "announcements");
    }

    /** Publishes each connected gateway's retained {@code offline} (a clean disconnect does not fire the Will), then disconnects. */
    @Override
    public void close() throws InterruptedException {
        List<GatewayClient> all;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            all = List.copyOf(clients.values());
        }
        announcer.shutdownNow();
        try {
            List<CompletableFuture<Void>> goodbyes = new ArrayList<>();
            for (GatewayClient client : all) {
                if (client.mqtt.isConnected()) {
                    goodbyes.add(publish(client, client.gateway.statusTopic(), OFFLINE, true));
                }
            }
            awaitAll(goodbyes, "offline announcements");
        } catch (IOException e) {
            LOG.warn("Not every gateway could announce itself offline: {}", e.getMessage());
        } finally {
            for (GatewayClient client : all) {
                client.disconnect();
            }
        }
    }

    private synchronized GatewayClient client(Gateway gateway) {
        GatewayClient client = clients.get(gateway);
        if (client == null) {
            throw new IllegalStateException("gateway " + gateway.identity() + " was never opened");
        }
        return client;
    }

    private void awaitConnected(GatewayClient client, IMqttToken connection) throws IOException {
        try {
            // Throws on failure, and with reason code 32000 if the connection takes too long.
            connection.waitForCompletion(TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS + 5));
        } catch (MqttException e) {
            throw new IOException("gateway " + client.gateway.identity() + " could not connect to the MQTT broker at "
                    + brokerUri + ": " + e.getMessage() + " (reason code " + e.getReasonCode() + ")", e);
        }
    }

    /** Retained {@code online} status and device list, on the first connection and after every reconnection. */
    private List<CompletableFuture<Void>> announce(GatewayClient client) throws InterruptedException {
        byte[] devices = DeviceListEncoder.encode(client.gateway.devices()).getBytes(StandardCharsets.UTF_8);
        return List.of(publish(client, client.gateway.statusTopic(), ONLINE, true),
                publish(client, client.gateway.devicesTopic(), devices, true));
    }

    /** Publishes at QoS 1 once one of the gateway's in-flight slots is free; the PUBACK (or failure) frees it. */
    private CompletableFuture<Void> publish(GatewayClient client, String topic, byte[] payload, boolean retained)
            throws InterruptedException {
        CompletableFuture<Void> result = new CompletableFuture<>();
        if (!client.inFlight.tryAcquire(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            result.completeExceptionally(new IOException("gateway " + client.gateway.identity() + " has had "
                    + MAX_IN_FLIGHT_PER_GATEWAY + " messages unacknowledged for " + ACK_TIMEOUT));
            return result;
        }
        MqttMessage message = new MqttMessage(payload, QOS, retained, new MqttProperties());
        try {
            client.mqtt.publish(topic, message, new Delivery(client, topic, result), DELIVERY_LISTENER);
        } catch (MqttException | RuntimeException e) {
            client.inFlight.release();
            result.completeExceptionally(e);
        }
        return result;
    }

    private static void awaitAll(List<CompletableFuture<Void>> futures, String what)
            throws IOException, InterruptedException {
        try {
            CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new))
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(what + " failed: " + e.getCause().getMessage(), e.getCause());
        } catch (TimeoutException e) {
            throw new IOException(what + " were not acknowledged within " + ACK_TIMEOUT, e);
        }
    }

    /** Paho reports a refusing PUBACK as a success with its reason code; 0 when none refuses. */
    private static int firstErrorReasonCode(int[] reasonCodes) {
        if (reasonCodes != null) {
            for (int code : reasonCodes) {
                if (code >= FIRST_ERROR_REASON_CODE) {
                    return code;
                }
            }
        }
        return 0;
    }

    /** The message a PUBACK or failure belongs to, and the stage it completes. */
    private record Delivery(GatewayClient client, String topic, CompletableFuture<Void> result) {
    }

    /** One gateway's Paho client, its in-flight slots, and its reaction to losing and regaining the broker. */
    private final class GatewayClient implements MqttCallback {

        final Gateway gateway;
        final MqttAsyncClient mqtt;
        final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT_PER_GATEWAY);
        volatile boolean cutOff;

        GatewayClient(Gateway gateway) throws MqttException {
            this.gateway = gateway;
            this.mqtt = new MqttAsyncClient(brokerUri, "sim-" + gateway.commune().code() + "-" + gateway.name(),
                    new MemoryPersistence());
            mqtt.setCallback(this);
        }

        IMqttToken startConnecting() throws MqttException {
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setCleanStart(true);
            options.setUserName(gateway.identity());
            options.setConnectionTimeout(CONNECT_TIMEOUT_SECONDS);
            options.setAutomaticReconnect(true);
            options.setWill(gateway.statusTopic(), new MqttMessage(OFFLINE, QOS, true, new MqttProperties()));
            return mqtt.connect(options);
        }

        void disconnect() {
            try {
                if (mqtt.isConnected()) {
                    mqtt.disconnect().waitForCompletion(ACK_TIMEOUT.toMillis());
                }
            } catch (MqttException e) {
                LOG.warn("Gateway {} did not disconnect cleanly: {}", gateway.identity(), e.getMessage());
            }
            try {
                mqtt.close(true);
            } catch (MqttException e) {
                LOG.warn("Gateway {} client did not close: {}", gateway.identity(), e.getMessage());
            }
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            if (reconnect && !closed) {
                LOG.info("Gateway {} reconnected to {}", gateway.identity(), serverUri);
                announcer.execute(() -> {
                    try {
                        announce(this);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            if (!closed && !cutOff) {
                LOG.error("Gateway {} lost its connection to {} (reason code {}, {}); reconnecting",
                        gateway.identity(), brokerUri, response.getReturnCode(), response.getException() == null
                                ? "broker closed it" : response.getException().toString());
            }
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            LOG.error("Gateway {}: MQTT error from {}", gateway.identity(), brokerUri, exception);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // Gateways subscribe to nothing.
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Acknowledgements complete the stage attached to each publish.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication is configured.
        }
    }
}
