package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Threshold episodes of the truth over hand-made series, every expected time worked out by hand. */
class ThresholdEpisodesTest {

    private static final long H0 = Instant.parse("2026-11-29T00:00:00Z").getEpochSecond();
    private static final double MISSING = Double.NaN;
    private static final FloodLevels LEVELS = new FloodLevels(300, 350, 400);

    /** Values every {@code step} seconds from H0; NaN leaves an observation out. */
    private static NavigableMap<Long, Double> series(long step, double... values) {
        NavigableMap<Long, Double> series = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            if (!Double.isNaN(values[i])) {
                series.put(H0 + i * step, values[i]);
            }
        }
        return series;
    }

    private static Instant hour(int h) {
        return Instant.ofEpochSecond(H0 + h * 3600L);
    }

    private static Instant minute(int m) {
        return Instant.ofEpochSecond(H0 + m * 60L);
    }

    private static ExpectedAlert aqi(String severity, int since, int raised, Integer cleared) {
        return new ExpectedAlert("aqi-hourly", "S", "40", severity, hour(since), hour(raised),
                cleared == null ? null : hour(cleared));
    }

    @Test
    void aqiRaisesOnTheSecondHourAtOrOver151EscalatesAndClearsAtTheStartOfAnHourAtOrUnder140() {
        // h1 160 starts the run, h2 170 has held it 1 h: MAJOR from h1. h3 210 starts CRITICAL's run, h4 completes it.
        // h5 180 starts CRITICAL's clear run (≤ 190), h6 150 completes it: back to MAJOR. h7 130 starts MAJOR's
        // clear run (≤ 140), h8 120 completes it: cleared, the episode ending at h7, last severity MAJOR.
        NavigableMap<Long, Double> aqi = series(3600, 100, 160, 170, 210, 220, 180, 150, 130, 120, 100);
        assertThat(ThresholdEpisodes.episodesWithSeverities(ThresholdEpisodes.AQI_HOURLY, "S", "40", aqi))
                .containsExactly(new ThresholdEpisodes.Episode(aqi("MAJOR", 1, 2, 7),
                        List.of("MAJOR", "CRITICAL", "MAJOR")));
    }

    @Test
    void aqiNeverRaisesOnOneHourNorFlapsBetween141And150() {
        NavigableMap<Long, Double> aqi = series(3600, 100, 160, 150, 160, 141, 155, 145, 150, 100);
        assertThat(ThresholdEpisodes.episodes(ThresholdEpisodes.AQI_HOURLY, "S", "40", aqi)).isEmpty();
        // once raised, 141-150 neither clears nor re-raises: one episode, still active
        NavigableMap<Long, Double> held = series(3600, 160, 160, 145, 150, 141, 150, 145);
        assertThat(ThresholdEpisodes.episodes(ThresholdEpisodes.AQI_HOURLY, "S", "40", held))
                .containsExactly(aqi("MAJOR", 0, 1, null));
    }

    @Test
    void aqiRaisesStraightToCriticalAndClearsStraightFromIt() {
        // h0 and h1 ≥ 201: both levels held 1 h at h1, the highest wins; h2, h3 ≤ 140: cleared from CRITICAL at h2
        NavigableMap<Long, Double> aqi = series(3600, 210, 215, 100, 90);
        assertThat(ThresholdEpisodes.episodes(ThresholdEpisodes.AQI_HOURLY, "S", "40", aqi))
                .containsExactly(aqi("CRITICAL", 0, 1, 2));
    }

    @Test
    void pm25RaisesAtTheFirstHourOver45AndClearsAtTheFirstAtOrUnder40() {
        // 45 is within the limit; 45.5 at h1 raises at once; 40.5 and 44 change nothing; 40 at h5 clears at once.
        // h7 46 raises a second episode, still active at the end.
        NavigableMap<Long, Double> mean = series(3600, 45, 45.5, 50, 40.5, 44, 40, 30, 46);
        assertThat(ThresholdEpisodes.episodesWithSeverities(ThresholdEpisodes.PM25_24H, "S", "40", mean))
                .containsExactly(
                        new ThresholdEpisodes.Episode(new ExpectedAlert("pm25-24h", "S", "40", "WARNING", hour(1),
                                hour(1), hour(5)), List.of("WARNING")),
                        new ThresholdEpisodes.Episode(new ExpectedAlert("pm25-24h", "S", "40", "WARNING", hour(7),
                                hour(7), null), List.of("WARNING")));
    }

    @Test
    void aGapOfMoreThanAnHourRestartsTheRun() {
        // h0 160, no value at h1, h2 160: 2 h apart, a gap; the run restarts at h2 and h3 completes it
        NavigableMap<Long, Double> aqi = series(3600, 160, MISSING, 160, 160, 100, 100);
        assertThat(ThresholdEpisodes.episodes(ThresholdEpisodes.AQI_HOURLY, "S", "40", aqi))
                .containsExactly(aqi("MAJOR", 2, 3, 4));
    }

    @Test
    void floodRaisesAtOnceEscalatesAndFallsALevelPer30MinutesBelowLevelMinus10() {
        double[] values = new double[67];
        values[0] = 280;
        values[1] = 305; // ≥ I: WARNING at once
        values[2] = 355; // ≥ II: MAJOR
        values[3] = 345; // not < 340: MAJOR holds
        for (int m = 4; m <= 34; m++) {
            values[m] = 335; // < 340 from m4; 30 min later, at m34, back to WARNING (not < 290)
        }
        for (int m = 35; m <= 65; m++) {
            values[m] = 285; // < 290 from m35; at m65 cleared, ending at m35
        }
        values[66] = 280;
        assertThat(ThresholdEpisodes.episodesWithSeverities(ThresholdEpisodes.flood(LEVELS), "R", "40",
                series(60, values))).containsExactly(new ThresholdEpisodes.Episode(new ExpectedAlert(
                        "flood-water-level", "R", "40", "WARNING", minute(1), minute(1), minute(35)),
                        List.of("WARNING", "MAJOR", "WARNING")));
    }

    @Test
    void floodClearRunIsRestartedByAGapOfMoreThan3Minutes() {
        // 310 at m0 raises; 280 from m1; m5-m8 missing (m4 to m9: 5 min, a gap) restarts the run at m9;
        // it has held 30 min at m39: the episode ends at m9. The level itself at exactly 300 - 10 is not below it.
        double[] values = new double[41];
        values[0] = 310;
        for (int m = 1; m <= 40; m++) {
            values[m] = m >= 5 && m <= 8 ? MISSING : 280;
        }
        values[40] = 290;
        assertThat(ThresholdEpisodes.episodes(ThresholdEpisodes.flood(LEVELS), "R", "40", series(60, values)))
                .containsExactly(new ExpectedAlert("flood-water-level", "R", "40", "WARNING", minute(0), minute(0),
                        minute(9)));
        // exactly 3 min apart is no gap: m0 310, then 280 at m1, m4, m7, … every 3 min: cleared at m31, ending at m1
        NavigableMap<Long, Double> sparse = new TreeMap<>();
        sparse.put(H0, 310.0);
        for (int m = 1; m <= 34; m += 3) {
            sparse.put(H0 + m * 60L, 280.0);
        }
        assertThat(ThresholdEpisodes.episodes(ThresholdEpisodes.flood(LEVELS), "R", "40", sparse))
                .containsExactly(new ExpectedAlert("flood-water-level", "R", "40", "WARNING", minute(0), minute(0),
                        minute(1)));
    }

    @Test
    void aFloodJumpingOverTwoLevelsRaisesMajorDirectlyAndARiseAfterTheClearIsANewEpisode() {
        // m0 360 ≥ II: MAJOR at once; 100 from m1: both clear runs from m1, 30 min at m31: cleared from MAJOR
        // (the lowest level left is I), ending at m1; m32 301: a new WARNING episode, still active
        double[] values = new double[33];
        values[0] = 360;
        for (int m = 1; m <= 31; m++) {
            values[m] = 100;
        }
        values[32] = 301;
        assertThat(ThresholdEpisodes.episodes(ThresholdEpisodes.flood(LEVELS), "R", "40", series(60, values)))
                .containsExactly(
                        new ExpectedAlert("flood-water-level", "R", "40", "MAJOR", minute(0), minute(0), minute(1)),
                        new ExpectedAlert("flood-water-level", "R", "40", "WARNING", minute(32), minute(32), null));
    }
}
