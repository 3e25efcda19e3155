package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.deploy.stack.StackTestSupport.awaitValue;
import static org.iocstream.deploy.stack.StackTestSupport.embeddedConfig;
import static org.iocstream.deploy.stack.StackTestSupport.query;
import static org.iocstream.deploy.stack.StackTestSupport.readTopicAtMost;
import static org.iocstream.deploy.stack.StackTestSupport.readTopicUntil;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.OperatorCommand;
import org.iocstream.schemas.OperatorCommandType;
import org.iocstream.schemas.Topics;
import org.iocstream.schemas.WireCodec;
import org.iocstream.sim.Communes;
import org.iocstream.sim.DeviceKind;
import org.iocstream.sim.ExpectedAlert;
import org.iocstream.sim.Fault;
import org.iocstream.sim.FaultType;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.FleetLayout;
import org.iocstream.sim.Gateway;
import org.iocstream.sim.GatewayFirmware;
import org.iocstream.sim.GatewayProtocol;
import org.iocstream.sim.GatewaySimulation;
import org.iocstream.sim.Region;
import org.iocstream.sim.Scenario;
import org.iocstream.sim.ScenarioTruth;
import org.iocstream.sim.Selection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Alerts through the whole stack from a simulator scenario, compared with the truth's episodes: lamps lit by day
 * and dark at night, a camera down, speakers silent in their 17:00 slot, a gateway cut off (its Last Will), and a
 * storm of 50 street lights going offline at once in one ward, which must give one grouped alert beside the first
 * 20 individual ones. An operator's acknowledgement on ioc.commands.v1 must show in the alert's state, on
 * ioc.alerts.v1 and in the store's alert table.
 */
class AlertITCase {

    private static final long SEED = 11;
    /** 16:30 in Nghệ An: daylight, dusk at about 17:15, and the evening broadcast slot 17:00-17:45. */
    private static final Instant FROM = Instant.parse("2026-11-29T09:30:00Z");
    private static final Instant TO = FROM.plus(Duration.ofMinutes(100));
    private static final Duration DISORDER = Duration.ofMinutes(2);
    /** Readings after the span move event time past its last reports, so that they are evaluated. */
    private static final Instant TAIL_END = TO.plus(DISORDER).plus(Duration.ofMinutes(2));
    private static final String WARD = "16681";
    private static final String RURAL = "17143";
    private static final int STORM_THRESHOLD = 20;

    @TempDir
    Path dataDir;

