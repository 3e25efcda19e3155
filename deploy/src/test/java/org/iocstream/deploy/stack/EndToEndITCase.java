package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.deploy.stack.StackTestSupport.assertStoreEqualsTruth;
import static org.iocstream.deploy.stack.StackTestSupport.awaitValue;
import static org.iocstream.deploy.stack.StackTestSupport.embeddedConfig;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.iocstream.connectors.timeseries.ReadingTables;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.sim.Communes;
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
    private static final Instant TAIL_END = TO.plus(Duration.ofMinutes(3));

    @TempDir
    Path dataDir;

    @Test
    void everyWindowInTheStoreEqualsTheGroundTruthAcrossARestart() throws Exception {
        // The simulator publishes minutes of event time per wall-clock second, so two things that are harmless
        // at real-time speed would make readings late here: gateways drifting apart, each up to its 10 messages in
        // flight ahead of the slowest (100 s for a camera every 10 s; two minutes of allowed disorder cover it),
        // and a Kafka partition whose fetch stalls for longer than the idleness timeout while the others race
        // ahead (every partition gets data here, so none needs to go idle).
        IocConfig config = embeddedConfig(dataDir, Map.of(IocConfig.MAX_OUT_OF_ORDERNESS.key(), "2m",
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
                    new MqttGatewayTransport(stack.mqttBrokerUrl(),
                            SimulatedGateways.provision(stack.gateways(), fleet)))) {
                sent = gateways.publishSpan(from, to);
            }
            if (verify) {
                for (Duration size : List.of(Duration.ofSeconds(10), Duration.ofMinutes(1))) {
                    assertStoreEqualsTruth(stack.storeUrl(), ReadingTables.tableFor(size), FROM, TO,
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
}
