package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.deploy.stack.StackTestSupport.assertStoreEqualsTruth;
import static org.iocstream.deploy.stack.StackTestSupport.awaitValue;
import static org.iocstream.deploy.stack.StackTestSupport.embeddedConfig;
import static org.iocstream.deploy.stack.StackTestSupport.query;
import static org.iocstream.deploy.stack.StackTestSupport.readTopicUntil;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iocstream.connectors.timeseries.ReadingTables;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.Topics;
import org.iocstream.schemas.WireCodec;
import org.iocstream.sim.Communes;
import org.iocstream.sim.ExpectedDeadLetter;
import org.iocstream.sim.Fault;
import org.iocstream.sim.FaultType;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.Gateway;
import org.iocstream.sim.GatewayFirmware;
import org.iocstream.sim.GatewaySimulation;
import org.iocstream.sim.GatewayProtocol;
import org.iocstream.sim.Scenario;
import org.iocstream.sim.ScenarioTruth;
import org.iocstream.sim.Selection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scenarios of faults through the whole stack, compared with the simulator's truth: a gateway offline for 10
 * minutes that forwards its backlog on reconnecting, duplicate sends, malformed payloads, unknown devices and
 * spoofed communes. Every window row, every late reading and every dead letter must be the truth's, over MQTT,
 * CoAP (over DTLS, each gateway with its own PSK, as the default configuration requires) and a mix of both.
 */
class ScenarioITCase {