    @Test
    void theAlertsAreTheTruthsEpisodesWithTheStormGroupedAndAnAcknowledgementShown() throws Exception {
        Fleet fleet = Fleet.of(List.of(Communes.byCode(WARD), Communes.byCode(RURAL)), layout());
        Gateway ruralGateway = fleet.gateways().stream().filter(g -> g.commune().code().equals(RURAL))
                .findFirst().orElseThrow();
        Scenario scenario = new Scenario("alerts", List.of(
                // from the second minute: a gateway's first readings may reach the ingest before its device list,
                // and so without the kind the device rules need
                fault(FaultType.LAMP_ON_BY_DAY, 1, 29, RURAL, DeviceKind.LGT),
                fault(FaultType.CAMERA_DOWN, 10, 10, RURAL, DeviceKind.CAM),
                fault(FaultType.DEVICE_OFFLINE, 15, 15, WARD, DeviceKind.LGT),
                fault(FaultType.SPEAKER_SILENT, 30, 20, RURAL, DeviceKind.SPK),
                new Fault(FaultType.GATEWAY_OFFLINE, at(55), Duration.ofMinutes(10),
                        new Selection(Set.of(), Set.of(ruralGateway.identity()), Set.of(), Set.of(), 1), 1,
                        Duration.ZERO, false),
                fault(FaultType.LAMP_DEAD_AT_NIGHT, 70, 20, RURAL, DeviceKind.LGT)));
        GatewayFirmware firmware = new GatewayFirmware(fleet, SEED, scenario);
        ScenarioTruth truth = ScenarioTruth.of(firmware, FROM, TAIL_END, DISORDER, Duration.ofMinutes(10),
                List.of(Duration.ofMinutes(1)));
        List<ExpectedAlert> expected = truth.alerts().stream().filter(a -> a.raisedAt().isBefore(TO)).toList();
        Map<String, Long> byRule = expected.stream().collect(Collectors.groupingBy(ExpectedAlert::rule,
                Collectors.counting()));
        assertThat(byRule).as("the scenario's episodes by rule").containsKeys("lamp-on-by-day", "camera-down",
                "speaker-silent-in-schedule", "lamp-dark-at-night", "gateway-offline", "device-offline");
        assertThat(expected).as("every episode ends inside the span").allMatch(a -> a.clearedAt() != null
                && a.clearedAt().isBefore(TO));
        List<ExpectedAlert> storm = expected.stream().filter(a -> a.rule().equals("device-offline")
                && a.commune().equals(WARD)).toList();
        assertThat(storm).hasSize(50);

        // the gateways stay connected while the alerts are read: closing them sends their 'offline' statuses
        try (Stack stack = Stack.start(config(dataDir), Clock.systemUTC());
                GatewaySimulation simulation = GatewaySimulation.open(firmware, GatewayProtocol.MQTT.transport(fleet,
                        stack.mqttBrokerUrl(), URI.create(stack.coapsIngestUrl()),
                        SimulatedGateways.provision(stack.gateways(), fleet)))) {
            publish(simulation, stack, firmware);
            // stale indicator feeds run on the wall clock and have their own tests
            Map<String, Alert> alerts = latestById(readTopicAtMost(stack.kafkaBootstrap(), Topics.ALERTS, Alert.class,
                    records -> latestById(records).values().stream().filter(a -> a.getState() == AlertState.CLEARED)
                            .count() >= expected.size() - storm.size() + STORM_THRESHOLD + 1,
                    Duration.ofMinutes(2)).stream().filter(a -> !a.getRule().equals("stale-indicator-feed")).toList());

            // every episode outside the storm, exactly (start, raise, end); gateway statuses carry the ingest's
            // wall-clock time, so the gateway's episode is compared without its times
            assertThat(alerts.values().stream().filter(a -> !a.getRule().equals("storm")
                            && !(a.getRule().equals("device-offline") && a.getCommune().equals(WARD)))
                    .map(AlertITCase::describe))
                    .containsExactlyInAnyOrderElementsOf(expected.stream().filter(a -> !storm.contains(a))
                            .map(AlertITCase::describe).toList());

            // the storm: the first 20 lights alert on their own, then one grouped alert stands for all 50
            List<Alert> individual = alerts.values().stream().filter(a -> a.getRule().equals("device-offline")
                    && a.getCommune().equals(WARD)).toList();
            assertThat(individual).hasSize(STORM_THRESHOLD);
            assertThat(individual).extracting(AlertITCase::describe).isSubsetOf(storm.stream()
                    .map(AlertITCase::describe).toList());
            List<Alert> grouped = alerts.values().stream().filter(a -> a.getRule().equals("storm")).toList();
            assertThat(grouped).hasSize(1);
            Alert group = grouped.get(0);
            assertThat(group.getSubject()).isEqualTo(WARD + "/device-offline");
            assertThat(group.getSeverity().name()).isEqualTo("MINOR");
            assertThat(group.getState()).isEqualTo(AlertState.CLEARED);
            assertThat(group.getClearedAt()).isEqualTo(storm.stream().map(ExpectedAlert::clearedAt)
                    .max(Comparator.naturalOrder()).orElseThrow());

            Alert acknowledged = alerts.values().stream().filter(a -> a.getRule().equals("camera-down"))
                    .findFirst().orElseThrow();
            acknowledge(stack.kafkaBootstrap(), acknowledged.getAlertId());
            Alert after = latestById(readTopicUntil(stack.kafkaBootstrap(), Topics.ALERTS, Alert.class,
                    records -> records.stream().anyMatch(a -> a.getAlertId().equals(acknowledged.getAlertId())
                            && a.getAcknowledgedBy() != null), Duration.ofMinutes(2))).get(acknowledged.getAlertId());
            assertThat(after.getAcknowledgedBy()).isEqualTo("operator-16681");
            assertThat(after.getAcknowledgeNote()).isEqualTo("crew sent");
            assertThat(after.getState()).isEqualTo(AlertState.CLEARED);
            awaitValue(Duration.ofMinutes(1), () -> query(stack.storeUrl(), "select acknowledged_by, state from alert"
                    + " where alert_id = '" + acknowledged.getAlertId() + "'"), rows -> rows.size() == 1
                    && "operator-16681".equals(rows.get(0).get("acknowledged_by")), "the acknowledgement in the store");
            assertThat(query(stack.storeUrl(), "select count() n from alert where rule != 'stale-indicator-feed'")
                    .get(0).get("n"))
                    .as("one row per alert in the store").isEqualTo((long) alerts.size());
        }
    }

