package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.deploy.stack.StackTestSupport.awaitValue;
import static org.iocstream.deploy.stack.StackTestSupport.embeddedConfig;
import static org.iocstream.deploy.stack.StackTestSupport.pollUntil;
import static org.iocstream.deploy.stack.StackTestSupport.query;
import static org.iocstream.deploy.stack.StackTestSupport.readTopicAtMost;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.Topics;
import org.iocstream.sim.Communes;
import org.iocstream.sim.Device;
import org.iocstream.sim.DeviceKind;
import org.iocstream.sim.ExpectedAlert;
import org.iocstream.sim.Fault;
import org.iocstream.sim.FaultType;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.FleetLayout;
import org.iocstream.sim.FloodLevels;
import org.iocstream.sim.GatewayFirmware;
import org.iocstream.sim.GatewayProtocol;
import org.iocstream.sim.GatewaySimulation;
import org.iocstream.sim.Region;
import org.iocstream.sim.Scenario;
import org.iocstream.sim.ScenarioTruth;
import org.iocstream.sim.Selection;
import org.iocstream.sim.SignalModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code aqi-hourly} and {@code flood-water-level} alerts through the whole stack, against the simulator's
 * truth (its own VN_AQI and threshold episodes): a pollution episode (PM × 8 for 3 h) in Vinh and a flood (300 cm
 * up over an hour, held, down) at Quế Phong's river station, whose three levels come from an alert rules file. The
 * station AQI^h in the store must equal the truth's hour by hour, and each alert's final state and the severities
 * it went through the truth's episode. One ENV station per commune; 10.5 simulated hours, enough for the NowCast,
 * the 1-h raise and clear, and the hour the AQI evaluator waits.
 */
class AirQualityAlertITCase {

