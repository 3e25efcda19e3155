package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.deploy.stack.StackTestSupport.readTopicUntil;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.connectors.kafka.DeadLetterReader;
import org.iocstream.connectors.kafka.TopicProvisioner;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.deploy.embedded.EmbeddedHiveMq;
import org.iocstream.deploy.embedded.EmbeddedKafka;
import org.iocstream.deploy.embedded.Ports;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.Topics;
import org.iocstream.sim.Communes;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.GatewayFirmware;
import org.iocstream.sim.GatewayProtocol;
import org.iocstream.sim.GatewaySimulation;
import org.iocstream.sim.PlannedMessage;
import org.iocstream.sim.PublishSummary;
import org.iocstream.sim.Scenario;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing a gateway had acknowledged by the broker is lost when Kafka or the ingest fails in the middle of the
 * stream: every reading the simulator sent is on ioc.telemetry.v1 afterwards (a redelivered one may be there
 * twice, which the job drops). Gateways publish at a steady pace throughout, as they would.
 */
class IngestFaultsITCase {

    private static final String HOST = "127.0.0.1";
    private static final Fleet FLEET = Fleet.of(Communes.select("12"), 2);
    private static final Instant FROM = Instant.parse("2026-11-29T06:00:00Z");
    /** Simulated minutes sent, one per step: enough steps that the fault falls in the middle of the stream. */
    private static final int MINUTES = 80;
    /** One simulated minute is sent every step, so the stream lasts a minute of wall-clock time. */
    private static final Duration STEP = Duration.ofMillis(750);
    /** Steps sent while Kafka is down: 40 × 750 ms = 30 s. */
    private static final int KAFKA_OUTAGE_STEPS = 40;
    private static final Duration STREAM_TIMEOUT = Duration.ofMinutes(3);

    @TempDir
    Path dir;

    private int kafkaPort;
    private int controllerPort;
    private EmbeddedKafka kafka;
    private EmbeddedHiveMq broker;
    private GatewayRegistry gateways;
    private GatewayFirmware firmware;

    @BeforeEach
    void startServices() {
        kafkaPort = Ports.free();
        controllerPort = Ports.free();
        kafka = startKafka();
        TopicProvisioner.ensure(kafka.bootstrapServers(), TopicProvisioner.standardTopics(4), (short) 1);
        gateways = GatewayRegistry.open(dir.resolve("registry.tsv"), Clock.systemUTC());
        broker = EmbeddedHiveMq.start(dir.resolve("hivemq"), HOST, Ports.free(), gateways);
        firmware = new GatewayFirmware(FLEET, 42, Scenario.NONE);
    }