    /** 50 street lights in the ward behind gateways of 20 devices; a small rural commune behind one gateway. */
    private static FleetLayout layout() {
        Map<Region, Map<DeviceKind, Integer>> perRegion = new EnumMap<>(Region.class);
        perRegion.put(Region.URBAN, Map.of(DeviceKind.ENV, 1, DeviceKind.LGT, 50, DeviceKind.CAM, 1,
                DeviceKind.SPK, 1, DeviceKind.AGR, 0));
        perRegion.put(Region.LOWLAND, Map.of(DeviceKind.ENV, 1, DeviceKind.LGT, 2, DeviceKind.CAM, 1,
                DeviceKind.SPK, 2, DeviceKind.AGR, 1));
        perRegion.put(Region.MIDLAND, Map.of(DeviceKind.ENV, 0, DeviceKind.LGT, 0, DeviceKind.CAM, 0,
                DeviceKind.SPK, 0, DeviceKind.AGR, 0));
        perRegion.put(Region.HIGHLAND, perRegion.get(Region.MIDLAND));
        return new FleetLayout(perRegion, 20);
    }

    private static Instant at(int minutes) {
        return FROM.plus(Duration.ofMinutes(minutes));
    }

    private static Fault fault(FaultType type, int fromMinute, int minutes, String commune, DeviceKind kind) {
        return new Fault(type, at(fromMinute), Duration.ofMinutes(minutes),
                new Selection(Set.of(commune), Set.of(), Set.of(), Set.of(kind), 1), 1, Duration.ZERO, false);
    }

    private static IocConfig config(Path dataDir) {
        return embeddedConfig(dataDir, Map.of(IocConfig.KAFKA_TELEMETRY_PARTITIONS.key(), "1",
                IocConfig.FLINK_PARALLELISM.key(), "1",
                IocConfig.MAX_OUT_OF_ORDERNESS.key(), DISORDER.toMinutes() + "m",
                IocConfig.SOURCE_IDLENESS.key(), "1h"));
    }

    /** The span a minute at a time, each once the ingest has put the previous ones on Kafka (as ScenarioITCase). */
    private static void publish(GatewaySimulation simulation, Stack stack, GatewayFirmware firmware)
            throws Exception {
        for (Instant step = FROM; step.isBefore(TAIL_END); step = step.plus(Duration.ofMinutes(1))) {
            assertThat(simulation.publishSpan(step, step.plus(Duration.ofMinutes(1))).failures()).isZero();
            long expected = ScenarioTruth.of(firmware, FROM, step.plus(Duration.ofMinutes(1)), DISORDER,
                    Duration.ZERO, List.of()).readingsAccepted();
            awaitValue(Duration.ofMinutes(2), () -> (long) stack.meters().counter("ioc.ingest.readings.accepted",
                    "protocol", "mqtt").count(), n -> n >= expected, "the ingest to accept " + expected + " readings");
        }
    }

    private static void acknowledge(String bootstrap, String alertId) {
        Properties props = new Properties();
        props.put("bootstrap.servers", bootstrap);
        props.put("acks", "all");
        OperatorCommand command = OperatorCommand.newBuilder().setCommandId("ack-1")
                .setType(OperatorCommandType.ACKNOWLEDGE).setAlertId(alertId).setBy("operator-16681")
                .setAt(TO).setNote("crew sent").build();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.COMMANDS, alertId,
                    WireCodec.of(OperatorCommand.class).encode(command)));
        }
    }

    private static Map<String, Alert> latestById(List<Alert> records) {
        return records.stream().collect(Collectors.toMap(Alert::getAlertId, Function.identity(), (a, b) -> b,
                LinkedHashMap::new));
    }

    private static String describe(Alert alert) {
        boolean wallClock = alert.getRule().equals("gateway-offline");
        return String.join(" ", alert.getRule(), alert.getSubject(), alert.getCommune(), alert.getSeverity().name(),
                wallClock ? "" : alert.getEpisodeStart().toString(),
                wallClock ? "" : String.valueOf(alert.getRaisedAt()),
                wallClock || alert.getClearedAt() == null ? "" : alert.getClearedAt().toString());
    }

    private static String describe(ExpectedAlert alert) {
        boolean wallClock = alert.rule().equals("gateway-offline");
        return String.join(" ", alert.rule(), alert.subject(), alert.commune(), alert.severity(),
                wallClock ? "" : alert.since().toString(),
                wallClock ? "" : alert.raisedAt().toString(),
                wallClock || alert.clearedAt() == null ? "" : alert.clearedAt().toString());
    }
}
