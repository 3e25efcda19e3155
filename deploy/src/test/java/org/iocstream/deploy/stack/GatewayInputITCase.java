package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.deploy.stack.StackTestSupport.awaitValue;
import static org.iocstream.deploy.stack.StackTestSupport.embeddedConfig;
import static org.iocstream.deploy.stack.StackTestSupport.query;
import static org.iocstream.deploy.stack.StackTestSupport.readTopicUntil;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iocstream.connectors.gateway.GatewayIdentity;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.connectors.kafka.DeviceRegistryLoader;
import org.iocstream.deploy.IocStreamCli;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.DeviceInfo;
import org.iocstream.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * What a gateway integrator does by hand: publish SenML with Debian's {@code mosquitto_pub} to the running stack,
 * correct and incorrect, logging in with the credentials issued to the gateway. Correct readings show up in the
 * window tables with exactly the statistics of what was sent; incorrect ones land on ioc.deadletter.v1 with a
 * reason a person can act on, and the pipeline goes on.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class GatewayInputITCase {

    /** Event times well apart from each other and in order of the tests, so that no test's readings are late. */
    private static final Instant MANUAL = Instant.parse("2025-11-26T02:00:00Z");
    private static final Instant AFTER_BAD_INPUT = MANUAL.plus(Duration.ofHours(1));

    @TempDir
    static Path dataDir;
    private static Stack stack;
    private static String host;
    private static int port;
    /** MQTT password by gateway identity, issued in the stack's gateway registry as an installer would. */
    private static final Map<String, String> PASSWORDS = new HashMap<>();

    @BeforeAll
    static void startStack() throws Exception {
        stack = Stack.start(embeddedConfig(dataDir, Map.of()), Clock.systemUTC());
        URI broker = URI.create(stack.mqttBrokerUrl());
        host = broker.getHost();
        port = broker.getPort();
        for (String gateway : List.of("16681/gw-09", "16682/gw-02")) {
            PASSWORDS.put(gateway, stack.gateways().issue(GatewayIdentity.parse(gateway)).mqttPassword());
        }
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    @Order(1)
    void aReadingPublishedByHandAppearsWithExactStatistics() throws Exception {
        long t = MANUAL.getEpochSecond();
        // three PM2.5 values in one 10 s window (and so in one 1 min window), in two messages, out of order
        mosquittoPub("ioc/v1/16681/gw-09/telemetry", "[{\"bn\":\"16681-ENV-9001:\",\"bt\":" + t
                + ",\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":35.2,\"t\":7},{\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":12.5,\"t\":1}]");
        mosquittoPub("ioc/v1/16681/gw-09/telemetry", "[{\"bn\":\"16681-ENV-9001:\",\"bt\":" + (t + 3)
                + ",\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":48}]");
        // a later reading moves event time on, so the windows above close
        mosquittoPub("ioc/v1/16681/gw-09/telemetry", "[{\"bn\":\"16681-ENV-9001:\",\"bt\":" + (t + 300)
                + ",\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":20}]");

        double sum = 35.2 + 12.5 + 48;
        for (String table : List.of("reading_10s", "reading_1m")) {
            Map<String, Object> row = awaitValue(Duration.ofMinutes(2), () -> query(stack.storeUrl(),
                    "select count, min, max, mean, sum, first, last, commune, gateway, unit from " + table
                            + " where device_id = '16681-ENV-9001' and timestamp = '" + MANUAL + "'"),
                    rows -> rows.size() == 1, "the manual window in " + table).get(0);
            assertThat(row.get("count")).as(table).isEqualTo(3L);
            assertThat(row.get("min")).as(table).isEqualTo(12.5);
            assertThat(row.get("max")).as(table).isEqualTo(48.0);
            assertThat(row.get("sum")).as(table).isEqualTo(sum);
            assertThat(row.get("mean")).as(table).isEqualTo(sum / 3);
            assertThat(row.get("first")).as(table).isEqualTo(12.5);
            assertThat(row.get("last")).as(table).isEqualTo(35.2);
            assertThat(row.get("commune")).isEqualTo("16681");
            assertThat(row.get("gateway")).isEqualTo("gw-09");
            assertThat(row.get("unit")).isEqualTo("ug/m3");
        }
    }

    @Test
    @Order(2)
    void badInputBecomesDeadLettersWithReasonsAndThePipelineGoesOn() throws Exception {
        long t = AFTER_BAD_INPUT.getEpochSecond();
        // gateway gw-02 of commune 16682 declares its device; gateway gw-09 of 16681 then reports for it
        mosquittoPub("ioc/v1/16682/gw-02/devices", "[{\"id\":\"16682-ENV-0042\",\"kind\":\"ENV\",\"lat\":18.7,"
                + "\"lon\":105.6,\"installedAt\":\"2025-06-01T00:00:00Z\"}]");
        readTopicUntil(stack.kafkaBootstrap(), Topics.DEVICES, DeviceInfo.class,
                devices -> devices.stream().anyMatch(d -> d.getDeviceId().equals("16682-ENV-0042")),
                Duration.ofMinutes(1));

        // what a restarted ingest learns before it connects
        DeviceRegistry reloaded = new DeviceRegistry();
        DeviceRegistryLoader.load(stack.kafkaBootstrap(), reloaded, Duration.ofMinutes(1));
        assertThat(reloaded.find("16682-ENV-0042")).hasValueSatisfying(device ->
                assertThat(device.getCommune() + "/" + device.getGateway()).isEqualTo("16682/gw-02"));

        mosquittoPub("ioc/v1/16681/gw-09/telemetry", "[{\"bn\":\"16681-ENV-9001:\",\"n\":\"pm2_5\",\"v\":");
        mosquittoPub("ioc/v1/16681/gw-09/telemetry", "[{\"bn\":\"16682-ENV-0042:\",\"bt\":" + t
                + ",\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":30}]");
        mosquittoPub("ioc/v1/16681/gw-09/telemetry", "[{\"bn\":\"16681-ENV-9001:\",\"bt\":" + t
                + ",\"n\":\"pm25\",\"u\":\"ug/m3\",\"v\":30}]");
        // and the pipeline still takes good readings afterwards
        mosquittoPub("ioc/v1/16681/gw-09/telemetry", "[{\"bn\":\"16681-ENV-9001:\",\"bt\":" + t
                + ",\"n\":\"noise\",\"u\":\"dBA\",\"v\":61.5}]");
        mosquittoPub("ioc/v1/16681/gw-09/telemetry", "[{\"bn\":\"16681-ENV-9001:\",\"bt\":" + (t + 300)
                + ",\"n\":\"noise\",\"u\":\"dBA\",\"v\":50}]");

        List<DeadLetter> letters = readTopicUntil(stack.kafkaBootstrap(), Topics.DEADLETTER, DeadLetter.class,
                found -> found.size() >= 3, Duration.ofMinutes(1));
        assertThat(letters).extracting(DeadLetter::getReasonCode)
                .containsExactlyInAnyOrder("MALFORMED_SENML", "IDENTITY_MISMATCH", "UNKNOWN_METRIC");
        assertThat(letters).allSatisfy(letter -> {
            assertThat(letter.getProtocol()).isEqualTo("mqtt");
            assertThat(letter.getSource()).isEqualTo("ioc/v1/16681/gw-09/telemetry");
            assertThat(letter.getCommune()).isEqualTo("16681");
            assertThat(letter.getGateway()).isEqualTo("gw-09");
            assertThat(letter.getPayload().remaining()).isPositive();
        });
        assertThat(message(letters, "MALFORMED_SENML")).contains("JSON");
        assertThat(message(letters, "IDENTITY_MISMATCH")).contains("16682-ENV-0042").contains("16682/gw-02")
                .contains("16681/gw-09");
        assertThat(message(letters, "UNKNOWN_METRIC")).contains("'pm25'");
        DeadLetter malformed = letters.stream().filter(l -> l.getReasonCode().equals("MALFORMED_SENML")).findFirst()
                .orElseThrow();
        assertThat(StandardCharsets.UTF_8.decode(malformed.getPayload()).toString())
                .isEqualTo("[{\"bn\":\"16681-ENV-9001:\",\"n\":\"pm2_5\",\"v\":");

        Map<String, Object> row = awaitValue(Duration.ofMinutes(2), () -> query(stack.storeUrl(),
                "select count, mean from reading_10s where device_id = '16681-ENV-9001' and metric = 'noise' and "
                        + "timestamp = '" + AFTER_BAD_INPUT + "'"), rows -> rows.size() == 1,
                "the good reading after the bad ones").get(0);
        assertThat(row.get("count")).isEqualTo(1L);
        assertThat(row.get("mean")).isEqualTo(61.5);
        assertThat(query(stack.storeUrl(), "select count() n from reading_10s where device_id = '16682-ENV-0042'")
                .get(0).get("n")).isEqualTo(0L);

        String metrics = httpGet(stack.addresses().get("Prometheus metrics"));
        for (String reason : List.of("MALFORMED_SENML", "IDENTITY_MISMATCH", "UNKNOWN_METRIC")) {
            assertThat(metrics).containsPattern("ioc_ingest_rejected_total\\{[^}]*reason=\"" + reason + "\"[^}]*\\} 1\\.0");
        }
        assertThat(metrics).contains("jvm_memory_used_bytes");

        // and an operator sees the same with the command line
        String listed = deadletters("--bootstrap-servers", stack.kafkaBootstrap(), "--since", "10m",
                "--commune", "16681");
        assertThat(listed).contains("MALFORMED_SENML      mqtt ioc/v1/16681/gw-09/telemetry 16681/gw-09 | ")
                .contains("| payload: [{\"bn\":\"16681-ENV-9001:\",\"n\":\"pm2_5\",\"v\":")
                .contains("3 dead letters since").containsPattern("IDENTITY_MISMATCH +1")
                .containsPattern("MALFORMED_SENML +1").containsPattern("UNKNOWN_METRIC +1");
        assertThat(deadletters("--bootstrap-servers", stack.kafkaBootstrap(), "--since", "10m", "--reason",
                "UNKNOWN_METRIC")).contains("1 dead letters since").contains("'pm25'").doesNotContain("IDENTITY");
    }

    private static String httpGet(String url) throws IOException, InterruptedException {
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newHttpClient().send(
                java.net.http.HttpRequest.newBuilder(URI.create(url)).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static String deadletters(String... options) {
        StringWriter out = new StringWriter();
        CommandLine command = new CommandLine(new IocStreamCli());
        command.setOut(new PrintWriter(out));
        List<String> args = new ArrayList<>(List.of("deadletters"));
        args.addAll(List.of(options));
        assertThat(command.execute(args.toArray(String[]::new))).isZero();
        return out.toString();
    }

    private static String message(List<DeadLetter> letters, String reason) {
        return letters.stream().filter(l -> l.getReasonCode().equals(reason)).findFirst().orElseThrow().getMessage();
    }

    /**
     * Publishes with Debian's mosquitto_pub (MQTT 5, QoS 1) as the gateway the topic names, and fails the test if
     * it does not succeed.
     */
    private static void mosquittoPub(String topic, String payload) throws IOException, InterruptedException {
        String[] levels = topic.split("/");
        String gateway = levels[2] + "/" + levels[3];
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-h", host, "-p", String.valueOf(port),
                "-V", "mqttv5", "-q", "1", "-i", "it-" + System.nanoTime(), "-u", gateway, "-P",
                PASSWORDS.get(gateway), "-t", topic, "-m", payload));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("mosquitto_pub is needed (Debian package mosquitto-clients; .ci/run installs it)", e);
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("mosquitto_pub finished").isTrue();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as("mosquitto_pub exit code, output: %s", output).isZero();
        assertThat(output).as("mosquitto_pub output").doesNotContain("failed");
    }
}
