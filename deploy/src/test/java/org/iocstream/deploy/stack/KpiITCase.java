package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.iocstream.deploy.stack.StackTestSupport.awaitValue;
import static org.iocstream.deploy.stack.StackTestSupport.embeddedConfig;
import static org.iocstream.deploy.stack.StackTestSupport.query;
import static org.iocstream.deploy.stack.StackTestSupport.readTopicAtMost;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.Topics;
import org.iocstream.sim.Commune;
import org.iocstream.sim.Communes;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.GatewayFirmware;
import org.iocstream.sim.GatewayProtocol;
import org.iocstream.sim.GatewaySimulation;
import org.iocstream.sim.GroundTruth;
import org.iocstream.sim.Scenario;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The KPI table for all 130 communes through the whole stack: computed indicators from the simulated telemetry of
 * every commune and a reported indicator posted for every commune, each with its 2026 target and gap, queryable
 * in the store's {@code indicator} table; and a reported indicator nobody sent raises a stale-feed alert for each
 * commune.
 */
class KpiITCase {

    private static final long SEED = 3;
    /** 23:40 in Nghệ An: the local day closes 20 minutes in, which fixes the day's computed values. */
    private static final Instant FROM = Instant.parse("2026-11-29T16:40:00Z");
    private static final Instant DAY_END = Instant.parse("2026-11-29T17:00:00Z");
    /** Past the day's end by more than the disorder, so that event time closes the day. */
    private static final Instant TO = FROM.plus(Duration.ofMinutes(24));
    private static final String REPORTED = "INF_COMMUNE_EBOARD";   // commune, quarterly, target >= 40
    private static final String NEVER_SENT = "INF_COMMUNE_PASC_READY";   // commune, quarterly
    private static final ZoneId PROVINCE_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");

    @TempDir
    Path dataDir;

