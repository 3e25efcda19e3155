package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.deploy.stack.StackTestSupport.assertStoreEqualsTruth;
import static org.iocstream.deploy.stack.StackTestSupport.awaitValue;
import static org.iocstream.deploy.stack.StackTestSupport.embeddedConfig;
import static org.iocstream.deploy.stack.StackTestSupport.query;
import static org.iocstream.deploy.stack.StackTestSupport.readTopicAtMost;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.JobStatus;
import org.iocstream.connectors.timeseries.ReadingTables;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.Topics;
import org.iocstream.sim.Communes;
import org.iocstream.sim.DeviceKind;
import org.iocstream.sim.ExpectedAlert;
import org.iocstream.sim.Fault;
import org.iocstream.sim.FaultType;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.GatewayFirmware;
import org.iocstream.sim.GatewayProtocol;
import org.iocstream.sim.GatewaySimulation;
import org.iocstream.sim.Scenario;
import org.iocstream.sim.ScenarioTruth;
import org.iocstream.sim.Selection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job cancelled mid-stream, without a savepoint, as a crash would leave it, then started again: it resumes
 * from its last retained checkpoint, with the heap state backend and with RocksDB. The store must end up exactly
 * as after an uninterrupted run (device windows, commune and province rollups, device statuses), and its windows
 * as the simulator's truth says: no window lost, none counted twice, and the resends of a gateway that
 * duplicates its messages counted once on both sides of the restart.
 */
class RestartITCase {

