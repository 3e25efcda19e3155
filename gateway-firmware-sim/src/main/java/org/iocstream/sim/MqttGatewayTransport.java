package org.iocstream.sim;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The fleet's gateways as MQTT 5 clients (one Paho {@link MqttAsyncClient} each), publishing SenML telemetry
 * at QoS 1 either for a fixed span as fast as the broker acknowledges ({@link #publishSpan}) or in simulated
 * real time ({@link #runLive}). Each gateway announces itself with a retained {@code online} status and device
 * list, and leaves a retained {@code offline} Last Will.
 *
 * <p>Use one mode at a time: {@code publishSpan} from the caller's thread, or {@code runLive}, which publishes
 * from this fleet's own scheduler thread until {@link #close}.
 */
public final class MqttGatewayFleet implements AutoCloseable {

    /** Paho refuses a publish beyond the broker's receive maximum; 10 is Paho's default and HiveMQ's. */
    static final int MAX_IN_FLIGHT_PER_GATEWAY = 10;

    private static final Logger LOG = LoggerFactory.getLogger(MqttGatewayFleet.class);
    private static final int QOS = 1;
    private static final int CONNECT_TIMEOUT_SECONDS = 10;
    /** How long to wait for a free in-flight slot or for outstanding PUBACKs before calling it a failure. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    /** MQTT 5 reason codes from 0x80 up mean the broker refused the message, e.g. 0x87 not authorised. */
    private static final int FIRST_ERROR_REASON_CODE = 0x80;
    private static final byte[] ONLINE = "online".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.UTF_8);

    private final Fleet fleet;
    private final SignalModel signals;
    private final String brokerUri;
    private final List<GatewayClient> clients = new ArrayList<>();
    private final ScheduledThreadPoolExecutor scheduler;
    private final AtomicLong readingsPublished = new AtomicLong();
    private final AtomicLong messagesPublished = new AtomicLong();
    private final AtomicLong publishFailures = new AtomicLong();
    private volatile boolean closed;
    private boolean live;

    private final MqttActionListener deliveryListener = new MqttActionListener() {
        @Override
        public void onSuccess(IMqttToken token) {
            Delivery delivery = (Delivery) token.getUserContext();
            int refusal = firstErrorReasonCode(token.getReasonCodes());
            if (refusal != 0) {
                publishFailures.incrementAndGet();
                LOG.warn("Broker refused the message of gateway {} to {}: reason code 0x{}",
                        delivery.client.gateway.identity(), delivery.topic, Integer.toHexString(refusal));
            } else if (delivery.readings > 0) {
                messagesPublished.incrementAndGet();
                readingsPublished.addAndGet(delivery.readings);
            }
            // Only after counting: a waiter that sees every slot free must also see every count.
            delivery.client.inFlight.release();
        }

        @Override
        public void onFailure(IMqttToken token, Throwable failure) {
            Delivery delivery = (Delivery) token.getUserContext();
            publishFailures.incrementAndGet();
            LOG.warn("Gateway {} got no acknowledgement for its message to {}: {}",
                    delivery.client.gateway.identity(), delivery.topic, failure.toString());
            delivery.client.inFlight.release();
        }
    };

    private MqttGatewayFleet(String brokerUri, Fleet fleet, SignalModel signals) {
        this.brokerUri = brokerUri;
        this.fleet = fleet;
        this.signals = signals;
        this.scheduler = new ScheduledThreadPoolExecutor(1, task -> new Thread(task, "ioc-sim-scheduler"));
        // close() must stop a live run, not let its next tick fire after shutdown.
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Connects every gateway of the fleet to the broker (e.g. {@code tcp://localhost:1883}) with clean start,
     * username {@code {commune}/{gateway}} and no password, then publishes each one's retained status and device
     * list and waits until the broker has acknowledged them.
     *
     * @throws MqttException if any gateway cannot connect; the ones already connected are closed again
     */
    public static MqttGatewayFleet connect(String brokerUri, Fleet fleet, SignalModel signals)
            throws MqttException, InterruptedException {
        MqttGatewayFleet gateways = new MqttGatewayFleet(brokerUri, fleet, signals);
        try {
            gateways.connectAll();
            for (GatewayClient client : gateways.clients) {
                gateways.announce(client);
            }
            gateways.awaitAcknowledgements();
        } catch (MqttException | InterruptedException | RuntimeException e) {
            try {
                gateways.close();
            } catch (InterruptedException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return gateways;
    }

    /**
     * Publishes every reading due in [from, to), instant by instant (all gateways at one instant before the
     * next), as fast as the broker acknowledges, and returns once every message is acknowledged or has failed.
     *
     * @throws IllegalStateException if a live run is going, or PUBACKs are still missing after 30 s
     */
    public PublishSummary publishSpan(Instant from, Instant to) throws InterruptedException {
        synchronized (this) {
            if (live || closed) {
                throw new IllegalStateException("publishSpan needs an open fleet that is not running live");
            }
        }
        long readingsBefore = readingsPublished.get();
        long messagesBefore = messagesPublished.get();
        long failuresBefore = publishFailures.get();
        for (long t = fleet.nextReportSecond(firstSecond(from)); Instant.ofEpochSecond(t).isBefore(to);
                t = fleet.nextReportSecond(t + 1)) {
            publishInstant(t);
        }
        awaitAcknowledgements();
        return new PublishSummary(readingsPublished.get() - readingsBefore, messagesPublished.get() - messagesBefore,
                publishFailures.get() - failuresBefore);
    }

    /**
     * Starts publishing in simulated time on this fleet's scheduler thread and returns at once: simulated time
     * is {@code simulatedStart + (clock time since this call) × speed}, and each instant's readings go out once
     * simulated time reaches it, from the first reporting instant at or after {@code simulatedStart}, until
     * {@link #close}. With speed 1 and {@code simulatedStart} = the clock's now, timestamps are wall-clock time.
     * The scheduler thread is not a daemon: a live run keeps the JVM alive until it is closed.
     */
    public void runLive(Clock clock, double speed, Instant simulatedStart) {
        SimulatedTime time = SimulatedTime.startingNow(clock, speed, simulatedStart);
        synchronized (this) {
            if (live || closed) {
                throw new IllegalStateException("runLive needs an open fleet that is not already running live");
            }
            live = true;
        }
        long first = fleet.nextReportSecond(firstSecond(simulatedStart));
        scheduler.execute(() -> liveTick(time, first));
    }

    /**
     * Stops a live run, publishes each gateway's retained {@code offline} status (a clean disconnect does not
     * fire the Last Will) and disconnects.
     */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        scheduler.shutdown();
        if (!scheduler.awaitTermination(ACK_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
            LOG.warn("Live publishing did not stop within {}; interrupting it", ACK_TIMEOUT);
            scheduler.shutdownNow();
        }
        try {
            for (GatewayClient client : clients) {
                if (client.mqtt.isConnected()) {
                    publish(client, client.gateway.statusTopic(), OFFLINE, true, 0);
                }
            }
            awaitAcknowledgements();
        } finally {
            for (GatewayClient client : clients) {
                client.disconnect();
            }
        }
    }

    private void connectAll() throws MqttException {
        List<IMqttToken> connections = new ArrayList<>();
        for (Gateway gateway : fleet.gateways()) {
            GatewayClient client = new GatewayClient(gateway);
            clients.add(client);
            connections.add(client.startConnecting());
        }
        // Connect in parallel, then wait: 130 gateways one after the other would take seconds.
        for (int i = 0; i < clients.size(); i++) {
            Gateway gateway = clients.get(i).gateway;
            try {
                // Throws on failure, and with reason code 32000 if the connection takes too long.
                connections.get(i).waitForCompletion(TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS + 5));
            } catch (MqttException e) {
                LOG.error("Gateway {} could not connect to the MQTT broker at {}: {} (reason code {})",
                        gateway.identity(), brokerUri, e.getMessage(), e.getReasonCode());
                throw e;
            }
        }
        LOG.info("{} gateways connected to {}", clients.size(), brokerUri);
    }

    /** Retained {@code online} status and device list, on the first connection and after every reconnection. */
    private void announce(GatewayClient client) throws InterruptedException {
        publish(client, client.gateway.statusTopic(), ONLINE, true, 0);
        byte[] devices = DeviceListEncoder.encode(client.gateway.devices()).getBytes(StandardCharsets.UTF_8);
        publish(client, client.gateway.devicesTopic(), devices, true, 0);
    }

    private void liveTick(SimulatedTime time, long due) {
        long next = due;
        try {
            while (!closed && next <= time.currentSecond()) {
                publishInstant(next);
                next = fleet.nextReportSecond(next + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            LOG.error("Live publishing stopped at simulated time {}", Instant.ofEpochSecond(next), e);
            return;
        }
        if (!closed) {
            long dueNext = next;
            scheduler.schedule(() -> liveTick(time, dueNext), time.nanosUntil(dueNext), TimeUnit.NANOSECONDS);
        }
    }

    private void publishInstant(long epochSecond) throws InterruptedException {
        Instant time = Instant.ofEpochSecond(epochSecond);
        for (GatewayClient client : clients) {
            List<Reading> readings = signals.readingsDue(client.gateway, time);
            if (!readings.isEmpty()) {
                byte[] payload = SenmlEncoder.encode(readings).getBytes(StandardCharsets.UTF_8);
                publish(client, client.gateway.telemetryTopic(), payload, false, readings.size());
            }
        }
    }

    /**
     * Publishes at QoS 1 once one of the gateway's in-flight slots is free; the slot is given back when the
     * PUBACK (or the failure) arrives. {@code readings} is 0 for status and device-list messages.
     */
    private void publish(GatewayClient client, String topic, byte[] payload, boolean retained, int readings)
            throws InterruptedException {
        if (!client.inFlight.tryAcquire(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            publishFailures.incrementAndGet();
            LOG.error("Gateway {} dropped a message to {}: {} messages unacknowledged for {}",
                    client.gateway.identity(), topic, MAX_IN_FLIGHT_PER_GATEWAY, ACK_TIMEOUT);
            return;
        }
        MqttMessage message = new MqttMessage(payload, QOS, retained, new MqttProperties());
        Delivery delivery = new Delivery(client, topic, readings);
        try {
            client.mqtt.publish(topic, message, delivery, deliveryListener);
        } catch (MqttException | RuntimeException e) {
            publishFailures.incrementAndGet();
            LOG.warn("Gateway {} could not publish to {}: {}", client.gateway.identity(), topic, e.getMessage());
            client.inFlight.release();
        }
    }

    /** Waits until every gateway has no message in flight. */
    private void awaitAcknowledgements() throws InterruptedException {
        for (GatewayClient client : clients) {
            if (!client.inFlight.tryAcquire(MAX_IN_FLIGHT_PER_GATEWAY, ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("gateway " + client.gateway.identity() + " still has "
                        + (MAX_IN_FLIGHT_PER_GATEWAY - client.inFlight.availablePermits())
                        + " messages unacknowledged after " + ACK_TIMEOUT);
            }
            client.inFlight.release(MAX_IN_FLIGHT_PER_GATEWAY);
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

    private static long firstSecond(Instant instant) {
        return SimulatedTime.firstSecondAtOrAfter(instant);
    }

    /** The message a PUBACK or failure belongs to. */
    private record Delivery(GatewayClient client, String topic, int readings) {
    }

    /** One gateway's Paho client, its in-flight slots, and its reaction to losing and regaining the broker. */
    private final class GatewayClient implements MqttCallback {

        final Gateway gateway;
        final MqttAsyncClient mqtt;
        final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT_PER_GATEWAY);

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
                // Announce from the scheduler: this is Paho's callback thread, which must stay free to deliver
                // the PUBACKs that free in-flight slots.
                scheduler.execute(() -> {
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
            if (!closed) {
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
            // Gateways subscribe to nothing yet.
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // Acknowledgements are counted by the listener attached to each publish.
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // No enhanced authentication is configured.
        }
    }
}
