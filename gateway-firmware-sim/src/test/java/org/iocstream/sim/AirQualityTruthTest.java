package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The truth's hourly VN_AQI and its {@code aqi-hourly} and {@code flood-water-level} episodes over a scenario: a
 * pollution episode in Vinh (urban) and a flood at Quế Phong's river station (highland), one ENV station each.
 */
class AirQualityTruthTest {

    private static final long SEED = 7;
    /** 07:00 in Nghệ An. */
    private static final Instant FROM = Instant.parse("2026-11-29T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofHours(10)).plus(Duration.ofMinutes(30));
    private static final String WARD = "16681";
    private static final String RIVER_COMMUNE = "16738";
    private static final String WARD_STATION = "16681-ENV-0001";
    private static final String RIVER_STATION = "16738-ENV-0001";

    private final Fleet fleet = Fleet.of(List.of(Communes.byCode(WARD), Communes.byCode(RIVER_COMMUNE)), envOnly());
    /** PM × 8 in the ward from 09:00 to 12:00 local; the river 300 cm up from 08:00 over an hour, held, down. */
    private final Scenario scenario = new Scenario("air-and-flood", List.of(
            new Fault(FaultType.POLLUTION_EPISODE, FROM.plus(Duration.ofHours(2)), Duration.ofHours(3),
                    new Selection(Set.of(WARD), Set.of(), Set.of(), Set.of(), 1), 1, Duration.ZERO, false, 8),
            new Fault(FaultType.FLOOD_RISE, FROM.plus(Duration.ofHours(1)), Duration.ofHours(3),
                    new Selection(Set.of(RIVER_COMMUNE), Set.of(), Set.of(), Set.of(), 1), 1, Duration.ZERO, false,
                    300)));
    /** The river stands at 158.75 cm at FROM; its rain brings it to 289 cm by evening, under level I. */
    private final FloodLevels levels = new FloodLevels(308.75, 358.75, 408.75);

    static FleetLayout envOnly() {
        Map<Region, Map<DeviceKind, Integer>> perRegion = new EnumMap<>(Region.class);
        for (Region region : Region.values()) {
            perRegion.put(region, Map.of(DeviceKind.ENV, 1, DeviceKind.LGT, 0, DeviceKind.CAM, 0, DeviceKind.SPK, 0,
                    DeviceKind.AGR, 0));
        }
        return new FleetLayout(perRegion, 20);
    }

    private ScenarioTruth truth(Map<String, FloodLevels> floodLevels) {
        return ScenarioTruth.of(new GatewayFirmware(fleet, SEED, scenario), FROM, TO, Duration.ofMinutes(2),
                Duration.ofMinutes(10), List.of(Duration.ofMinutes(1)), floodLevels);
    }

    @Test
    void theHourlyAqiIsVnAqiOfTheGroundTruthsHourlyMeansForEveryWholeHourWithTwoOfTheLastThree() {
        ScenarioTruth truth = truth(Map.of());
        // the hourly means by another road: GroundTruth's 1-h windows of the same signals
        Map<String, Double> means = new HashMap<>();
        for (ExpectedWindow window : GroundTruth.windows(fleet, new SignalModel(SEED, scenario), Duration.ofHours(1),
                FROM, FROM.plus(Duration.ofHours(10)))) {
            means.put(window.deviceId() + " " + window.metric() + " " + window.windowStart(), window.mean());
        }
        int hours = 0;
        for (Device station : fleet.devices().stream().filter(d -> d.kind() == DeviceKind.ENV).toList()) {
            // 00:00 has only itself (no NowCast); 10:00 does not end in the span
            for (int h = 1; h < 10; h++) {
                Instant hour = FROM.plus(Duration.ofHours(h));
                Map<String, double[]> input = new HashMap<>();
                for (String metric : AqiTruth.POLLUTANTS) {
                    double[] last12 = new double[12];
                    for (int i = 0; i < 12; i++) {
                        last12[i] = means.getOrDefault(station.id() + " " + metric + " "
                                + hour.minus(Duration.ofHours(i)), Double.NaN);
                    }
                    input.put(metric, last12);
                }
                assertThat(truth.hourlyAqi()).contains(new ExpectedAqi(station.id(), station.commune().code(), hour,
                        AqiTruth.hourly(input)));
                hours++;
            }
        }
        assertThat(truth.hourlyAqi()).hasSize(hours);
    }

    @Test
    void thePollutionEpisodeRaisesAqiHourlyCriticalAndItClearsThroughMajor() {
        ScenarioTruth truth = truth(Map.of());
        assertThat(truth.hourlyAqi()).filteredOn(aqi -> aqi.station().equals(WARD_STATION))
                .extracting(ExpectedAqi::aqi).containsExactly(99, 324, 408, 450, 251, 178, 153, 137, 129);
        // 324 at 02:00 starts both levels' runs and 408 at 03:00 completes them: straight to CRITICAL, from 02:00.
        // 178 at 06:00 starts CRITICAL's clear run (≤ 190), 153 at 07:00 completes it: MAJOR. 137 at 08:00 starts
        // MAJOR's (≤ 140), 129 at 09:00 completes it: cleared, the episode ending at 08:00.
        ExpectedAlert episode = new ExpectedAlert("aqi-hourly", WARD_STATION, WARD, "MAJOR", at(2), at(3), at(8));
        assertThat(truth.alerts()).filteredOn(a -> a.rule().equals("aqi-hourly")).containsExactly(episode);
        assertThat(truth.severities(episode)).containsExactly("CRITICAL", "MAJOR");
    }

    @Test
    void theFloodRaisesAtEachLevelAsItIsReachedAndFallsALevelAt30MinutesBelowItMinus10() {
        ScenarioTruth truth = truth(Map.of(RIVER_STATION, levels));
        Device river = fleet.devices().stream().filter(d -> d.id().equals(RIVER_STATION)).findFirst().orElseThrow();
        assertThat(river.reports("water_level")).isTrue();
        // the first minute at or over level I, scanning the station's values directly
        SignalModel signals = new SignalModel(SEED, scenario);
        Instant first = FROM;
        while (signals.value(river, "water_level", first) < levels.levelI()) {
            first = first.plus(Duration.ofMinutes(1));
        }
        // the last minute at or over level I − 10 (the clear run starts after it and must last 30 min)
        Instant last = TO.minus(Duration.ofMinutes(1));
        while (signals.value(river, "water_level", last) < levels.levelI() - 10) {
            last = last.minus(Duration.ofMinutes(1));
        }
        ExpectedAlert episode = new ExpectedAlert("flood-water-level", RIVER_STATION, RIVER_COMMUNE, "WARNING", first,
                first, last.plus(Duration.ofMinutes(1)));
        assertThat(first).isEqualTo(Instant.parse("2026-11-29T01:33:00Z"));
        assertThat(truth.alerts()).filteredOn(a -> a.rule().equals("flood-water-level")).containsExactly(episode);
        assertThat(truth.severities(episode)).containsExactly("WARNING", "MAJOR", "CRITICAL", "MAJOR", "WARNING");
        // the river station has no AQI episode: its particulates stay low
        assertThat(truth.alerts()).filteredOn(a -> a.subject().equals(RIVER_STATION))
                .extracting(ExpectedAlert::rule).containsOnly("flood-water-level");
    }

    @Test
    void floodLevelsAddOnlyFloodEpisodesAndAFaultlessRunHasNoThresholdEpisode() {
        List<ExpectedAlert> without = truth(Map.of()).alerts();
        List<ExpectedAlert> with = truth(Map.of(RIVER_STATION, levels)).alerts();
        assertThat(with).filteredOn(a -> !a.rule().equals("flood-water-level")).isEqualTo(without);
        assertThat(without).extracting(ExpectedAlert::rule).doesNotContain("flood-water-level");

        ScenarioTruth faultless = ScenarioTruth.of(new GatewayFirmware(fleet, SEED, Scenario.NONE), FROM, TO,
                Duration.ofMinutes(2), Duration.ofMinutes(10), List.of(), Map.of(RIVER_STATION, levels));
        assertThat(faultless.alerts()).isEmpty();
        assertThat(faultless.hourlyAqi()).isNotEmpty().allSatisfy(aqi -> assertThat(aqi.aqi()).isLessThan(151));
    }

    private static Instant at(int hours) {
        return FROM.plus(Duration.ofHours(hours));
    }
}