    @AfterEach
    void stopServices() {
        if (broker != null) {
            broker.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void kafkaStoppedForHalfAMinuteWhileGatewaysPublishLosesNothing() throws Exception {
        try (MqttIngestRunner ingest = MqttIngestRunner.start(config(), kafka.bootstrapServers(), broker.brokerUrl(),
                "1", MqttIngestRunner.login(config(), "1", gateways), new DeviceRegistry(), new SimpleMeterRegistry(),
                Clock.systemUTC());
                GatewaySimulation simulation = openSimulation();
                PacedStream stream = new PacedStream(simulation)) {
            int outageStarts = MINUTES / 4;
            stream.awaitSent(outageStarts);
            // as a broker stopped for maintenance and started again on the same log, while gateways go on
            kafka.close();
            kafka = null;
            stream.awaitSent(outageStarts + KAFKA_OUTAGE_STEPS);
            assertThat(ingest.inFlight()).as("messages held unacknowledged while Kafka is down").isPositive();
            kafka = startKafka();
            stream.awaitEnd();
        }

        assertEveryReadingSentIsOnKafka();
    }

    @Test
    void ingestKilledAndStartedAgainLosesNothing() throws Exception {
        Process ingest = startIngestProcess();
        try (GatewaySimulation simulation = openSimulation();
                PacedStream stream = new PacedStream(simulation)) {
            int killedAt = MINUTES / 3;
            stream.awaitSent(killedAt);
            // SIGKILL: no drain, no disconnect; the broker keeps the session and its unacknowledged messages
            ingest.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            stream.awaitSent(killedAt + 2);
            ingest = startIngestProcess();
            stream.awaitEnd();
            assertEveryReadingSentIsOnKafka();
        } finally {
            ingest.destroy();
            ingest.waitFor(60, TimeUnit.SECONDS);
        }
    }

    /**
     * The gateways' stream: one simulated minute every {@link #STEP} on a scheduler thread of its own, as gateways
     * keep publishing whatever happens to Kafka or the ingest, until {@link #MINUTES} are sent.
     */
    private static final class PacedStream implements AutoCloseable {
        private final GatewaySimulation simulation;
        private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
        private final AtomicInteger sent = new AtomicInteger();
        private final CompletableFuture<Void> done = new CompletableFuture<>();

        PacedStream(GatewaySimulation simulation) {
            this.simulation = simulation;
            scheduler.scheduleAtFixedRate(this::sendNextMinute, 0, STEP.toMillis(), TimeUnit.MILLISECONDS);
        }

        private void sendNextMinute() {
            if (done.isDone()) {
                return;
            }
            int minute = sent.get();
            try {
                Instant start = FROM.plus(Duration.ofMinutes(minute));
                PublishSummary summary = simulation.publishSpan(start, start.plus(Duration.ofMinutes(1)));
                if (summary.failures() > 0) {
                    done.completeExceptionally(new AssertionError(summary.failures()
                            + " messages the broker refused in minute " + minute));
                    return;
                }
            } catch (InterruptedException | RuntimeException e) {
                done.completeExceptionally(e);
                return;
            }
            if (sent.incrementAndGet() == MINUTES) {
                done.complete(null);
            }
        }

        /** Returns once {@code minutes} are sent; fails if the stream failed or stalled. */
        void awaitSent(int minutes) {
            StackTestSupport.pollUntil(STREAM_TIMEOUT, sent::get, count -> count >= minutes || done.isDone());
            if (done.isCompletedExceptionally()) {
                done.join();
            }
            assertThat(sent.get()).as("simulated minutes sent").isGreaterThanOrEqualTo(minutes);
        }

        void awaitEnd() throws Exception {
            done.get(STREAM_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void close() throws InterruptedException {
            scheduler.shutdownNow();
            scheduler.awaitTermination(1, TimeUnit.MINUTES);
        }
    }

    private void assertEveryReadingSentIsOnKafka() {
        Set<String> sent = identitiesSent(FROM, FROM.plus(Duration.ofMinutes(MINUTES)));
        // stop reading once all are there, or at the deadline; then the difference says what is missing
        Instant giveUp = Instant.now().plus(Duration.ofMinutes(3));
        Predicate<List<Reading>> done = readings -> identities(readings).containsAll(sent)
                || Instant.now().isAfter(giveUp);
        List<Reading> onKafka = readTopicUntil(kafka.bootstrapServers(), Topics.TELEMETRY, Reading.class, done,
                Duration.ofMinutes(4));

        Set<String> missing = new TreeSet<>(sent);
        missing.removeAll(identities(onKafka));
        Map<String, Long> deadLetters = new TreeMap<>();
        DeadLetterReader.since(kafka.bootstrapServers(), Instant.EPOCH, Duration.ofSeconds(30)).forEach(entry ->
                deadLetters.merge(entry.letter().getReasonCode(), 1L, Long::sum));
        assertThat(missing).as("readings sent (%d) but not on Kafka (%d records); dead letters by reason %s",
                sent.size(), onKafka.size(), deadLetters).isEmpty();
        assertThat(identities(onKafka)).as("readings on Kafka, by identity").isEqualTo(sent);
    }

    /** Every reading the firmware sends in [from, to), from the simulator's own plan. */
    private Set<String> identitiesSent(Instant from, Instant to) {
        Set<String> identities = new HashSet<>();
        for (long second = from.getEpochSecond(); second < to.getEpochSecond(); second++) {
            for (PlannedMessage planned : firmware.messagesAt(second)) {
                planned.acceptedReadings().forEach(reading -> identities.add(reading.device().id() + ":"
                        + reading.metric().name() + "@" + reading.time()));
            }
        }
        assertThat(identities).as("readings planned").hasSizeGreaterThan(10_000);
        return identities;
    }

    private static Set<String> identities(List<Reading> readings) {
        Set<String> identities = new HashSet<>();
        readings.forEach(reading -> identities.add(reading.getDeviceId() + ":" + reading.getMetric() + "@"
                + reading.getTime()));
        return identities;
    }

    private GatewaySimulation openSimulation() throws Exception {
        return GatewaySimulation.open(firmware, GatewayProtocol.MQTT.transport(FLEET, broker.brokerUrl(), null,
                SimulatedGateways.provision(gateways, FLEET)));
    }

    private EmbeddedKafka startKafka() {
        return EmbeddedKafka.start(dir.resolve("kafka"), HOST, kafkaPort, controllerPort);
    }

    private IocConfig config() {
        return IocConfig.defaults().with(Map.of(IocConfig.GATEWAY_REGISTRY_FILE.key(),
                dir.resolve("registry.tsv").toString()));
    }

    /** {@code ioc-stream ingest} in a JVM of its own, as an operator runs an extra instance. */
    private Process startIngestProcess() throws Exception {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("java.class.path"), "org.iocstream.deploy.IocStreamCli", "ingest",
                "--instance", "killed",
                "--set", "kafka.bootstrap-servers=" + kafka.bootstrapServers(),
                "--set", "mqtt.broker-url=" + broker.brokerUrl(),
                "--set", "gateway.registry-file=" + dir.resolve("registry.tsv"),
                "--set", "http.port=" + Ports.free()));
        Path log = dir.resolve("ingest-" + System.nanoTime() + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        StackTestSupport.pollUntil(Duration.ofSeconds(60), () -> read(log),
                text -> text.contains("MQTT ingest instance killed is up") || !process.isAlive());
        assertThat(process.isAlive()).as("ingest process alive; its log:%n%s", read(log)).isTrue();
        return process;
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