    private static final long SEED = 42;
    private static final Instant FROM = Instant.parse("2026-11-29T00:00:00Z");
    private static final Instant OUTAGE_START = FROM.plus(Duration.ofMinutes(5));
    /**
     * Five seconds past a reporting instant, so that at the reconnection the backlog is all there is to send:
     * nothing sent later, over a faster path, can overtake it.
     */
    private static final Instant RECONNECT = FROM.plus(Duration.ofMinutes(15)).plusSeconds(5);
    /** The newest reading before the reconnection: the cameras' report every 10 s. */
    private static final Instant LAST_REPORT_BEFORE_RECONNECT = FROM.plus(Duration.ofMinutes(15));
    private static final Instant TO = FROM.plus(Duration.ofMinutes(20));
    /**
     * Gateways publish minutes of event time per second, each up to 10 messages ahead of the slowest (its MQTT
     * in-flight window): 100 s for a camera reporting every 10 s. Two minutes of allowed disorder cover that.
     */
    private static final Duration DISORDER = Duration.ofMinutes(2);
    /**
     * At the reconnection the watermark is 13 min into the span, so with 4 min of allowed lateness the backlog's
     * 10 s and 1 min windows ending by 9 min are closed for good (too late), later ones are rewritten with their
     * late readings, and the 5 min window [5, 10 min) takes all of its backlog late.
     */
    private static final Duration LATENESS = Duration.ofMinutes(4);
    /** Readings after the compared span move event time past its last windows so that they fire. */
    private static final Instant TAIL_END = TO.plus(DISORDER).plus(Duration.ofMinutes(1));
    private static final List<Duration> SIZES = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1),
            Duration.ofMinutes(5));
    private static final Fleet FLEET = Fleet.of(List.of(Communes.byCode("16681"), Communes.byCode("17143"),
            Communes.byCode("16738"), Communes.byCode("16690"), Communes.byCode("16837")), 1);

    @TempDir
    Path dataDir;

    @Test
    void theStoreAndTheDeadLettersHoldWhatTheTruthSays() throws Exception {
        List<Gateway> gateways = FLEET.gateways();
        Scenario scenario = new Scenario("faults through the stack", List.of(
                outage(gateways.get(0)),
                fault(FaultType.DUPLICATE, gateways.get(1), FROM, Duration.ofMinutes(20), 0.3),
                fault(FaultType.MALFORMED_PAYLOAD, gateways.get(2), FROM.plusSeconds(120), Duration.ofMinutes(6), 0.2),
                fault(FaultType.UNKNOWN_DEVICE, gateways.get(3), FROM.plusSeconds(120), Duration.ofMinutes(6), 0.3),
                fault(FaultType.SPOOFED_COMMUNE, gateways.get(4), FROM.plusSeconds(120), Duration.ofMinutes(6), 0.3)));
        GatewayFirmware firmware = new GatewayFirmware(FLEET, SEED, scenario);
        ScenarioTruth truth = ScenarioTruth.of(firmware, FROM, TAIL_END, DISORDER, LATENESS, SIZES);

        try (Stack stack = Stack.start(config(dataDir), Clock.systemUTC())) {
            run(stack, firmware, truth, GatewayProtocol.MQTT);
            assertDeadLettersAreTheTruths(stack.kafkaBootstrap(), truth);
        }
        assertThat(truth.delayed()).as("the outage's backlog").hasSizeGreaterThan(100);
        assertThat(truth.tooLate(SIZES.get(0))).as("backlog readings too late for their 10 s window").isNotEmpty();
        assertThat(truth.tooLate(SIZES.get(2))).as("backlog readings too late for their 5 min window").isEmpty();
        assertThat(truth.delayed()).as("backlog readings late but within the lateness of their 10 s window")
                .anyMatch(delayed -> delayed.reading().metric().numeric()
                        && !truth.tooLate(SIZES.get(0)).contains(delayed.reading())
                        && delayed.reading().time().isBefore(LAST_REPORT_BEFORE_RECONNECT.minus(DISORDER)));
        assertThat(truth.duplicates()).as("duplicates sent").isNotEmpty();
        assertThat(truth.deadLetters()).extracting(ExpectedDeadLetter::reasonCode)
                .contains("MALFORMED_SENML", "UNKNOWN_DEVICE", "IDENTITY_MISMATCH");
    }

    /**
     * The same scenario over MQTT 5, MQTT 3.1.1, CoAP and a mix of them, each into a fresh stack: the same rows
     * in the store, the truth's, every time.
     */
    @Test
    void mqttCoapAndMixedGatewaysStoreTheSameAggregates() throws Exception {
        Scenario scenario = new Scenario("outage and resends", List.of(outage(FLEET.gateways().get(0)),
                fault(FaultType.DUPLICATE, FLEET.gateways().get(1), FROM, Duration.ofMinutes(20), 0.3)));
        GatewayFirmware firmware = new GatewayFirmware(FLEET, SEED, scenario);
        ScenarioTruth truth = ScenarioTruth.of(firmware, FROM, TAIL_END, DISORDER, LATENESS, SIZES);

        Map<GatewayProtocol, List<String>> stored = new LinkedHashMap<>();
        for (GatewayProtocol protocol : GatewayProtocol.values()) {
            try (Stack stack = Stack.start(config(dataDir.resolve(protocol.name())), Clock.systemUTC())) {
                run(stack, firmware, truth, protocol);
                stored.put(protocol, storedRows(stack.storeUrl()));
            }
        }
        assertThat(stored.get(GatewayProtocol.MQTT3)).isEqualTo(stored.get(GatewayProtocol.MQTT));
        assertThat(stored.get(GatewayProtocol.COAP)).isEqualTo(stored.get(GatewayProtocol.MQTT));
        assertThat(stored.get(GatewayProtocol.MIXED)).isEqualTo(stored.get(GatewayProtocol.MQTT));
    }

    /**
     * One partition read by one source, so the job's watermark is exactly the newest reading minus the
     * disorder, as the truth assumes, and no idleness to matter while the pipeline catches up before the
     * backlog arrives.
     */
    private static IocConfig config(Path dataDir) {
        return embeddedConfig(dataDir, Map.of(IocConfig.KAFKA_TELEMETRY_PARTITIONS.key(), "1",
                IocConfig.FLINK_PARALLELISM.key(), "1",
                IocConfig.MAX_OUT_OF_ORDERNESS.key(), DISORDER.toMinutes() + "m",
                IocConfig.ALLOWED_LATENESS.key(), LATENESS.toMinutes() + "m",
                IocConfig.SOURCE_IDLENESS.key(), "1h"));
    }

    /**
     * Sends the scenario's span over the protocol, letting the pipeline catch up before the backlog arrives,
     * and checks the ingest's counts and every window row of [FROM, TO) against the truth.
     */
    private static void run(Stack stack, GatewayFirmware firmware, ScenarioTruth truth, GatewayProtocol protocol)
            throws Exception {
        // the default configuration: CoAP gateways post over DTLS, each with its own PSK, and plain CoAP is closed
        assertThat(stack.coapIngestUrl()).as("plain CoAP endpoint").isNull();
        try (GatewaySimulation simulation = GatewaySimulation.open(firmware, protocol.transport(FLEET,
                stack.mqttBrokerUrl(), URI.create(stack.coapsIngestUrl()),
                SimulatedGateways.provision(stack.gateways(), FLEET)))) {
            long failures = publish(simulation, stack, firmware, FROM, RECONNECT);
            // the last window the pipeline can close before the backlog: the watermark stops at the newest
            // reading minus the disorder
            Instant watermark = LAST_REPORT_BEFORE_RECONNECT.minus(DISORDER);
            awaitValue(Duration.ofMinutes(2), () -> query(stack.storeUrl(), "select count() n from reading_10s"
                    + " where timestamp = '" + watermark.minusSeconds(10) + "'"), rows -> !rows.isEmpty()
                    && ((Number) rows.get(0).get("n")).longValue() > 0, "the pipeline to close the windows before "
                    + watermark);
            // the backlog alone, all of it in Kafka before anything newer is sent
            failures += publish(simulation, stack, firmware, RECONNECT, RECONNECT.plusSeconds(1));
            failures += publish(simulation, stack, firmware, RECONNECT.plusSeconds(1), TAIL_END);

            assertThat(failures).as("messages refused or unacknowledged over %s", protocol).isZero();
            assertThat(simulation.messagesSent()).isEqualTo(truth.messagesSent());
        }
        assertThat(acceptedReadings(stack)).isEqualTo(truth.readingsAccepted());
        assertThat(stack.meters().counter("ioc.ingest.coap.requests", "transport", "coaps").count() > 0)
                .as("CoAP requests over DTLS").isEqualTo(protocol.usesCoap());
        for (Duration size : SIZES) {
            assertStoreEqualsTruth(stack.storeUrl(), ReadingTables.tableFor(size), FROM, TO,
                    truth.windows(size).stream().filter(window -> window.windowStart().isBefore(TO)).toList());
        }
    }

    /**
     * Sends [from, to) a minute of event time at a time, each minute only once the ingests have put the previous
     * ones on Kafka: gateways run minutes of event time per second, and an ingest that lags (MQTT acknowledges
     * before Kafka has the readings, CoAP after) must not lag by more than the allowed disorder.
     */
    private static long publish(GatewaySimulation simulation, Stack stack, GatewayFirmware firmware, Instant from,
            Instant to) throws Exception {
        long failures = 0;
        for (Instant step = from; step.isBefore(to); step = step.plus(Duration.ofMinutes(1))) {
            Instant end = step.plus(Duration.ofMinutes(1)).isBefore(to) ? step.plus(Duration.ofMinutes(1)) : to;
            failures += simulation.publishSpan(step, end).failures();
            long expected = ScenarioTruth.of(firmware, FROM, end, DISORDER, LATENESS, SIZES).readingsAccepted();
            awaitValue(Duration.ofMinutes(2), () -> acceptedReadings(stack), n -> n >= expected,
                    "the ingests to accept " + expected + " readings");
        }
        return failures;
    }

    private static long acceptedReadings(Stack stack) {
        return (long) (stack.meters().counter("ioc.ingest.readings.accepted", "protocol", "mqtt").count()
                + stack.meters().counter("ioc.ingest.readings.accepted", "protocol", "coap").count());
    }

    private static List<String> storedRows(String storeUrl) {
        List<String> rows = new ArrayList<>();
        for (Duration size : SIZES) {
            query(storeUrl, "select device_id, metric, timestamp, count, min, max, sum, first, last from "
                    + ReadingTables.tableFor(size) + " where timestamp >= '" + FROM + "' and timestamp < '" + TO
                    + "' order by device_id, metric, timestamp").forEach(row -> rows.add(size + " " + row));
        }
        return rows;
    }

    private static void assertDeadLettersAreTheTruths(String bootstrap, ScenarioTruth truth) {
        long ingestLetters = truth.deadLetters().size();
        long lateLetters = SIZES.stream().mapToLong(size -> truth.tooLate(size).size()).sum();
        List<DeadLetter> letters = readTopicUntil(bootstrap, Topics.DEADLETTER, DeadLetter.class,
                all -> all.size() >= ingestLetters + lateLetters, Duration.ofMinutes(2));
        assertThat(letters).hasSize((int) (ingestLetters + lateLetters));

        assertThat(letters.stream().filter(letter -> !letter.getReasonCode().equals("LATE_READING"))
                .map(letter -> letter.getReasonCode() + " " + letter.getCommune() + "/" + letter.getGateway()))
                .containsExactlyInAnyOrderElementsOf(truth.deadLetters().stream()
                        .map(ScenarioITCase::describe).toList());

        WireCodec<Reading> readings = WireCodec.of(Reading.class);
        for (Duration size : SIZES) {
            String source = "telemetry-pipeline/window-" + size.toSeconds() + "s";
            assertThat(letters.stream().filter(letter -> letter.getSource().equals(source))
                    .map(letter -> readings.decode(letter.getPayload().array()))
                    .map(reading -> reading.getDeviceId() + ":" + reading.getMetric() + "@" + reading.getTime()))
                    .as("late readings of the %s windows", size)
                    .containsExactlyInAnyOrderElementsOf(truth.tooLate(size).stream()
                            .map(r -> r.device().id() + ":" + r.metric().name() + "@" + r.time()).toList());
        }
    }

    private static String describe(ExpectedDeadLetter letter) {
        return letter.reasonCode() + " " + letter.gateway().identity();
    }

    private static Fault outage(Gateway gateway) {
        return new Fault(FaultType.GATEWAY_OFFLINE, OUTAGE_START, Duration.between(OUTAGE_START, RECONNECT),
                only(gateway), 1, Duration.ZERO, true);
    }

    private static Fault fault(FaultType type, Gateway gateway, Instant at, Duration duration, double rate) {
        return new Fault(type, at, duration, only(gateway), rate, Duration.ZERO, false);
    }

    private static Selection only(Gateway gateway) {
        return new Selection(Set.of(), Set.of(gateway.identity()), Set.of(), Set.of(), 1);
    }
}
