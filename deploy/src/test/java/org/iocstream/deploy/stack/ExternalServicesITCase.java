package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.deploy.stack.StackTestSupport.awaitValue;
import static org.iocstream.deploy.stack.StackTestSupport.embeddedConfig;
import static org.iocstream.deploy.stack.StackTestSupport.query;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.TimeUnit;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.deploy.embedded.EmbeddedKafka;
import org.iocstream.deploy.embedded.EmbeddedQuestDb;
import org.iocstream.deploy.embedded.Ports;
import org.iocstream.sim.Communes;
import org.iocstream.sim.ExpectedWindow;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.GroundTruth;
import org.iocstream.sim.GatewayFirmware;
import org.iocstream.sim.GatewaySimulation;
import org.iocstream.sim.MqttGatewayTransport;
import org.iocstream.sim.PublishSummary;
import org.iocstream.sim.Scenario;
import org.iocstream.sim.SignalModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every embedded part swapped for an external one by configuration alone: Debian's Mosquitto as the MQTT
 * broker, and a Kafka broker and a QuestDB that the stack did not start. The results are the same as with the
 * embedded defaults: every 1 min window equals the simulator's ground truth.
 */
class ExternalServicesITCase {

    private static final long SEED = 7;

    private static final Instant FROM = Instant.parse("2025-11-25T10:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofMinutes(3));

    @TempDir
    Path dir;

    @Test
    void theStackRunsOnExternalKafkaMosquittoAndQuestDbByConfigurationOnly() throws Exception {
        int mqttPort = Ports.free();
        Process mosquitto = startMosquitto(mqttPort);
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("external-kafka"), "127.0.0.1", Ports.free(),
                Ports.free());
                EmbeddedQuestDb questDb = EmbeddedQuestDb.start(dir.resolve("external-questdb"), "127.0.0.1",
                        Ports.free(), Ports.free(), OptionalInt.empty());
                Stack stack = Stack.start(embeddedConfig(dir.resolve("stack"), Map.of(
                        IocConfig.KAFKA_BOOTSTRAP.key(), kafka.bootstrapServers(),
                        IocConfig.STORE_URL.key(), questDb.httpUrl(),
                        IocConfig.MQTT_BROKER_URL.key(), "tcp://127.0.0.1:" + mqttPort,
                        // a span published far faster than real time: see EndToEndITCase; one partition here
                        IocConfig.MAX_OUT_OF_ORDERNESS.key(), "2m",
                        IocConfig.KAFKA_TELEMETRY_PARTITIONS.key(), "1")), Clock.systemUTC())) {

            assertThat(stack.addresses()).containsEntry("Kafka bootstrap servers", kafka.bootstrapServers())
                    .containsEntry("MQTT broker", "tcp://127.0.0.1:" + mqttPort)
                    .containsEntry("Store (SQL console, line protocol)", questDb.httpUrl())
                    .doesNotContainKey("QuestDB PostgreSQL wire");
            assertThat(dir.resolve("stack").resolve("kafka")).doesNotExist();
            assertThat(dir.resolve("stack").resolve("hivemq")).doesNotExist();
            assertThat(dir.resolve("stack").resolve("questdb")).doesNotExist();

            Fleet fleet = Fleet.of(List.of(Communes.byCode("16681"), Communes.byCode("17143"),
                    Communes.byCode("16738")), 1);
            SignalModel signals = new SignalModel(SEED);
            PublishSummary sent;
            try (GatewaySimulation gateways = GatewaySimulation.open(new GatewayFirmware(fleet, SEED, Scenario.NONE),
                    new MqttGatewayTransport(stack.mqttBrokerUrl(),
                            SimulatedGateways.provision(stack.gateways(), fleet)))) {
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
        } finally {
            mosquitto.destroy();
            mosquitto.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** Debian's mosquitto on a free port; its default queue of 1000 messages per client is lifted (0 = none). */
    private Process startMosquitto(int port) throws IOException, InterruptedException {
        Path config = dir.resolve("mosquitto.conf");
        Files.writeString(config, String.join("\n",
                "listener " + port + " 127.0.0.1",
                "allow_anonymous true",
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
