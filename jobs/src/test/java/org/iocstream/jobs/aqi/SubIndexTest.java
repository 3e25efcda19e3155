package org.iocstream.jobs.aqi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SubIndexTest {

    // DOMAIN.md section 3's table, one row per breakpoint of every column
    @ParameterizedTest(name = "{0} at {1} µg/m³ -> {2}")
    @CsvSource({
        "O3_1H, 0, 0", "O3_1H, 160, 50", "O3_1H, 200, 100", "O3_1H, 300, 150",
        "O3_1H, 400, 200", "O3_1H, 800, 300", "O3_1H, 1000, 400", "O3_1H, 1200, 500",
        "O3_8H, 0, 0", "O3_8H, 100, 50", "O3_8H, 120, 100", "O3_8H, 170, 150",
        "O3_8H, 210, 200", "O3_8H, 400, 300",
        "CO, 0, 0", "CO, 10000, 50", "CO, 30000, 100", "CO, 45000, 150",
        "CO, 60000, 200", "CO, 90000, 300", "CO, 120000, 400", "CO, 150000, 500",
        "SO2, 0, 0", "SO2, 125, 50", "SO2, 350, 100", "SO2, 550, 150",
        "SO2, 800, 200", "SO2, 1600, 300", "SO2, 2100, 400", "SO2, 2630, 500",
        "NO2, 0, 0", "NO2, 100, 50", "NO2, 200, 100", "NO2, 700, 150",
        "NO2, 1200, 200", "NO2, 2350, 300", "NO2, 3100, 400", "NO2, 3850, 500",
        "PM10, 0, 0", "PM10, 50, 50", "PM10, 150, 100", "PM10, 250, 150",
        "PM10, 350, 200", "PM10, 420, 300", "PM10, 500, 400", "PM10, 600, 500",
        "PM2_5, 0, 0", "PM2_5, 25, 50", "PM2_5, 50, 100", "PM2_5, 80, 150",
        "PM2_5, 150, 200", "PM2_5, 250, 300", "PM2_5, 350, 400", "PM2_5, 500, 500",
    })
    void aConcentrationOnABreakpointGivesItsIndex(Pollutant pollutant, double concentration, int index) {
        SubIndex subIndex = new SubIndex(pollutant, concentration);

        assertThat(subIndex.value()).isEqualByComparingTo(BigDecimal.valueOf(index));
        assertThat(subIndex.rounded()).isEqualTo(index);
        assertThat(subIndex.capped()).isFalse();
    }

    // the segments on either side of an inner breakpoint meet at its index: no jump, no gap
    @ParameterizedTest(name = "{0} around {1} µg/m³ -> {2}")
    @CsvSource({
        "O3_1H, 160, 50", "O3_1H, 200, 100", "O3_1H, 300, 150", "O3_1H, 400, 200", "O3_1H, 800, 300",
        "O3_1H, 1000, 400",
        "O3_8H, 100, 50", "O3_8H, 120, 100", "O3_8H, 170, 150", "O3_8H, 210, 200",
        "CO, 10000, 50", "CO, 30000, 100", "CO, 45000, 150", "CO, 60000, 200", "CO, 90000, 300",
        "CO, 120000, 400",
        "SO2, 125, 50", "SO2, 350, 100", "SO2, 550, 150", "SO2, 800, 200", "SO2, 1600, 300", "SO2, 2100, 400",
        "NO2, 100, 50", "NO2, 200, 100", "NO2, 700, 150", "NO2, 1200, 200", "NO2, 2350, 300", "NO2, 3100, 400",
        "PM10, 50, 50", "PM10, 150, 100", "PM10, 250, 150", "PM10, 350, 200", "PM10, 420, 300",
        "PM10, 500, 400",
        "PM2_5, 25, 50", "PM2_5, 50, 100", "PM2_5, 80, 150", "PM2_5, 150, 200", "PM2_5, 250, 300",
        "PM2_5, 350, 400",
    })
    void neighbouringSegmentsMeetAtEveryInnerBreakpoint(Pollutant pollutant, double breakpoint, int index) {
        // the steepest segment (O3 8-h, 100-120) rises 2.5 per µg/m³, so 0.001 µg/m³ moves the index at most 0.0025
        double below = new SubIndex(pollutant, breakpoint - 0.001).value().doubleValue();
        double above = new SubIndex(pollutant, breakpoint + 0.001).value().doubleValue();

        assertThat(below).isLessThan(index).isCloseTo(index, within(0.003));
        assertThat(above).isGreaterThan(index).isCloseTo(index, within(0.003));
    }

    // the middle of each segment lies half-way between its two indices
    @ParameterizedTest(name = "{0} at {1} µg/m³ -> {2}")
    @CsvSource({
        "O3_1H, 80, 25", "O3_1H, 180, 75", "O3_1H, 250, 125", "O3_1H, 350, 175",
        "O3_1H, 600, 250", "O3_1H, 900, 350", "O3_1H, 1100, 450",
        "O3_8H, 50, 25", "O3_8H, 110, 75", "O3_8H, 145, 125", "O3_8H, 190, 175", "O3_8H, 305, 250",
        "CO, 5000, 25", "CO, 20000, 75", "CO, 37500, 125", "CO, 52500, 175",
        "CO, 75000, 250", "CO, 105000, 350", "CO, 135000, 450",
        "SO2, 62.5, 25", "SO2, 237.5, 75", "SO2, 450, 125", "SO2, 675, 175",
        "SO2, 1200, 250", "SO2, 1850, 350", "SO2, 2365, 450",
        "NO2, 50, 25", "NO2, 150, 75", "NO2, 450, 125", "NO2, 950, 175",
        "NO2, 1775, 250", "NO2, 2725, 350", "NO2, 3475, 450",
        "PM10, 25, 25", "PM10, 100, 75", "PM10, 200, 125", "PM10, 300, 175",
        "PM10, 385, 250", "PM10, 460, 350", "PM10, 550, 450",
        "PM2_5, 12.5, 25", "PM2_5, 37.5, 75", "PM2_5, 65, 125", "PM2_5, 115, 175",
        "PM2_5, 200, 250", "PM2_5, 300, 350", "PM2_5, 425, 450",
    })
    void theMiddleOfASegmentGivesTheMiddleOfItsIndices(Pollutant pollutant, double concentration, int index) {
        SubIndex subIndex = new SubIndex(pollutant, concentration);

        assertThat(subIndex.value()).isEqualByComparingTo(BigDecimal.valueOf(index));
        assertThat(subIndex.rounded()).isEqualTo(index);
    }

    @ParameterizedTest(name = "{0} at {1} µg/m³ -> {2} -> {3}")
    @CsvSource({
        // 50 + 50 × 5.1 / 25
        "PM2_5, 30.1, 60.2, 60",
        // 50 + 50 × 75 / 225
        "SO2, 200, 66.6666666667, 67",
        // 100 + 50 × 10000 / 15000
        "CO, 40000, 133.3333333333, 133",
        // 150 + 50 × 300 / 500
        "NO2, 1000, 180, 180",
        // 150 + 50 × 30 / 40
        "O3_8H, 200, 187.5, 188",
        // 200 + 100 × 50 / 70
        "PM10, 400, 271.4285714286, 271",
        // half-up, where half-even would give 26 and 0
        "PM2_5, 13.25, 26.5, 27",
        "PM2_5, 0.25, 0.5, 1",
        "PM2_5, 13.2, 26.4, 26",
        // 50 + 50 × 1.2 / 40 and 50 + 50 × 0.6 / 20: in binary floating point both come to 51.49999999999999
        "O3_1H, 161.2, 51.5, 52",
        "O3_8H, 100.6, 51.5, 52",
        // the decision's worked examples: 50 × 136.1 / 160, 50 + 50 × 18.7 / 100, 50 × 89.3 / 100,
        // 50 × 114.6 / 160, 50 + 50 × 30.8 / 100, 100 + 50 × 5.7 / 30
        "O3_1H, 136.1, 42.53125, 43",
        "NO2, 118.7, 59.35, 59",
        "O3_8H, 89.3, 44.65, 45",
        "O3_1H, 114.6, 35.8125, 36",
        "NO2, 130.8, 65.4, 65",
        "PM2_5, 55.7, 109.5, 110",
    })
    void interpolatesInsideASegmentAndRoundsHalfUp(Pollutant pollutant, double concentration, BigDecimal value,
            int rounded) {
        SubIndex subIndex = new SubIndex(pollutant, concentration);

        assertThat(subIndex.value()).isCloseTo(value, within(new BigDecimal("1E-9")));
        assertThat(subIndex.rounded()).isEqualTo(rounded);
    }

    @ParameterizedTest(name = "{0} at {1} µg/m³")
    @CsvSource({"PM2_5, 500.1", "PM10, 601", "CO, 200000", "SO2, 2631", "NO2, 5000", "O3_1H, 1500"})
    void isCappedAt500AboveTheTopBreakpoint(Pollutant pollutant, double concentration) {
        SubIndex subIndex = new SubIndex(pollutant, concentration);

        assertThat(subIndex.value()).isEqualByComparingTo("500");
        assertThat(subIndex.rounded()).isEqualTo(500);
        assertThat(subIndex.capped()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(doubles = {400.1, 1000})
    void ozoneEightHourHasNoSubIndexAboveItsTable(double concentration) {
        assertThatThrownBy(() -> new SubIndex(Pollutant.O3_8H, concentration))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1-h ozone");
    }

    @ParameterizedTest
    @ValueSource(doubles = {-0.1, Double.NaN, Double.POSITIVE_INFINITY})
    void refusesANegativeOrNonFiniteConcentration(double concentration) {
        assertThatThrownBy(() -> new SubIndex(Pollutant.NO2, concentration))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("NO2 concentration must be finite and not negative");
    }
}
