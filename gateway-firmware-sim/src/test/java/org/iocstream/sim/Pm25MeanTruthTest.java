package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The truth's PM2.5 24-h means and {@code pm25-24h} episodes over a two-day scenario at Quế Phong's one ENV station
 * (highland, PM2.5 about 12-17 µg/m³): a pollution episode (PM × 10 for 12 h) lifts the 24-h mean over 45 and,
 * once enough of it has left the 24 hours, back under 40.
 */
class Pm25MeanTruthTest {

    private static final long SEED = 7;
    /** 07:00 in Nghệ An, in the cool dry season. */
    private static final Instant FROM = Instant.parse("2026-11-29T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofHours(56));
    private static final String COMMUNE = "16738";
    private static final String STATION = "16738-ENV-0001";
    /** The episode, 03:00 to 15:00 local on 30 Nov. */
    private static final Instant EPISODE = FROM.plus(Duration.ofHours(20));

    private final Fleet fleet = Fleet.of(List.of(Communes.byCode(COMMUNE)), AirQualityTruthTest.envOnly());
    private final Scenario scenario = new Scenario("pm25-day", List.of(new Fault(FaultType.POLLUTION_EPISODE, EPISODE,
            Duration.ofHours(12), new Selection(Set.of(COMMUNE), Set.of(), Set.of(), Set.of(), 1), 1, Duration.ZERO,
            false, 10)));

    private ScenarioTruth truth(Scenario scenario) {
        return ScenarioTruth.of(new GatewayFirmware(fleet, SEED, scenario), FROM, TO, Duration.ofMinutes(2),
                Duration.ofMinutes(10), List.of(), Map.of());
    }

    /**
     * The 24-h means by another road: GroundTruth's 1-h windows of the same signals, averaged here over each hour
     * and the 23 before it, oldest first, where 18 of the 24 have a mean; an hour gets one only if it has its own.
     */
    private List<ExpectedMean> meansByHand() {
        Map<Instant, Double> hourly = new HashMap<>();
        for (ExpectedWindow window : GroundTruth.windows(fleet, new SignalModel(SEED, scenario), Duration.ofHours(1),
                FROM, TO)) {
            if (window.deviceId().equals(STATION) && window.metric().equals("pm2_5")) {
                hourly.put(window.windowStart(), window.mean());
            }
        }
        List<ExpectedMean> means = new ArrayList<>();
        for (Instant hour = FROM; hour.isBefore(TO); hour = hour.plus(Duration.ofHours(1))) {
            if (!hourly.containsKey(hour)) {
                continue;
            }
            double sum = 0;
            int present = 0;
            for (int back = 23; back >= 0; back--) {
                Double mean = hourly.get(hour.minus(Duration.ofHours(back)));
                if (mean != null) {
                    sum += mean;
                    present++;
                }
            }
            if (present >= 18) {
                means.add(new ExpectedMean(STATION, COMMUNE, hour, sum / present));
            }
        }
        return means;
    }

    @Test
    void theMeansAreEachHoursAndThe23BeforeFromThe18thHourOn() {
        List<ExpectedMean> byHand = meansByHand();
        // 56 hours from 00:00 UTC; the first with 18 means is 17:00, the last to end in the span 55:00
        assertThat(byHand).hasSize(56 - 17);
        assertThat(byHand.get(0).hourStart()).isEqualTo(FROM.plus(Duration.ofHours(17)));
        assertThat(truth(scenario).pm25Means24h()).isEqualTo(byHand);
    }

    @Test
    void theEpisodeRaisesPm25WarningOver45AndClearsAtTheFirstHourAtOrUnder40() {
        List<ExpectedMean> byHand = meansByHand();
        Instant raised = null;
        Instant cleared = null;
        for (ExpectedMean mean : byHand) {
            if (raised == null && mean.mean() > 45) {
                raised = mean.hourStart();
            } else if (raised != null && cleared == null && mean.mean() <= 40) {
                cleared = mean.hourStart();
            }
        }
        // the 24-h mean, about 12 before the episode, climbs some 7 µg/m³ an hour as its 12 hours (about 170 on
        // average) fill the 24: 44.4 with 6 of them, 51.1 with 7, so over 45 at the episode's 7th hour. It falls as
        // they leave; its last hours are above its average: 45.6 with 4 still in, at or under 40 with 3,
        // i.e. once the episode's 9th hour has left the 24 (8 h + 24 h after its start)
        assertThat(raised).isEqualTo(EPISODE.plus(Duration.ofHours(6)));
        assertThat(cleared).isEqualTo(EPISODE.plus(Duration.ofHours(8 + 24)));
        ScenarioTruth truth = truth(scenario);
        ExpectedAlert episode = new ExpectedAlert("pm25-24h", STATION, COMMUNE, "WARNING", raised, raised, cleared);
        assertThat(truth.alerts()).filteredOn(a -> a.rule().equals("pm25-24h")).containsExactly(episode);
        assertThat(truth.severities(episode)).containsExactly("WARNING");
    }

    @Test
    void withoutTheEpisodeTheHighlandStationStaysUnder45AndATenHourSpanHasNoMean() {
        ScenarioTruth faultless = truth(Scenario.NONE);
        assertThat(faultless.pm25Means24h()).hasSize(56 - 17).allSatisfy(m -> assertThat(m.mean()).isLessThan(45));
        assertThat(faultless.alerts()).isEmpty();

        ScenarioTruth tenHours = ScenarioTruth.of(new GatewayFirmware(fleet, SEED, scenario), FROM,
                FROM.plus(Duration.ofHours(10)), Duration.ofMinutes(2), Duration.ofMinutes(10), List.of(), Map.of());
        assertThat(tenHours.pm25Means24h()).isEmpty(); // 10 of 24 hours: fewer than 18
    }
}