    private static final long SEED = 7;
    /** 07:00 in Nghệ An, in the cool dry season. */
    private static final Instant FROM = Instant.parse("2026-11-29T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofHours(10)).plus(Duration.ofMinutes(30));
    private static final Duration DISORDER = Duration.ofMinutes(2);
    private static final Duration STEP = Duration.ofMinutes(10);
    private static final String WARD = "16681";
    private static final String RIVER_COMMUNE = "16738";
    private static final Set<String> RULES = Set.of("aqi-hourly", "flood-water-level");

    @TempDir
    Path dataDir;

    @Test
    void aqiHourlyAndFloodAlertsAreTheTruthsEpisodes() throws Exception {
        Fleet fleet = Fleet.of(List.of(Communes.byCode(WARD), Communes.byCode(RIVER_COMMUNE)), envOnly());
        Device river = fleet.devices().stream().filter(d -> d.reports("water_level")).findFirst().orElseThrow();
        // levels over the river's own level at the start: the flood crosses all three, the day's rain none
        double base = new SignalModel(SEED).value(river, "water_level", FROM);
        FloodLevels levels = new FloodLevels(base + 150, base + 200, base + 250);
        Scenario scenario = new Scenario("air-and-flood", List.of(
                new Fault(FaultType.POLLUTION_EPISODE, FROM.plus(Duration.ofHours(2)), Duration.ofHours(3),
                        new Selection(Set.of(WARD), Set.of(), Set.of(), Set.of(), 1), 1, Duration.ZERO, false, 8),
                new Fault(FaultType.FLOOD_RISE, FROM.plus(Duration.ofHours(1)), Duration.ofHours(3),
                        new Selection(Set.of(RIVER_COMMUNE), Set.of(), Set.of(), Set.of(), 1), 1, Duration.ZERO,
                        false, 300)));
        GatewayFirmware firmware = new GatewayFirmware(fleet, SEED, scenario);
        ScenarioTruth truth = ScenarioTruth.of(firmware, FROM, TO, DISORDER, Duration.ofMinutes(10), List.of(),
                Map.of(river.id(), levels));
        List<ExpectedAlert> expected = truth.alerts().stream().filter(a -> RULES.contains(a.rule())).toList();
        assertThat(expected).extracting(ExpectedAlert::rule).as("an episode of each rule")
                .containsExactlyInAnyOrder("aqi-hourly", "flood-water-level");
        assertThat(expected).as("each escalates and de-escalates before it clears")
                .allMatch(a -> truth.severities(a).size() >= 2);
        // an hourly AQI is stamped at its hour's start and evaluated once event time is an hour past that: the
        // clear, decided by the value stamped an hour after the episode's end, is seen when the watermark (the
        // newest reading less the disorder) passes the episode's end + 2 h; a flood clear when it passes the end
        // + 30 min. Both must happen inside the span, with 10 min to spare.
        assertThat(expected).as("every episode is over in time to be seen").allMatch(a -> a.clearedAt() != null
                && !a.clearedAt().plus(Duration.ofHours(2)).plus(DISORDER).plus(Duration.ofMinutes(10)).isAfter(TO));

        Path rules = dataDir.resolve("alert-rules.yaml");
        Files.writeString(rules, rulesFile(river.id(), levels));
        // the gateways stay connected while the alerts are read: closing them sends their 'offline' statuses
        try (Stack stack = Stack.start(config(dataDir, rules), Clock.systemUTC());
                GatewaySimulation simulation = GatewaySimulation.open(firmware, GatewayProtocol.MQTT.transport(fleet,
                        stack.mqttBrokerUrl(), URI.create(stack.coapsIngestUrl()),
                        SimulatedGateways.provision(stack.gateways(), fleet)))) {
            publish(simulation, stack, firmware);
            // the hourly station AQI in the store against the truth's own VN_AQI, hour by hour
            List<String> expectedAqi = truth.hourlyAqi().stream()
                    .map(aqi -> aqi.station() + " " + aqi.commune() + " " + aqi.hourStart() + " " + aqi.aqi()).toList();
            String sql = "select device_id, commune, timestamp, aqi from aqi"
                    + " where scope = 'station' and period = 'HOUR'";
            List<Map<String, Object>> rows = pollUntil(Duration.ofMinutes(1), () -> query(stack.storeUrl(), sql),
                    r -> r.size() >= expectedAqi.size());
            assertThat(rows.stream().map(row -> row.get("device_id") + " " + row.get("commune") + " "
                            + Instant.parse((String) row.get("timestamp")) + " " + row.get("aqi")).distinct())
                    .as("station AQI^h in the store").containsExactlyInAnyOrderElementsOf(expectedAqi);
            List<Alert> records = readTopicAtMost(stack.kafkaBootstrap(), Topics.ALERTS, Alert.class,
                    read -> latestById(ours(read)).values().stream().filter(a -> a.getState() == AlertState.CLEARED)
                            .count() >= expected.size(), Duration.ofMinutes(2));
            Map<String, Alert> alerts = latestById(ours(records));

            assertThat(alerts.values().stream().map(AirQualityAlertITCase::describe))
                    .as("final state per alert id against the truth's episodes")
                    .containsExactlyInAnyOrderElementsOf(expected.stream().map(AirQualityAlertITCase::describe)
                            .toList());
            // the severities each alert went through, from its records in order, against the truth's
            Map<String, List<String>> severities = new LinkedHashMap<>();
            for (Alert alert : ours(records)) {
                List<String> path = severities.computeIfAbsent(alert.getAlertId(), any -> new ArrayList<>());
                String severity = alert.getSeverity().name();
                if (path.isEmpty() || !path.get(path.size() - 1).equals(severity)) {
                    path.add(severity);
                }
            }
            assertThat(alerts.values().stream().collect(Collectors.toMap(AirQualityAlertITCase::key,
                            a -> severities.get(a.getAlertId()))))
                    .isEqualTo(expected.stream().collect(Collectors.toMap(AirQualityAlertITCase::key,
                            truth::severities)));
        }
    }

    /** One ENV station per commune and nothing else, behind the commune's one gateway. */
    private static FleetLayout envOnly() {
        Map<Region, Map<DeviceKind, Integer>> perRegion = new EnumMap<>(Region.class);
        for (Region region : Region.values()) {
            perRegion.put(region, Map.of(DeviceKind.ENV, 1, DeviceKind.LGT, 0, DeviceKind.CAM, 0, DeviceKind.SPK, 0,
                    DeviceKind.AGR, 0));
        }
        return new FleetLayout(perRegion, 20);
    }

    /** The default aqi-hourly rule, and the flood rule of DOMAIN.md section 6 for the river station's levels. */
    private static String rulesFile(String station, FloodLevels levels) {
        return String.format(Locale.ROOT, """
                zone: Asia/Ho_Chi_Minh
                rules:
                  - id: aqi-hourly
                    metric: aqi_hourly
                    unit: ""
                    raise-when: at-least
                    clear-when: at-most
                    raise-for: 1h
                    clear-for: 1h
                    max-gap: 1h
                    levels:
                      - {severity: MAJOR, raise: 151, clear: 140}
                      - {severity: CRITICAL, raise: 201, clear: 190}
                  - id: flood-water-level
                    metric: water_level
                    unit: cm
                    subjects: [%s]
                    raise-when: at-least
                    clear-when: below
                    raise-for: 0s
                    clear-for: 30m
                    max-gap: 3m
                    levels:
                      - {severity: WARNING, raise: %s, clear: %s}
                      - {severity: MAJOR, raise: %s, clear: %s}
                      - {severity: CRITICAL, raise: %s, clear: %s}
                """, station, levels.levelI(), levels.levelI() - FloodLevels.CLEAR_MARGIN_CM, levels.levelII(),
                levels.levelII() - FloodLevels.CLEAR_MARGIN_CM, levels.levelIII(),
                levels.levelIII() - FloodLevels.CLEAR_MARGIN_CM);
    }

    private static IocConfig config(Path dataDir, Path rules) {
        return embeddedConfig(dataDir, Map.of(IocConfig.KAFKA_TELEMETRY_PARTITIONS.key(), "1",
                IocConfig.FLINK_PARALLELISM.key(), "1",
                IocConfig.MAX_OUT_OF_ORDERNESS.key(), DISORDER.toMinutes() + "m",
                IocConfig.SOURCE_IDLENESS.key(), "1h",
                IocConfig.ALERTS_RULES_FILE.key(), rules.toString()));
    }

    /** The span ten minutes at a time, each once the ingest has put the previous ones on Kafka. */
    private static void publish(GatewaySimulation simulation, Stack stack, GatewayFirmware firmware)
            throws Exception {
        for (Instant step = FROM; step.isBefore(TO); step = step.plus(STEP)) {
            Instant end = step.plus(STEP).isAfter(TO) ? TO : step.plus(STEP);
            assertThat(simulation.publishSpan(step, end).failures()).isZero();
            long expected = ScenarioTruth.of(firmware, FROM, end, DISORDER, Duration.ZERO, List.of())
                    .readingsAccepted();
            awaitValue(Duration.ofMinutes(2), () -> (long) stack.meters().counter("ioc.ingest.readings.accepted",
                    "protocol", "mqtt").count(), n -> n >= expected, "the ingest to accept " + expected + " readings");
        }
    }

    private static List<Alert> ours(List<Alert> records) {
        return records.stream().filter(a -> RULES.contains(a.getRule())).toList();
    }

    private static Map<String, Alert> latestById(List<Alert> records) {
        Map<String, Alert> latest = new LinkedHashMap<>();
        records.forEach(alert -> latest.put(alert.getAlertId(), alert));
        return latest;
    }

    private static String key(Alert alert) {
        return alert.getRule() + " " + alert.getSubject() + " " + alert.getEpisodeStart();
    }

    private static String key(ExpectedAlert alert) {
        return alert.rule() + " " + alert.subject() + " " + alert.since();
    }

    private static String describe(Alert alert) {
        return String.join(" ", key(alert), alert.getCommune(), alert.getSeverity().name(),
                String.valueOf(alert.getState()), String.valueOf(alert.getClearedAt()));
    }

    private static String describe(ExpectedAlert alert) {
        return String.join(" ", key(alert), alert.commune(), alert.severity(),
                alert.clearedAt() == null ? "ACTIVE" : "CLEARED", String.valueOf(alert.clearedAt()));
    }
}
