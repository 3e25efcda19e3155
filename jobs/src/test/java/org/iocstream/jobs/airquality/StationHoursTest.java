package org.iocstream.jobs.airquality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The trailing PM2.5 24-h mean of {@link StationHours}, every expected value by hand. */
class StationHoursTest {

    private static final long HOUR = 3_600_000L;
    /** 10:00 in Asia/Ho_Chi_Minh, so the 24 h run across local midnight. */
    private static final long H = Instant.parse("2026-01-05T03:00:00Z").toEpochMilli();

    private final Map<Long, Double> means = new HashMap<>();

    private double trailing(long hourStart) {
        return StationHours.trailing24hMean(h -> means.getOrDefault(h, Double.NaN), hourStart);
    }

    @Test
    void theMeanRunsOverTheHourAndThe23BeforeItAndNoOther() {
        for (int i = 0; i < 24; i++) {
            means.put(H - i * HOUR, i < 4 ? 70.0 : 40.0); // the current hour and the 3 before it at 70
        }
        means.put(H - 24 * HOUR, 1000.0); // the 24th hour before: outside
        means.put(H + HOUR, 1000.0);      // the next hour: outside
        // (4 × 70 + 20 × 40) / 24 = 1080 / 24 = 45
        assertThat(trailing(H)).isEqualTo(45.0);
        // an hour later: 1000 comes in, the oldest 40 goes: (1000 + 4 × 70 + 19 × 40) / 24 = 2040 / 24 = 85
        assertThat(trailing(H + HOUR)).isEqualTo(85.0);
    }

    @Test
    void aMissingHourIsLeftOutNotCountedAsZeroAnd18Of24AreEnough() {
        for (int i = 0; i < 18; i++) {
            means.put(H - i * HOUR, i % 2 == 0 ? 20.0 : 40.0);
        }
        // 9 × 20 + 9 × 40 = 540 over the 18 hours with a mean, not the 24: 30, not 22.5
        assertThat(trailing(H)).isEqualTo(30.0);
        means.put(H - 23 * HOUR, 49.0); // 19 of 24: (540 + 49) / 19 = 31
        assertThat(trailing(H)).isEqualTo(31.0);
    }

    @Test
    void fewerThan18HoursGiveNoMean() {
        for (int i = 0; i < 17; i++) {
            means.put(H - i * HOUR, 60.0);
        }
        means.put(H - 24 * HOUR, 60.0); // an 18th mean, but a day before the oldest hour: it does not count
        assertThat(trailing(H)).isNaN();
        assertThat(trailing(H + 10 * HOUR)).isNaN(); // 7 of the 17 left in its 24 h
    }

    @Test
    void aZeroMeanCounts() {
        for (int i = 0; i < 24; i++) {
            means.put(H - i * HOUR, i == 0 ? 0.0 : 48.0);
        }
        // 23 × 48 / 24 = 1104 / 24 = 46
        assertThat(trailing(H)).isEqualTo(46.0);
    }
}
