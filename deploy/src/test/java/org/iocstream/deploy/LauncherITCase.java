package org.iocstream.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.iocstream.connectors.timeseries.QuestDbAdmin;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.deploy.embedded.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code deploy/bin/ioc-stream up} as an operator runs it, in its own process: the simulated province reaches
 * the store, the Flink job runs, a stop leaves nothing behind, and a second {@code up} on the same data
 * directory resumes the job from its savepoint without duplicating a row. The process is stopped with SIGTERM,
 * which runs the same shutdown hook as Ctrl-C (a child of a test JVM may inherit an ignored SIGINT).
 */
class LauncherITCase {

    private static final Logger LOG = LoggerFactory.getLogger(LauncherITCase.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path LAUNCHER = Path.of("bin", "ioc-stream");
    private static final String COUNT_ROWS = "select count() n from reading_10s";

    @TempDir
    Path dataDir;
    private int coapPort;

    @Test
    void upFillsTheStoreForEveryCommuneStopsCleanlyAndResumes() throws Exception {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (var setting : List.of(IocConfig.HTTP_PORT, IocConfig.KAFKA_PORT, IocConfig.KAFKA_CONTROLLER_PORT, IocConfig.MQTT_PORT,
                IocConfig.STORE_HTTP_PORT, IocConfig.STORE_PG_PORT, IocConfig.FLINK_WEB_PORT)) {
            ports.put(setting.key(), Ports.free());
        }
        String store = "http://127.0.0.1:" + ports.get(IocConfig.STORE_HTTP_PORT.key());
        // UDP, so not among the TCP ports checked free after a stop; a free one keeps parallel builds apart
        coapPort = Ports.freeUdp();

        Path firstLog = dataDir.resolve("first-up.log");
        Process first = up(ports, firstLog);
        Instant upAt = awaitLog(firstLog, first, "IOC Stream is up");
        long communes = awaitQuery(store, "select count_distinct(commune) n from reading_10s", n -> n >= 130);
        LOG.info("rows for {} communes in reading_10s {} s after 'up' printed its addresses", communes,
                Duration.between(upAt, Instant.now()).toSeconds());
        assertThat(communes).isEqualTo(130);
        // the default province: every commune has stations, street lights, cameras and loudspeakers
        for (String kind : List.of("ENV", "LGT", "CAM", "SPK")) {
            assertThat(awaitQuery(store, "select count_distinct(commune) n from reading_10s where device_id like '%-"
                    + kind + "-%'", n -> n >= 130)).as("communes with %s rows", kind).isEqualTo(130);
        }
        assertThat(flinkJobs(ports.get(IocConfig.FLINK_WEB_PORT.key()))).containsExactly("ioc-telemetry=RUNNING");

        long rowsBefore = awaitQuery(store, COUNT_ROWS, n -> true);
        stop(first, firstLog);
        assertThat(Files.readString(firstLog)).contains("telemetry job stopped with savepoint");
        ports.values().forEach(port -> assertThat(bindable(port)).as("port %d free after stop", port).isTrue());

        Path secondLog = dataDir.resolve("second-up.log");
        Process second = up(ports, secondLog);
        awaitLog(secondLog, second, "IOC Stream is up");
        assertThat(Files.readString(secondLog)).contains("resuming from").contains("savepoint");
        awaitQuery(store, COUNT_ROWS, n -> n > rowsBefore);
        assertThat(awaitQuery(store, "select max(c) n from (select device_id, metric, timestamp, count() c "
                + "from reading_10s group by device_id, metric, timestamp)", n -> true))
                .as("rows per (device, metric, window)").isEqualTo(1);
        stop(second, secondLog);
    }

    private Process up(Map<String, Integer> ports, Path log) throws IOException {
        List<String> command = new ArrayList<>(List.of("bash", LAUNCHER.toString(), "up", "--data-dir",
                dataDir.resolve("ioc-data").toString()));
        ports.forEach((key, port) -> command.addAll(List.of("--set", key + "=" + port)));
        command.addAll(List.of("--set", IocConfig.COAP_DTLS_PORT.key() + "=" + coapPort));
        command.addAll(List.of("--set", IocConfig.FLINK_CHECKPOINT_INTERVAL.key() + "=2s"));
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    private static void stop(Process process, Path log) throws Exception {
        process.destroy(); // SIGTERM
        assertThat(process.waitFor(3, TimeUnit.MINUTES)).as("ioc-stream stops").isTrue();
        assertThat(Files.readString(log)).contains("ioc-stream: stopped");
    }

    private static Instant awaitLog(Path log, Process process, String line) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(5));
        while (!Files.readString(log).contains(line)) {
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                process.destroyForcibly();
                throw new AssertionError("ioc-stream did not print '" + line + "'; its output:\n" + Files.readString(log));
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        return Instant.now();
    }

    /** Polls a single-number query until the condition holds (3 min at most). */
    private static long awaitQuery(String store, String query, Predicate<Long> condition) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(3));
        long last = -1;
        while (true) {
            try {
                JsonNode answer = JSON.readTree(new QuestDbAdmin(store).exec(query));
                last = answer.get("dataset").get(0).get(0).asLong();
                if (condition.test(last)) {
                    return last;
                }
            } catch (IllegalStateException e) {
                LOG.debug("store not answering yet: {}", e.getMessage());
            }
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("'" + query + "' never met the condition; last answer " + last);
            }
            TimeUnit.MILLISECONDS.sleep(1000);
        }
    }

    private static List<String> flinkJobs(int webPort) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + webPort + "/jobs/overview")).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        List<String> jobs = new ArrayList<>();
        JSON.readTree(response.body()).get("jobs").forEach(job ->
                jobs.add(job.get("name").asText() + "=" + job.get("state").asText()));
        return jobs;
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