    private static final long SEED = 7;
    private static final Instant FROM = Instant.parse("2026-11-29T00:00:00Z");
    private static final Instant CRASH_AT = FROM.plus(Duration.ofMinutes(12));
    private static final Instant TO = FROM.plus(Duration.ofMinutes(20));
    /** As in ScenarioITCase: gateways run minutes of event time per second and drift up to 100 s apart. */
    private static final Duration DISORDER = Duration.ofMinutes(2);
    private static final Duration LATENESS = Duration.ofMinutes(10);
    private static final Instant TAIL_END = TO.plus(DISORDER).plus(Duration.ofMinutes(1));
    private static final List<Duration> SIZES = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1),
            Duration.ofMinutes(5));
    private static final Fleet FLEET = Fleet.of(List.of(Communes.byCode("16681"), Communes.byCode("17143"),
            Communes.byCode("16738")), 1);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    void aJobCancelledMidStreamResumesFromItsCheckpointAndStoresWhatAnUninterruptedRunStores() throws Exception {
        GatewayFirmware firmware = new GatewayFirmware(FLEET, SEED, new Scenario("resends and a camera down",
                List.of(new Fault(FaultType.DUPLICATE, FROM, Duration.between(FROM, TO),
                        new Selection(Set.of(), Set.of(FLEET.gateways().get(0).identity()), Set.of(), Set.of(), 1),
                        0.3, Duration.ZERO, false),
                // raised before the crash, cleared after it; from the third minute, as a gateway's first readings
                // may come before its device list and so without the kind the camera rules need
                new Fault(FaultType.CAMERA_DOWN, FROM.plus(Duration.ofMinutes(2)), Duration.ofMinutes(12),
                        new Selection(Set.of(FLEET.gateways().get(1).commune().code()), Set.of(), Set.of(),
                                Set.of(DeviceKind.CAM), 1), 1, Duration.ZERO, false))));
        ScenarioTruth truth = ScenarioTruth.of(firmware, FROM, TAIL_END, DISORDER, LATENESS, SIZES);
        assertThat(truth.alerts()).extracting(ExpectedAlert::rule).containsExactly("camera-down");
        ExpectedAlert cameraDown = truth.alerts().get(0);
        // before the windows the test waits for ahead of the crash, so a checkpoint has the raise
        assertThat(cameraDown.raisedAt()).isBefore(CRASH_AT.minus(DISORDER).minus(Duration.ofMinutes(2)));
        assertThat(cameraDown.clearedAt()).isAfter(CRASH_AT);
        assertThat(truth.duplicates()).as("resends on both sides of the crash")
                .anyMatch(d -> d.reading().time().isBefore(CRASH_AT))
                .anyMatch(d -> !d.reading().time().isBefore(CRASH_AT));

        List<String> uninterrupted;
        try (Stack stack = Stack.start(config(dataDir.resolve("uninterrupted"), IocConfig.StateBackend.HEAP),
                Clock.systemUTC())) {
            try (GatewaySimulation simulation = open(stack, firmware)) {
                publish(simulation, stack, firmware, FROM, TAIL_END);
            }
            assertStoreIsTheTruths(stack, truth);
            uninterrupted = storedRows(stack.storeUrl());
            assertThat(alertRecords(stack, 2)).as("the camera's alert raised, then cleared")
                    .containsExactly(describe(cameraDown, AlertState.ACTIVE), describe(cameraDown, AlertState.CLEARED));
        }

        for (IocConfig.StateBackend backend : IocConfig.StateBackend.values()) {
            Path dir = dataDir.resolve(backend.name());
            try (Stack stack = Stack.start(config(dir, backend), Clock.systemUTC());
                    GatewaySimulation simulation = open(stack, firmware)) {
                publish(simulation, stack, firmware, FROM, CRASH_AT);
                // rows in the store mean a checkpoint completed after they were windowed: the sink writes on
                // checkpoints; what the job took in since is in no checkpoint and must be read again
                Instant closed = CRASH_AT.minus(DISORDER).minus(Duration.ofMinutes(2));
                awaitValue(Duration.ofMinutes(2), () -> query(stack.storeUrl(), "select count() n from reading_1m"
                        + " where timestamp = '" + closed + "'"), rows -> !rows.isEmpty()
                        && ((Number) rows.get(0).get("n")).longValue() > 0, "windows before the crash in the store");
                cancel(stack.job().webUrl());
                awaitValue(Duration.ofMinutes(1), () -> status(stack), JobStatus::isGloballyTerminalState,
                        "the cancelled job to end");
            }
            try (Stack stack = Stack.start(config(dir, backend), Clock.systemUTC())) {
                try (GatewaySimulation simulation = open(stack, firmware)) {
                    publish(simulation, stack, firmware, CRASH_AT, TAIL_END);
                }
                assertStoreIsTheTruths(stack, truth);
                assertThat(storedRows(stack.storeUrl())).as("the store after a crash with %s state", backend)
                        .containsExactlyInAnyOrderElementsOf(uninterrupted);
                // the alert raised before the crash is not raised again: its Kafka transaction was committed
                assertThat(alertRecords(stack, 2)).as("alert records after a crash with %s state", backend)
                        .containsExactly(describe(cameraDown, AlertState.ACTIVE),
                                describe(cameraDown, AlertState.CLEARED));
            }
        }
    }

    private static IocConfig config(Path dir, IocConfig.StateBackend backend) {
        return embeddedConfig(dir, Map.of(IocConfig.KAFKA_TELEMETRY_PARTITIONS.key(), "1",
                IocConfig.FLINK_PARALLELISM.key(), "1",
                IocConfig.FLINK_STATE_BACKEND.key(), backend.name().toLowerCase(),
                IocConfig.MAX_OUT_OF_ORDERNESS.key(), DISORDER.toMinutes() + "m",
                IocConfig.ALLOWED_LATENESS.key(), LATENESS.toMinutes() + "m",
                IocConfig.SOURCE_IDLENESS.key(), "1h"));
    }

    private static GatewaySimulation open(Stack stack, GatewayFirmware firmware) throws Exception {
        return GatewaySimulation.open(firmware, GatewayProtocol.MQTT.transport(FLEET, stack.mqttBrokerUrl(),
                URI.create(stack.coapsIngestUrl()), SimulatedGateways.provision(stack.gateways(), FLEET)));
    }

    /** [from, to) a minute at a time, each once the ingest has put the previous ones on Kafka (as ScenarioITCase). */
    private static void publish(GatewaySimulation simulation, Stack stack, GatewayFirmware firmware, Instant from,
            Instant to) throws Exception {
        long accepted = accepted(stack);
        for (Instant step = from; step.isBefore(to); step = step.plus(Duration.ofMinutes(1))) {
            Instant end = step.plus(Duration.ofMinutes(1)).isBefore(to) ? step.plus(Duration.ofMinutes(1)) : to;
            assertThat(simulation.publishSpan(step, end).failures()).isZero();
            long expected = accepted + ScenarioTruth.of(firmware, from, end, DISORDER, LATENESS, SIZES)
                    .readingsAccepted();
            awaitValue(Duration.ofMinutes(2), () -> accepted(stack), n -> n >= expected,
                    "the ingest to accept " + expected + " readings");
        }
    }

    private static long accepted(Stack stack) {
        return (long) stack.meters().counter("ioc.ingest.readings.accepted", "protocol", "mqtt").count();
    }

    private static void assertStoreIsTheTruths(Stack stack, ScenarioTruth truth) {
        for (Duration size : SIZES) {
            assertStoreEqualsTruth(stack.storeUrl(), ReadingTables.tableFor(size), FROM, TO,
                    truth.windows(size).stream().filter(window -> window.windowStart().isBefore(TO)).toList());
        }
    }

    /**
     * The records on ioc.alerts.v1 (committed only) of alerts in event time, read until there are more than
     * {@code expected} or for 20 s: a duplicate would come within a checkpoint or two (2 s each here).
     */
    private static List<String> alertRecords(Stack stack, int expected) {
        List<Alert> records = readTopicAtMost(stack.kafkaBootstrap(), Topics.ALERTS, Alert.class,
                all -> all.stream().filter(RestartITCase::fromTelemetry).count() > expected, Duration.ofSeconds(20));
        return records.stream().filter(RestartITCase::fromTelemetry)
                .map(a -> a.getAlertId() + " " + a.getState() + " " + a.getClearedAt()).toList();
    }

    /**
     * Alerts in the readings' event time. Gateway statuses (stopping a stack disconnects its gateways) and stale
     * feeds run on the wall clock.
     */
    private static boolean fromTelemetry(Alert alert) {
        return !alert.getRule().equals("stale-indicator-feed") && !alert.getRule().equals("gateway-offline");
    }

    private static String describe(ExpectedAlert alert, AlertState state) {
        return alert.rule() + ":" + alert.subject() + "@" + alert.since() + " " + state + " "
                + (state == AlertState.CLEARED ? alert.clearedAt() : null);
    }

    /** The window tables, the commune and province rollups and the device statuses of [FROM, TO). */
    private static List<String> storedRows(String storeUrl) {
        List<String> rows = new ArrayList<>();
        for (Duration size : SIZES) {
            query(storeUrl, "select device_id, metric, timestamp, count, min, max, sum, first, last from "
                    + ReadingTables.tableFor(size) + " where timestamp >= '" + FROM + "' and timestamp < '" + TO
                    + "' order by device_id, metric, timestamp").forEach(row -> rows.add(size + " " + row));
        }
        // From the second minute: in a gateway's first, whether its device list reaches the ingest before its first
        // telemetry (two MQTT subscriptions, no order between them) decides whether those readings carry a kind, and
        // whether the registry or a reading makes a device known first; that differs from one fresh stack to the next
        Instant settled = FROM.plus(Duration.ofMinutes(1));
        query(storeUrl, "select commune, kind, metric, timestamp, count, sum, devices_reporting, devices_registered,"
                + " completeness from commune_1m where timestamp >= '" + settled + "' and timestamp < '" + TO
                + "' order by commune, kind, metric, timestamp").forEach(row -> rows.add("commune_1m " + row));
        query(storeUrl, "select device_id, timestamp, seen, last_seen_ms, online from device_status"
                + " where timestamp >= '" + settled + "' and timestamp < '" + TO + "' order by device_id, timestamp")
                .forEach(row -> rows.add("device_status " + row));
        return rows;
    }

    /** Cancels every running job through Flink's REST API, as an operator would in its web UI: no savepoint. */
    private static void cancel(String flinkUrl) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        JsonNode jobs = JSON.readTree(http.send(HttpRequest.newBuilder(URI.create(flinkUrl + "/jobs")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).get("jobs");
        int cancelled = 0;
        for (JsonNode job : jobs) {
            if (job.get("status").asText().equals("RUNNING")) {
                HttpResponse<String> answer = http.send(HttpRequest.newBuilder(URI.create(flinkUrl + "/jobs/"
                        + job.get("id").asText() + "?mode=cancel")).method("PATCH", HttpRequest.BodyPublishers
                        .noBody()).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(answer.statusCode()).as("cancel answer %s", answer.body()).isEqualTo(202);
                cancelled++;
            }
        }
        assertThat(cancelled).as("running jobs cancelled").isEqualTo(1);
    }

    private static JobStatus status(Stack stack) {
        try {
            return stack.job().status();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the job's status", e);
        }
    }
}
