package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.deploy.stack.StackTestSupport.awaitValue;
import static org.iocstream.deploy.stack.StackTestSupport.embeddedConfig;
import static org.iocstream.deploy.stack.StackTestSupport.query;
import static org.iocstream.deploy.stack.StackTestSupport.readTopicUntil;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.iocstream.connectors.gateway.GatewayIdentity;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.connectors.ingest.MetricCatalog;
import org.iocstream.connectors.ingest.TelemetryMapper;
import org.iocstream.connectors.kafka.KafkaProducers;
import org.iocstream.connectors.mqtt.MqttIngest;
import org.iocstream.connectors.mqtt.MqttIngestOptions;
import org.iocstream.connectors.senml.SenmlParser;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.deploy.embedded.EmbeddedKafka;
import org.iocstream.deploy.embedded.EmbeddedQuestDb;
import org.iocstream.deploy.embedded.Ports;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.Topics;
import org.iocstream.sim.Communes;
import org.iocstream.sim.ExpectedWindow;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.Gateway;
import org.iocstream.sim.GatewayFirmware;
import org.iocstream.sim.GatewaySecrets;
import org.iocstream.sim.GatewaySimulation;
import org.iocstream.sim.GroundTruth;
import org.iocstream.sim.MqttGatewayTransport;
import org.iocstream.sim.PublishSummary;
import org.iocstream.sim.Scenario;
import org.iocstream.sim.SignalModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every embedded part swapped for an external one by configuration alone: Debian's Mosquitto as the MQTT
 * broker, and a Kafka broker and a QuestDB that the stack did not start. The results are the same as with the
 * embedded defaults: every 1 min window equals the simulator's ground truth. Mosquitto checks who a gateway is
 * ({@code mqtt.auth=registry}) with the password and ACL files the stack writes from its gateway registry, and
 * rereads them when the stack signals it ({@code mqtt.mosquitto-reload-command}).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExternalServicesITCase {

    private static final long SEED = 7;

    private static final Instant FROM = Instant.parse("2025-11-25T10:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofMinutes(3));
    /** Readings published by hand, after the simulated span so that neither makes the other's readings late. */
    private static final Instant BY_HAND = TO.plus(Duration.ofHours(1));
    /** Mosquitto rereads its files shortly after SIGHUP, not before the reload command returns. */
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(30);
    private static final int MQTT5_NOT_AUTHORIZED = 135;

    @TempDir
    static Path dir;
    private static Process mosquitto;
    private static int mqttPort;
    private static EmbeddedKafka kafka;
    private static EmbeddedQuestDb questDb;
    private static IocConfig config;
    private static Stack stack;

    @BeforeAll
    static void startExternalServicesAndTheStack() throws Exception {
        kafka = EmbeddedKafka.start(dir.resolve("external-kafka"), "127.0.0.1", Ports.free(), Ports.free());
        questDb = EmbeddedQuestDb.start(dir.resolve("external-questdb"), "127.0.0.1", Ports.free(), Ports.free(),
                OptionalInt.empty());
        mqttPort = Ports.free();
        Path passwordFile = dir.resolve("mosquitto").resolve("passwd");
        Path aclFile = dir.resolve("mosquitto").resolve("acl");
        config = embeddedConfig(dir.resolve("stack"), Map.of(
                IocConfig.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers(),
                IocConfig.STORE_URL.key(), questDb.httpUrl(),
                IocConfig.MQTT_BROKER_URL.key(), "tcp://127.0.0.1:" + mqttPort,
                IocConfig.MQTT_MOSQUITTO_PASSWORD_FILE.key(), passwordFile.toString(),
                IocConfig.MQTT_MOSQUITTO_ACL_FILE.key(), aclFile.toString(),
                // a span published far faster than real time: see EndToEndITCase; one partition here
                IocConfig.MAX_OUT_OF_ORDERNESS.key(), "2m",
                IocConfig.KAFKA_TELEMETRY_PARTITIONS.key(), "1"));
        // Mosquitto does not start without its files: first those of the still empty registry
        MosquittoAuthFiles.write(GatewayRegistry.open(config.gatewayRegistryFile(), Clock.systemUTC()), passwordFile,
                aclFile);
        mosquitto = startMosquitto(mqttPort, passwordFile, aclFile);
        config = config.with(Map.of(IocConfig.MQTT_MOSQUITTO_RELOAD_COMMAND.key(), "kill -HUP " + mosquitto.pid()));
        stack = Stack.start(config, Clock.systemUTC());
    }

    @AfterAll
    static void stopAll() throws InterruptedException {
        for (AutoCloseable service : new AutoCloseable[] {stack, questDb, kafka}) {
            try {
                if (service != null) {
                    service.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException("could not stop " + service, e);
            }
        }
        if (mosquitto != null) {
            mosquitto.destroy();
            mosquitto.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @Order(1)
    void theStackRunsOnExternalKafkaMosquittoAndQuestDbByConfigurationOnly() throws Exception {
        assertThat(stack.addresses()).containsEntry("Kafka bootstrap servers", kafka.bootstrapServers())
                .containsEntry("MQTT broker", "tcp://127.0.0.1:" + mqttPort)
                .containsEntry("Store (SQL console, line protocol)", questDb.httpUrl())
                .containsKey("Mosquitto password and ACL files")
                .doesNotContainKey("QuestDB PostgreSQL wire");
        assertThat(dir.resolve("stack").resolve("kafka")).doesNotExist();
        assertThat(dir.resolve("stack").resolve("hivemq")).doesNotExist();
        assertThat(dir.resolve("stack").resolve("questdb")).doesNotExist();

        Fleet fleet = Fleet.of(List.of(Communes.byCode("16681"), Communes.byCode("17143"),
                Communes.byCode("16738")), 1);
        SignalModel signals = new SignalModel(SEED);
        // as an installer would: issue the gateways their credentials, then let Mosquitto know them
        GatewaySecrets secrets = SimulatedGateways.provision(stack.gateways(), fleet);
        assertThat(MosquittoAuthFiles.update(config, stack.gateways())).isTrue();
        for (Gateway gateway : fleet.gateways()) {
            String password = secrets.of(gateway).orElseThrow().mqttPassword();
            awaitValue(RELOAD_WAIT, () -> mosquittoPub("mqttv5", gateway.identity(), password,
                    gateway.statusTopic(), "online", "-r").exitCode(), code -> code == 0,
                    "Mosquitto to accept " + gateway.identity());
        }
        PublishSummary sent;
        try (GatewaySimulation gateways = GatewaySimulation.open(new GatewayFirmware(fleet, SEED, Scenario.NONE),
                new MqttGatewayTransport(stack.mqttBrokerUrl(), secrets))) {
            sent = gateways.publishSpan(FROM, TO.plus(Duration.ofMinutes(3)));
        }
        assertThat(sent.failures()).isZero();

        List<ExpectedWindow> truth = GroundTruth.windows(fleet, signals, Duration.ofMinutes(1), FROM, TO);
        String sql = "select device_id, metric, timestamp, count, sum, min, max, first, last from reading_1m"
                + " where timestamp >= '" + FROM + "' and timestamp < '" + TO + "'";
        List<Map<String, Object>> rows = awaitValue(Duration.ofMinutes(2), () -> query(questDb.httpUrl(), sql),
                r -> r.size() >= truth.size(), truth.size() + " rows in the external QuestDB");
        assertThat(rows.stream().map(r -> r.get("device_id") + "|" + r.get("metric") + "|"
                + Instant.parse((String) r.get("timestamp")) + "|" + r.get("count") + "|" + r.get("sum") + "|"
                + r.get("min") + "|" + r.get("max") + "|" + r.get("first") + "|" + r.get("last")).toList())
                .containsExactlyInAnyOrderElementsOf(truth.stream().map(w -> w.deviceId() + "|" + w.metric() + "|"
                        + w.windowStart() + "|" + w.count() + "|" + w.sum() + "|" + w.min() + "|" + w.max() + "|"
                        + w.first() + "|" + w.last()).toList());
    }

    @Test
    @Order(2)
    void mosquittoAdmitsAGatewayOnlyUnderItsOwnPrefixWithTheFilesWrittenFromTheRegistry() throws Exception {
        GatewayIdentity gateway = new GatewayIdentity("16681", "gw-97");
        String password = stack.gateways().issue(gateway).mqttPassword();
        assertThat(MosquittoAuthFiles.update(config, stack.gateways())).isTrue();
        String ownTopic = gateway.topicPrefix() + "telemetry";
        String foreignTopic = "ioc/v1/17143/gw-97/telemetry";

        // refused at CONNECT until Mosquitto has reread its files, so only the accepted attempt is delivered
        awaitValue(RELOAD_WAIT, () -> mosquittoPub("mqttv5", gateway.name(), password, ownTopic,
                senml("16681-ENV-9701")).exitCode(), code -> code == 0, "Mosquitto to accept " + gateway);
        readTopicUntil(kafka.bootstrapServers(), Topics.TELEMETRY, Reading.class,
                readings -> readings.stream().anyMatch(r -> r.getDeviceId().equals("16681-ENV-9701")),
                Duration.ofMinutes(1));

        // MQTT 5: a PUBACK with 0x87, which mosquitto_pub reports as a warning and still exits 0
        PubResult foreignV5 = mosquittoPub("mqttv5", gateway.name(), password, foreignTopic, senml("17143-ENV-9702"));
        assertThat(foreignV5.output()).contains("RC:" + MQTT5_NOT_AUTHORIZED)
                .contains("Warning: Publish 1 failed: Not authorized.");
        // MQTT 3.1.1 has no negative PUBACK: Mosquitto acknowledges and drops the message
        PubResult foreignV311 = mosquittoPub("mqttv311", gateway.name(), password, foreignTopic,
                senml("17143-ENV-9703"));
        assertThat(foreignV311.exitCode()).as("mosquitto_pub exit code; output: %s", foreignV311.output()).isZero();
        // the fence: once a later message under the gateway's own prefix is in Kafka, so would the foreign ones be
        assertThat(mosquittoPub("mqttv311", gateway.name(), password, ownTopic, senml("16681-ENV-9704")).exitCode())
                .isZero();
        List<Reading> readings = readTopicUntil(kafka.bootstrapServers(), Topics.TELEMETRY, Reading.class,
                found -> found.stream().anyMatch(r -> r.getDeviceId().equals("16681-ENV-9704")),
                Duration.ofMinutes(1));
        assertThat(readings).extracting(Reading::getDeviceId).doesNotContain("17143-ENV-9702", "17143-ENV-9703");

        PubResult anonymous = mosquittoPub("mqttv5", null, null, ownTopic, senml("16681-ENV-9705"));
        assertThat(anonymous.exitCode()).as("output: %s", anonymous.output()).isEqualTo(MQTT5_NOT_AUTHORIZED);
        assertThat(mosquittoPub("mqttv5", gateway.name(), password + "x", ownTopic, senml("16681-ENV-9705"))
                .exitCode()).isEqualTo(MQTT5_NOT_AUTHORIZED);

        assertThat(stack.gateways().revoke(gateway)).isTrue();
        assertThat(MosquittoAuthFiles.update(config, stack.gateways())).isTrue();
        awaitValue(RELOAD_WAIT, () -> mosquittoPub("mqttv5", gateway.name(), password, ownTopic,
                senml("16681-ENV-9706")).exitCode(), code -> code == MQTT5_NOT_AUTHORIZED,
                "Mosquitto to refuse the revoked " + gateway);
    }

    @Test
    @Order(3)
    void theIngestKeepsLoggingInWhileMosquittoHasNotYetRereadItsFiles() throws Exception {
        String password = stack.gateways().issueService("ioc-ingest-late", GatewayRegistry.Role.INGEST);
        DeviceRegistry devices = new DeviceRegistry();
        long refusedBefore = refusedLogins();
        try (KafkaProducer<byte[], byte[]> producer = KafkaProducers.reliable(kafka.bootstrapServers(), "it-late");
                MqttIngest ingest = new MqttIngest(new MqttIngestOptions(stack.mqttBrokerUrl(), "it-ingest-late",
                        "ioc-ingest-late", password, "ioc-ingest-late", 10), producer, new SenmlParser(),
                        new TelemetryMapper(MetricCatalog.standard(), devices), devices, new SimpleMeterRegistry(),
                        Clock.systemUTC())) {
            CompletableFuture<Void> started = CompletableFuture.runAsync(() -> {
                try {
                    ingest.start();
                } catch (Exception e) {
                    throw new CompletionException(e);
                }
            });
            // the account is in the registry but not yet in Mosquitto's files: refused at least once
            awaitValue(RELOAD_WAIT, ExternalServicesITCase::refusedLogins, n -> n > refusedBefore,
                    "Mosquitto to refuse the ingest's login");
            assertThat(started).isNotDone();

            assertThat(MosquittoAuthFiles.update(config, stack.gateways())).isTrue();

            started.get(RELOAD_WAIT.toSeconds(), TimeUnit.SECONDS);
        }
    }

    /** Logins Mosquitto has refused so far, from its log. */
    private static long refusedLogins() {
        try {
            return Files.readAllLines(dir.resolve("mosquitto.log")).stream()
                    .filter(line -> line.contains("disconnected, not authorised")).count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** What mosquitto_pub said (with {@code -d}: every packet, with reason codes) and its exit code. */
    private record PubResult(int exitCode, String output) {
    }

    /** Debian's mosquitto_pub, QoS 1, logging in as {@code username} (anonymously when null). */
    private static PubResult mosquittoPub(String protocolVersion, String username, String password, String topic,
            String payload, String... options) {
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-h", "127.0.0.1", "-p",
                String.valueOf(mqttPort), "-V", protocolVersion, "-q", "1", "-d", "-t", topic, "-m", payload));
        if (username != null) {
            command.addAll(List.of("-u", username, "-P", password));
        }
        command.addAll(List.of(options));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("mosquitto_pub finished").isTrue();
            return new PubResult(process.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("mosquitto_pub is needed (Debian package mosquitto-clients; .ci/run installs it)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static String senml(String deviceId) {
        return "[{\"bn\":\"" + deviceId + ":\",\"bt\":" + BY_HAND.getEpochSecond()
                + ",\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":35.2}]";
    }

    /**
     * Debian's mosquitto on a free port, admitting only the accounts in the given files; its default queue of 1000
     * messages per client is lifted (0 = none). It runs as root here because the files are root's and owner-only.
     */
    private static Process startMosquitto(int port, Path passwordFile, Path aclFile)
            throws IOException, InterruptedException {
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous false",
                "password_file " + passwordFile.toAbsolutePath(),
                "acl_file " + aclFile.toAbsolutePath(),
                "persistence false",
                "max_queued_messages 0",
                "log_dest stderr",
                "user root", ""));
        Process process;
        try {
            process = new ProcessBuilder("mosquitto", "-c", config.toString()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("mosquitto is needed (Debian package mosquitto; .ci/run installs it)", e);
        }
        Instant deadline = Instant.now().plusSeconds(30);
        while (Ports.isFree("127.0.0.1", port)) {
            assertThat(process.isAlive()).as("mosquitto running; log: %s",
                    Files.readString(dir.resolve("mosquitto.log"))).isTrue();
            assertThat(Instant.now()).as("mosquitto listening").isBefore(deadline);
            TimeUnit.MILLISECONDS.sleep(100);
        }
        return process;
    }
}
