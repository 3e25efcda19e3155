package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Hourly VN_AQI of the truth against DOMAIN.md's worked example and values worked out by hand. */
class AqiTruthTest {

    private static final double NO_MEAN = Double.NaN;

    @Test
    void domainsHourlyExampleGives59ByTheFormula() {
        // PM2.5 hourly means of DOMAIN.md section 3, current hour first
        double[] pm25 = {20.6, 19.6, 22.4, 20.3, 16.5, 19.0, 16.5, 19.5, 23.5, 20.5, 24.7, 26.9};
        // w = 16.5 / 26.9 = 0.6134; NowCast = 20.27 (the decision prints ≈ 20.3) -> 2 × 20.27 = 40.53 -> 41
        assertThat(AqiTruth.nowCast(pm25)).isCloseTo(20.266, within(0.001));
        assertThat(AqiTruth.subIndex("pm2_5", AqiTruth.nowCast(pm25)).doubleValue()).isCloseTo(40.53, within(0.01));
        // O3 136.1 -> 50 / 160 × 136.1 = 42.53 -> 43; NO2 118.7 -> 50 + 0.5 × 18.7 = 59.35 -> 59
        assertThat(AqiTruth.subIndex("o3", 136.1)).isEqualByComparingTo("42.53125");
        assertThat(AqiTruth.subIndex("no2", 118.7)).isEqualByComparingTo("59.35");
        assertThat(AqiTruth.hourly(Map.of("pm2_5", pm25, "o3", new double[] {136.1}, "no2",
                new double[] {118.7}))).isEqualTo(59);
    }

    @Test
    void subIndicesInterpolateOnTheirSegmentInDecimalAndCapAt500() {
        assertThat(AqiTruth.subIndex("pm2_5", 0)).isEqualByComparingTo("0");
        assertThat(AqiTruth.subIndex("pm2_5", 25)).isEqualByComparingTo("50"); // a breakpoint: its own I
        assertThat(AqiTruth.subIndex("pm2_5", 150)).isEqualByComparingTo("200");
        assertThat(AqiTruth.subIndex("pm2_5", 150.5)).isEqualByComparingTo("200.5"); // 200 + 100 / 100 × 0.5
        assertThat(AqiTruth.subIndex("pm10", 385)).isEqualByComparingTo("250"); // 200 + 100 / 70 × 35
        assertThat(AqiTruth.subIndex("co", 45000)).isEqualByComparingTo("150");
        assertThat(AqiTruth.subIndex("pm2_5", 500)).isEqualByComparingTo("500");
        assertThat(AqiTruth.subIndex("pm2_5", 612)).isEqualByComparingTo("500"); // above the table: capped
        assertThat(AqiTruth.subIndex("o3", 1500)).isEqualByComparingTo("500");
        assertThatThrownBy(() -> AqiTruth.subIndex("pm2_5", -1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void halfWayValuesRoundUpAsByHand() {
        // PM2.5 80.7: 150 + 50 / 70 × 0.7 = 150.5 -> 151, the aqi-hourly MAJOR threshold; 80.69 -> 150.49 -> 150
        assertThat(AqiTruth.hourly(Map.of("pm2_5", new double[] {80.7, 80.7}))).isEqualTo(151);
        assertThat(AqiTruth.hourly(Map.of("pm2_5", new double[] {80.69, 80.69}))).isEqualTo(150);
        // O3 1-h 161.2: 50 + 50 / 40 × 1.2 = 51.5 -> 52 (binary floating point would give 51.4999…)
        assertThat(AqiTruth.hourly(Map.of("pm2_5", new double[] {5, 5}, "o3", new double[] {161.2}))).isEqualTo(52);
    }

    @Test
    void nowCastWeighsMissingHoursZeroAndNeedsTwoOfTheLastThree() {
        // w* = 10 / 40 -> w = 0.5; (40 + 0.25 × 10) / (1 + 0.25) = 34; the missing hour keeps its place
        assertThat(AqiTruth.nowCast(new double[] {40, NO_MEAN, 10})).isEqualTo(34.0);
        // w* = 30 / 40 = 0.75: (30 + 0.75 × 40) / 1.75 = 34.2857…
        assertThat(AqiTruth.nowCast(new double[] {30, 40})).isCloseTo(34.2857, within(0.0001));
        assertThat(AqiTruth.nowCast(new double[] {NO_MEAN, NO_MEAN, 10, 10, 10})).isNull();
        assertThat(AqiTruth.nowCast(new double[] {10})).isNull();
        assertThat(AqiTruth.nowCast(new double[] {0, 0, 0})).isEqualTo(0.0);
        // hours beyond the 12th are ignored: the 13th mean of 1000 changes nothing
        double[] thirteen = {10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 1000};
        assertThat(AqiTruth.nowCast(thirteen)).isEqualTo(10.0);
    }

    @Test
    void the24HourMeanAddsTheHoursWithAMeanOldestFirstAndNeeds18() {
        double[] day = new double[24];
        for (int i = 0; i < 24; i++) {
            day[i] = i < 20 ? 40 : 70; // (20 × 40 + 4 × 70) / 24 = 1080 / 24 = 45
        }
        assertThat(AqiTruth.twentyFourHourMean(day)).isEqualTo(45.0);
        for (int i = 0; i < 6; i++) {
            day[i] = NO_MEAN; // 18 left: (14 × 40 + 4 × 70) / 18 = 840 / 18 = 46.67, not 840 / 24 = 35
        }
        assertThat(AqiTruth.twentyFourHourMean(day)).isCloseTo(46.6667, within(0.0001));
        day[6] = NO_MEAN; // 17
        assertThat(AqiTruth.twentyFourHourMean(day)).isNull();
        assertThatThrownBy(() -> AqiTruth.twentyFourHourMean(new double[23]))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void noParticulateNoAqiAndGasesUseOnlyTheCurrentHour() {
        assertThat(AqiTruth.hourly(Map.of("no2", new double[] {150, 150}, "o3", new double[] {100}))).isNull();
        assertThat(AqiTruth.hourly(Map.of("pm10", new double[] {NO_MEAN, 40, NO_MEAN}))).isNull();
        // PM10 NowCast 40 -> 40; NO2 of the previous hour only (no current mean) -> left out
        assertThat(AqiTruth.hourly(Map.of("pm10", new double[] {40, 40}, "no2", new double[] {NO_MEAN, 700})))
                .isEqualTo(40);
        // SO2 350 -> 100 beats PM10 40
        assertThat(AqiTruth.hourly(Map.of("pm10", new double[] {40, 40}, "so2", new double[] {350}))).isEqualTo(100);
    }
}
