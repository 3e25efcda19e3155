package org.iocstream.deploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.iocstream.sim.Communes;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.GatewaySecrets;
import org.iocstream.sim.Gateway;
import org.iocstream.sim.GroundTruth;
import org.iocstream.sim.SignalModel;
import org.iocstream.sim.TelemetryMessage;
import org.iocstream.sim.load.LoadDriver;
import org.iocstream.sim.load.LoadFleet;
import org.iocstream.sim.load.LoadGatewayTransport;
import org.iocstream.sim.load.LoadRunOptions;
import org.iocstream.sim.load.LoadSummary;
import org.iocstream.sim.load.LoadTransportOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator's load-mode transport against the embedded HiveMQ, seen by an independent Paho subscriber: 200
 * gateways announce themselves, send a span of telemetry that arrives exactly as the ground truth counts it, and a
 * gateway cut off has its Will published, comes back when restored and says goodbye on close.
 */
class LoadModeITCase {

    private static final String HOST = "127.0.0.1";
    private static final int GRANTED_QOS_1 = 1;
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(50);
    private static final Instant FROM = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofMinutes(5));

    private final ObjectMapper json = new ObjectMapper();
    private final AtomicLong telemetryMessages = new AtomicLong();
    private final AtomicLong telemetryReadings = new AtomicLong();
    /** Every status payload received, per status topic, in arrival order. */
    private final Map<String, List<String>> statuses = new ConcurrentHashMap<>();

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 4, unit = TimeUnit.MINUTES)
    void gatewaysSendTheGroundTruthAndACutOffGatewaysWillIsPublished() throws Exception {
        // 10 communes × 20 gateways
        Fleet fleet = LoadFleet.of(Communes.all().subList(0, 10), 20);
        SignalModel signals = new SignalModel(7);
        try (EmbeddedHiveMq broker = EmbeddedHiveMq.start(dataDir, HOST, Ports.free())) {
            MqttClient subscriber = subscribe(broker.brokerUrl());
            try {
                LoadGatewayTransport transport = LoadGatewayTransport.create(
                        LoadTransportOptions.forBroker(broker.brokerUrl()), GatewaySecrets.none());
                try {
                    LoadSummary summary = LoadDriver.run(transport, fleet, signals,
                            LoadRunOptions.span(FROM, TO, Duration.ofMinutes(2)), quietProgress());

                    long messages = GroundTruth.messageCount(fleet, FROM, TO);
                    long readings = GroundTruth.readingCount(fleet, FROM, TO);
                    assertThat(messages).isEqualTo(200 * 5 * 6); // a CAM instant every 10 s, all kinds every minute
                    assertThat(summary.connectedAtEnd()).isEqualTo(200);
                    assertThat(summary.messagesFailed()).isZero();
                    assertThat(summary.messagesAcked()).isEqualTo(messages);
                    assertThat(summary.readingsAcked()).isEqualTo(readings);
                    awaitTrue("subscriber receives " + messages + " messages",
                            () -> telemetryMessages.get() >= messages);
                    assertThat(telemetryMessages.get()).isEqualTo(messages);
                    assertThat(telemetryReadings.get()).isEqualTo(readings);
                    for (Gateway gateway : fleet.gateways()) {
                        assertThat(statuses.get(gateway.statusTopic())).as(gateway.identity()).containsExactly("online");
                    }

                    Gateway cut = fleet.gateways().get(17);
                    transport.cutOff(cut);
                    awaitTrue(cut.identity() + "'s Will", () -> lastStatus(cut).equals("offline"));
                    assertThat(transport.connectedGateways()).isEqualTo(199);
                    Throwable refused = failureOf(transport, cut, signals);
                    assertThat(refused).as("a message of a cut-off gateway fails").isInstanceOf(IOException.class);

                    transport.restore(cut);
                    awaitTrue(cut.identity() + " online again", () -> lastStatus(cut).equals("online"));
                    assertThat(failureOf(transport, cut, signals)).as("a message after restore is acknowledged").isNull();
                    assertThat(statuses.get(cut.statusTopic())).containsExactly("online", "offline", "online");
                } finally {
                    transport.close();
                }
                awaitTrue("every gateway offline after close", () -> fleet.gateways().stream()
                        .allMatch(gateway -> lastStatus(gateway).equals("offline")));
            } finally {
                subscriber.disconnect();
                subscriber.close();
            }
        }
    }

    /** Sends the readings of one instant; returns the failure, or null when the broker acknowledged it. */
    private static Throwable failureOf(LoadGatewayTransport transport, Gateway gateway, SignalModel signals)
            throws InterruptedException {
        TelemetryMessage message = TelemetryMessage.of(gateway, signals.readingsDue(gateway, FROM));
        try {
            transport.send(message).toCompletableFuture().get(RESULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return null;
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("no acknowledgement nor failure within " + RESULT_TIMEOUT, e);
        }
    }

    private String lastStatus(Gateway gateway) {
        List<String> seen = statuses.getOrDefault(gateway.statusTopic(), List.of());
        return seen.isEmpty() ? "" : seen.get(seen.size() - 1);
    }

    private MqttClient subscribe(String brokerUrl) throws MqttException {
        MqttClient subscriber = new MqttClient(brokerUrl, "it-load-subscriber", new MemoryPersistence());
        // the per-subscription listener overloads of Paho's v5 MqttClient 1.2.5 are broken: use the callback
        subscriber.setCallback(new Collector());
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        subscriber.connect(options);
        IMqttToken telemetry = subscriber.subscribe("ioc/v1/+/+/telemetry", 1);
        IMqttToken status = subscriber.subscribe("ioc/v1/+/+/status", 1);
        assertThat(telemetry.getReasonCodes()).containsExactly(GRANTED_QOS_1);
        assertThat(status.getReasonCodes()).containsExactly(GRANTED_QOS_1);
        return subscriber;
    }

    private static PrintStream quietProgress() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static void awaitTrue(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + RESULT_TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + RESULT_TIMEOUT + ": " + what);
            }
            LockSupport.parkNanos(POLL_INTERVAL.toNanos());
        }
    }

    private final class Collector extends SubscriberCallback {

        @Override
        public void messageArrived(String topic, MqttMessage message) throws IOException {
            if (topic.endsWith("/telemetry")) {
                telemetryReadings.addAndGet(json.readTree(message.getPayload()).size());
                telemetryMessages.incrementAndGet();
            } else {
                statuses.computeIfAbsent(topic, key -> new CopyOnWriteArrayList<>())
                        .add(new String(message.getPayload(), StandardCharsets.UTF_8));
            }
        }
    }
}
