package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.deploy.stack.StackTestSupport.awaitValue;
import static org.iocstream.deploy.stack.StackTestSupport.embeddedConfig;
import static org.iocstream.deploy.stack.StackTestSupport.query;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.iocstream.connectors.timeseries.ReadingTables;
import org.iocstream.deploy.config.IocConfig;
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
 * The whole path, in-process: 130 simulated gateways publish SenML over MQTT to embedded HiveMQ, the ingest
 * puts Readings on Kafka, the Flink job windows them into QuestDB. Every (device, metric, window) row must equal
 * the simulator's ground truth, computed without the pipeline: no row missing, none extra, values exact. The
 * stack is stopped half-way and started again on the same data directory, as a second {@code ioc-stream up}
 * would be, so the same comparison also proves that a restart loses no window and doubles no count.
 */
class EndToEndITCase {

    private static final long SEED = 42;

    /** 07:00 in Nghệ An: the morning rush hour. */
    private static final Instant FROM = Instant.parse("2025-11-25T00:00:00Z");
    private static final Instant RESTART_AT = FROM.plus(Duration.ofMinutes(5));
    private static final Instant TO = FROM.plus(Duration.ofMinutes(10));
    /** Readings after the compared span move event time past its last windows so that they fire. */
    private static final Instant TAIL_END = TO.plus(Duration.ofMinutes(2));

    @TempDir
    Path dataDir;

    @Test
    void everyWindowInTheStoreEqualsTheGroundTruthAcrossARestart() throws Exception {
        // The simulator publishes minutes of event time per wall-clock second, so two things that are harmless
        // at real-time speed would make readings late here: gateways drifting a few instants apart (a minute of
        // allowed disorder covers it), and a Kafka partition whose fetch stalls for longer than the idleness
        // timeout while the others race ahead (every partition gets data here, so none needs to go idle).
        IocConfig config = embeddedConfig(dataDir, Map.of(IocConfig.MAX_OUT_OF_ORDERNESS.key(), "1m",
                IocConfig.SOURCE_IDLENESS.key(), "10m"));
        Fleet fleet = Fleet.of(Communes.all(), 1);
        SignalModel signals = new SignalModel(SEED);

        PublishSummary first = runAndPublish(config, fleet, signals, FROM, RESTART_AT, false);
        PublishSummary second = runAndPublish(config, fleet, signals, RESTART_AT, TAIL_END, true);

        assertThat(first.failures() + second.failures()).isZero();
        assertThat(first.readings() + second.readings()).isEqualTo(GroundTruth.readingCount(fleet, FROM, TAIL_END));
    }

    private PublishSummary runAndPublish(IocConfig config, Fleet fleet, SignalModel signals, Instant from, Instant to,
            boolean verify) throws Exception {
        try (Stack stack = Stack.start(config, Clock.systemUTC())) {
            PublishSummary sent;
            try (GatewaySimulation gateways = GatewaySimulation.open(new GatewayFirmware(fleet, SEED, Scenario.NONE),
                    new MqttGatewayTransport(stack.mqttBrokerUrl()))) {
                sent = gateways.publishSpan(from, to);
            }
            if (verify) {
                for (Duration size : List.of(Duration.ofSeconds(10), Duration.ofMinutes(1))) {
                    assertStoreEqualsTruth(stack.storeUrl(), ReadingTables.tableFor(size),
                            GroundTruth.windows(fleet, signals, size, FROM, TO));
                }
            } else {
                // everything sent must be in Kafka before the stop, or the test would only prove MQTT redelivery
                awaitValue(Duration.ofMinutes(2), () -> stack.meters().counter("ioc.ingest.readings.accepted",
                        "protocol", "mqtt").count(), n -> n >= sent.readings(), "the ingest to accept every reading");
            }
            return sent;
        }
    }

    private static void assertStoreEqualsTruth(String storeUrl, String table, List<ExpectedWindow> truth) {
        String sql = "select device_id, metric, unit, commune, gateway, timestamp, count, min, max, sum, mean, first,"
                + " last from " + table + " where timestamp >= '" + FROM + "' and timestamp < '" + TO + "'";
        List<Map<String, Object>> rows = awaitValue(Duration.ofMinutes(3), () -> query(storeUrl, sql),
                r -> r.size() >= truth.size(), truth.size() + " rows in " + table);

        List<String> stored = rows.stream().map(EndToEndITCase::describe).toList();
        List<String> expected = truth.stream().map(EndToEndITCase::describe).toList();
        assertThat(stored).as("rows of %s between %s and %s", table, FROM, TO)
                .hasSameSizeAs(expected)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static String describe(Map<String, Object> row) {
        return String.join("|", (String) row.get("device_id"), (String) row.get("metric"),
                row.get("unit") == null ? "" : (String) row.get("unit"), (String) row.get("commune"),
                (String) row.get("gateway"), Instant.parse((String) row.get("timestamp")).toString(),
                String.valueOf(row.get("count")), String.valueOf(row.get("min")), String.valueOf(row.get("max")),
                String.valueOf(row.get("sum")), String.valueOf(row.get("mean")), String.valueOf(row.get("first")),
                String.valueOf(row.get("last")));
    }

    private static String describe(ExpectedWindow window) {
        return String.join("|", window.deviceId(), window.metric(), window.unit() == null ? "" : window.unit(),
                window.commune(), window.gateway(), window.windowStart().toString(), String.valueOf(window.count()),
                String.valueOf(window.min()), String.valueOf(window.max()), String.valueOf(window.sum()),
                String.valueOf(window.mean()), String.valueOf(window.first()), String.valueOf(window.last()));
    }
}
