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
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gateways as Paho MQTT clients, one connection each, MQTT 5 or 3.1.1 per gateway: client id
 * {@code sim-{commune}-{gateway}}, username {@code {commune}/{gateway}}, clean start, automatic reconnect, a
 * retained {@code offline} Last Will, and on every (re)connection a retained {@code online} status and device
 * list. Telemetry goes out at QoS 1 with at most {@value #MAX_IN_FLIGHT_PER_GATEWAY} messages per gateway
 * awaiting their PUBACK.
 */
public final class MqttGatewayTransport implements GatewayTransport {

    /** The MQTT version a gateway's firmware speaks. */
    public enum Version {
        V5,
        V3_1_1
    }

    /** Paho refuses a publish beyond the broker's receive maximum; 10 is Paho's default and HiveMQ's. */
    static final int MAX_IN_FLIGHT_PER_GATEWAY = 10;

    private static final Logger LOG = LoggerFactory.getLogger(MqttGatewayTransport.class);
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    /** How long to wait for a free in-flight slot or for outstanding PUBACKs before calling it a failure. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] ONLINE = "online".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.UTF_8);

    private final String brokerUri;
    private final Function<Gateway, Version> versions;
    private final GatewaySecrets secrets;
    /** By gateway identity: a record's hash would walk the gateway's whole device list on every send. */
    private final Map<String, GatewayClient> clients = new LinkedHashMap<>();
    /** Announces after automatic reconnects, off Paho's callback thread, which must stay free for PUBACKs. */
    private final ExecutorService announcer =
            Executors.newSingleThreadExecutor(task -> new Thread(task, "ioc-sim-mqtt-announcer"));
    private volatile boolean closed;

    /**
     * Every gateway on MQTT 5, to the broker at {@code brokerUri}, e.g. {@code tcp://localhost:1883}, logging in
     * with the password {@code secrets} gives it (anonymously without one).
     */
    public MqttGatewayTransport(String brokerUri, GatewaySecrets secrets) {
        this(brokerUri, gateway -> Version.V5, secrets);
    }

    /** Each gateway on the MQTT version {@code versions} gives it; nothing connects before {@link #open}. */
    public MqttGatewayTransport(String brokerUri, Function<Gateway, Version> versions, GatewaySecrets secrets) {
        this.brokerUri = brokerUri;
        this.versions = versions;
        this.secrets = secrets;
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
        List<CompletableFuture<Void>> connections = new ArrayList<>();
        for (Gateway gateway : gateways) {
            GatewayClient client = new GatewayClient(gateway);
            synchronized (this) {
                if (clients.putIfAbsent(gateway.identity(), client) != null) {
                    throw new IllegalStateException("gateway " + gateway.identity() + " is already open");
                }
            }
            opening.add(client);
            // Connect in parallel, then wait: 130 gateways one after the other would take seconds.
            connections.add(client.link.connect());
        }
        awaitAll(connections, "connections to " + brokerUri);
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

    /** Drops the link without a clean goodbye, so the broker publishes {@code offline} as for a lost link. */
    @Override
    public void cutOff(Gateway gateway) {
        client(gateway).link.cutOff();
    }

    @Override
    public void restore(Gateway gateway) throws IOException, InterruptedException {
        GatewayClient client = client(gateway);
        awaitAll(List.of(client.link.connect()), "reconnection of " + gateway.identity());
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
                if (client.link.isConnected()) {
                    goodbyes.add(publish(client, client.gateway.statusTopic(), OFFLINE, true));
                }
            }
            awaitAll(goodbyes, "offline announcements");
        } catch (IOException e) {
            LOG.warn("Not every gateway could announce itself offline: {}", e.getMessage());
        } finally {
            for (GatewayClient client : all) {
                client.link.close();
            }
        }
    }

    private synchronized GatewayClient client(Gateway gateway) {
        GatewayClient client = clients.get(gateway.identity());
        if (client == null) {
            throw new IllegalStateException("gateway " + gateway.identity() + " was never opened");
        }
        return client;
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
        CompletableFuture<Void> acknowledged = new CompletableFuture<>();
        if (!client.inFlight.tryAcquire(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            acknowledged.completeExceptionally(new IOException("gateway " + client.gateway.identity() + " has had "
                    + MAX_IN_FLIGHT_PER_GATEWAY + " messages unacknowledged for " + ACK_TIMEOUT));
            return acknowledged;
        }
        // The slot is free again before anyone waiting on the stage runs: a waiter that sees every slot free
        // must also see every acknowledgement.
        CompletableFuture<Void> result = acknowledged.whenComplete((ok, failure) -> client.inFlight.release());
        client.link.publish(topic, payload, retained, acknowledged);
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
            throw new IOException(what + " did not complete within " + ACK_TIMEOUT, e);
        }
    }

    /** One gateway's link and its in-flight slots. */
    private final class GatewayClient {

        final Gateway gateway;
        final MqttLink link;
        final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT_PER_GATEWAY);

        GatewayClient(Gateway gateway) throws IOException {
            this.gateway = gateway;
            Runnable reannounce = () -> {
                if (!closed) {
                    announcer.execute(() -> {
                        try {
                            announce(this);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    });
                }
            };
            String password = secrets.of(gateway).map(GatewaySecrets.Secret::mqttPassword).orElse(null);
            this.link = switch (versions.apply(gateway)) {
                case V5 -> new Paho5Link(gateway, brokerUri, password, CONNECT_TIMEOUT_SECONDS, ACK_TIMEOUT,
                        reannounce);
                case V3_1_1 -> new Paho3Link(gateway, brokerUri, password, CONNECT_TIMEOUT_SECONDS, ACK_TIMEOUT,
                        reannounce);
            };
        }
    }
}