    @Test
    void everyCommuneHasItsComputedAndReportedIndicatorsWithTargetAndGapAndAMissingFeedIsStale()
            throws Exception {
        List<String> communes = Communes.all().stream().map(Commune::code).toList();
        Fleet fleet = Fleet.of(Communes.all(), 1);
        GatewayFirmware firmware = new GatewayFirmware(fleet, SEED, Scenario.NONE);
        IocConfig config = embeddedConfig(dataDir, Map.of(IocConfig.MAX_OUT_OF_ORDERNESS.key(), "2m",
                IocConfig.SOURCE_IDLENESS.key(), "10m"));
        try (Stack stack = Stack.start(config, Clock.systemUTC());
                GatewaySimulation simulation = GatewaySimulation.open(firmware, GatewayProtocol.MQTT.transport(fleet,
                        stack.mqttBrokerUrl(), URI.create(stack.coapsIngestUrl()),
                        SimulatedGateways.provision(stack.gateways(), fleet)))) {
            // the two quarters before the current one, whichever of them the stale-feed watch starts with
            LocalDate today = LocalDate.now(PROVINCE_ZONE);
            LocalDate quarter = today.withDayOfMonth(1).withMonth((today.getMonthValue() - 1) / 3 * 3 + 1);
            List<LocalDate> periods = List.of(quarter.minusMonths(6), quarter.minusMonths(3));
            StringBuilder csv = new StringBuilder("code,scope,period,period_start,value,unit\n");
            for (LocalDate period : periods) {
                for (int i = 0; i < communes.size(); i++) {
                    csv.append(String.join(",", REPORTED, communes.get(i), "quarter", period.toString(),
                            String.valueOf(reported(i)), "percent")).append('\n');
                }
            }
            String token = Files.readString(Path.of(stack.addresses().get("Indicator feeds demo token"))).strip();
            HttpResponse<String> posted = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create(stack.addresses().get("Indicator feeds (POST)"))).header("Content-Type", "text/csv")
                    .header("Authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.ofString(
                            csv.toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);

            assertThat(simulation.publishSpan(FROM, TO).failures()).isZero();
            awaitValue(Duration.ofMinutes(2), () -> (long) stack.meters().counter("ioc.ingest.readings.accepted",
                    "protocol", "mqtt").count(), n -> n >= GroundTruth.readingCount(fleet, FROM, TO),
                    "the ingest to accept every reading");

            // reported: one row per commune and quarter, with the target (>= 40) and the gap value - 40
            List<Map<String, Object>> reportedRows = awaitValue(Duration.ofMinutes(2), () -> query(stack.storeUrl(),
                    "select scope, timestamp, origin, value, target, target_operator, gap, met from indicator"
                            + " where code = '" + REPORTED + "'"), rows -> rows.size() == 2 * communes.size(),
                    "the reported indicator of every commune in the store");
            for (Map<String, Object> row : reportedRows) {
                double value = reported(communes.indexOf((String) row.get("scope")));
                assertThat(row).containsEntry("origin", "REPORTED").containsEntry("target", 40.0)
                        .containsEntry("target_operator", ">=").containsEntry("value", value)
                        .containsEntry("gap", value - 40);
                assertThat(String.valueOf(row.get("met"))).isEqualTo(String.valueOf(value >= 40));
            }

            // computed: availability and gateway uptime = online / known device-minutes of the day in device_status. Every device of
            // the simulator reports within its interval, so no minute after a device's first reading is offline;
            // only the minutes before it count against it (known from the registry, not heard from yet).
            Instant day = FROM.atZone(PROVINCE_ZONE).toLocalDate().atStartOfDay(PROVINCE_ZONE).toInstant();
            // the value over all kinds ('-'), of the communes (the province and each kind have their own rows)
            awaitValue(Duration.ofMinutes(2), () -> query(stack.storeUrl(), "select count() n from indicator where"
                    + " code in ('OPS_DEVICE_AVAILABILITY', 'OPS_GATEWAY_UPTIME') and kind = '-' and scope != '40'"
                    + " and timestamp = '" + day + "'"),
                    rows -> ((Number) rows.get(0).get("n")).longValue() == 2L * communes.size(),
                    "the computed availability and gateway uptime of every commune");
            assertThat(query(stack.storeUrl(), "select device_id, timestamp, last_seen_ms from device_status"
                    + " where online = false and last_seen_ms != null limit 20")).as("offline minutes after a first"
                    + " reading, by kind: %s", query(stack.storeUrl(), "select kind, count() n from device_status"
                    + " where online = false and last_seen_ms != null group by kind")).isEmpty();
            // the values emitted when the day closed cover every minute of the day; a status row covers the minute
            // (timestamp - 1 min, timestamp]; gateways are not in availability but have their own uptime
            assertComputedFromStatuses(stack, communes, day, "OPS_DEVICE_AVAILABILITY", "kind != 'GTW'", 95.0);
            assertComputedFromStatuses(stack, communes, day, "OPS_GATEWAY_UPTIME", "kind = 'GTW'", 99.5);

            // the province's shares of its communes: the simulator's fleet has lamps, cameras and a station in
            // every commune and no fault, so all 130 have a working physical-digital device; its speakers relay
            // source_news only from 05:30 to 06:15 local, outside this span, so no commune has the radio indicator
            Map<String, Double> shares = awaitValue(Duration.ofMinutes(2), () -> query(stack.storeUrl(),
                    "select code, value from indicator where scope = '40' and code in ('INF_COMMUNE_PHYS_DIGITAL',"
                            + " 'INF_COMMUNE_RADIO_ICT') and timestamp = '" + day + "'").stream()
                            .collect(Collectors.toMap(row -> (String) row.get("code"), row -> (Double) row.get("value"))),
                    values -> values.size() == 2, "the province's shares of communes");
            assertThat(shares).containsEntry("INF_COMMUNE_PHYS_DIGITAL", 100.0)
                    .containsEntry("INF_COMMUNE_RADIO_ICT", 0.0);
            assertThat(query(stack.storeUrl(), "select count_distinct(scope) n from indicator where code ="
                    + " 'OPS_DATA_COMPLETENESS'").get(0).get("n")).as("communes and the province with completeness")
                    .isEqualTo((long) communes.size() + 1);

            // stale: the feed nobody sent is stale for every commune, the one sent for none
            Map<String, Alert> stale = readTopicAtMost(stack.kafkaBootstrap(), Topics.ALERTS, Alert.class,
                    records -> records.stream().filter(a -> a.getSubject().startsWith(NEVER_SENT + "@")).count()
                            >= communes.size(), Duration.ofMinutes(2)).stream()
                    .filter(a -> a.getRule().equals("stale-indicator-feed"))
                    .collect(Collectors.toMap(Alert::getAlertId, Function.identity(), (a, b) -> b));
            assertThat(stale.values().stream().filter(a -> a.getSubject().startsWith(NEVER_SENT + "@"))
                    .filter(a -> a.getState() == AlertState.ACTIVE).map(Alert::getCommune).collect(Collectors.toSet()))
                    .isEqualTo(Set.copyOf(communes));
            assertThat(stale.values().stream().filter(a -> a.getSubject().startsWith(REPORTED + "@"))
                    .filter(a -> a.getState() == AlertState.ACTIVE)).isEmpty();
        }
    }

    /**
     * Each commune's value of {@code code} for the day = 100 × online / known minutes of its {@code device_status}
     * rows of the kinds {@code kinds} selects, with the target and the gap ({@code >=} targets).
     */
    private static void assertComputedFromStatuses(Stack stack, List<String> communes, Instant day, String code,
            String kinds, double target) throws Exception {
        Map<String, Map<String, Object>> values = query(stack.storeUrl(), "select scope, origin, value, target, gap,"
                + " met from indicator where code = '" + code + "' and kind = '-' and scope != '40' and timestamp = '"
                + day + "'").stream().collect(Collectors.toMap(row -> (String) row.get("scope"), Function.identity()));
        Map<String, long[]> minutes = query(stack.storeUrl(), "select commune, online, count() n from device_status"
                + " where online != null and " + kinds + " and timestamp > '" + day + "' and timestamp <= '" + DAY_END
                + "' group by commune, online").stream().collect(Collectors.groupingBy(
                row -> (String) row.get("commune"), Collectors.reducing(new long[2], row -> "true".equals(
                        String.valueOf(row.get("online"))) ? new long[] {((Number) row.get("n")).longValue(), 0}
                        : new long[] {0, ((Number) row.get("n")).longValue()},
                (a, b) -> new long[] {a[0] + b[0], a[1] + b[1]})));
        assertThat(values.keySet()).as(code).containsExactlyInAnyOrderElementsOf(communes);
        for (String commune : communes) {
            long[] onlineOffline = minutes.get(commune);
            double expected = 100.0 * onlineOffline[0] / (onlineOffline[0] + onlineOffline[1]);
            Map<String, Object> row = values.get(commune);
            assertThat(row).as(code + " " + commune).containsEntry("origin", "COMPUTED").containsEntry("target", target);
            assertThat((Double) row.get("value")).as(code + " " + commune).isCloseTo(expected, within(1e-9));
            assertThat((Double) row.get("gap")).as(code + " " + commune).isCloseTo(expected - target, within(1e-9));
            assertThat(String.valueOf(row.get("met"))).as(code + " " + commune)
                    .isEqualTo(String.valueOf(expected >= target));
        }
    }

    /** A reported value per commune, on both sides of the target of 40. */
    private static double reported(int commune) {
        return commune * 7 % 100;
    }
}
