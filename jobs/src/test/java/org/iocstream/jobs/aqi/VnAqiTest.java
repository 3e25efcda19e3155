package org.iocstream.jobs.aqi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.iocstream.jobs.aqi.Pollutant.CO;
import static org.iocstream.jobs.aqi.Pollutant.NO2;
import static org.iocstream.jobs.aqi.Pollutant.O3_1H;
import static org.iocstream.jobs.aqi.Pollutant.O3_8H;
import static org.iocstream.jobs.aqi.Pollutant.PM10;
import static org.iocstream.jobs.aqi.Pollutant.PM2_5;
import static org.iocstream.jobs.aqi.Pollutant.SO2;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VnAqiTest {

    private static final double NONE = Double.NaN;

    @Test
    void hourlyReproducesTheDecisionsWorkedExampleByTheFormula() {
        // PM2.5 NowCast 20.266 -> 40.53 -> 41; O3 136.1 -> 42.53 -> 43; NO2 118.7 -> 59.35 -> 59.
        // The decision prints 60 for NO2 and for AQI^h; its own formula, rounded half-up, gives 59.35 -> 59
        Aqi aqi = VnAqi.hourly(Map.of(
                PM2_5, new double[] {20.6, 19.6, 22.4, 20.3, 16.5, 19.0, 16.5, 19.5, 23.5, 20.5, 24.7, 26.9},
                O3_1H, new double[] {136.1},
                NO2, new double[] {118.7})).orElseThrow();

        assertThat(aqi.value()).isEqualTo(59);
        assertThat(aqi.category()).isEqualTo(AqiCategory.MODERATE);
        assertThat(aqi.capped()).isFalse();
        assertThat(aqi.subIndices()).extracting(SubIndex::pollutant, SubIndex::rounded)
                .containsExactly(tuple(O3_1H, 43), tuple(NO2, 59), tuple(PM2_5, 41));
    }

    @Test
    void hourlyGasesUseOnlyTheCurrentHour() {
        // NowCast of two equal PM10 means is 60 -> 50 + 50 × 10 / 100 = 55; NO2's current hour is missing, so
        // its previous hour (300 -> 110) gives no sub-index; CO's 40000 -> 133.33 -> 133
        Aqi aqi = VnAqi.hourly(Map.of(
                PM10, new double[] {60, 60},
                NO2, new double[] {NONE, 300},
                CO, new double[] {40000, 0})).orElseThrow();

        assertThat(aqi.value()).isEqualTo(133);
        assertThat(aqi.category()).isEqualTo(AqiCategory.POOR);
        assertThat(aqi.subIndices()).extracting(SubIndex::pollutant, SubIndex::rounded)
                .containsExactly(tuple(CO, 133), tuple(PM10, 55));
    }

    @Test
    void hourlyNeedsAParticulateNowCast() {
        assertThat(VnAqi.hourly(Map.of(O3_1H, new double[] {136.1}, NO2, new double[] {118.7}))).isEmpty();
        // PM2.5 is there but only one of its three latest hours: no NowCast, so no AQI either
        assertThat(VnAqi.hourly(Map.of(
                PM2_5, new double[] {20, NONE, NONE, 20, 20},
                NO2, new double[] {118.7}))).isEmpty();
    }

    @Test
    void hourlyWithOneParticulateOnlyIsEnough() {
        // NowCast 30 -> 50 + 50 × 5 / 25 = 60
        assertThat(VnAqi.hourly(Map.of(PM2_5, new double[] {30, 30}))).hasValueSatisfying(aqi -> {
            assertThat(aqi.value()).isEqualTo(60);
            assertThat(aqi.subIndices()).extracting(SubIndex::pollutant).containsExactly(PM2_5);
        });
    }

    @Test
    void hourlyAboveTheTopBreakpointIsCappedAndFlagged() {
        Aqi aqi = VnAqi.hourly(Map.of(PM2_5, new double[] {620, 580}, SO2, new double[] {20})).orElseThrow();

        assertThat(aqi.value()).isEqualTo(500);
        assertThat(aqi.category()).isEqualTo(AqiCategory.HAZARDOUS);
        assertThat(aqi.capped()).isTrue();
    }

    @Test
    void hourlyRefusesTheEightHourOzone() {
        assertThatThrownBy(() -> VnAqi.hourly(Map.of(PM2_5, new double[] {30, 30}, O3_8H, new double[] {90})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("O3_1H");
    }

    @Test
    void dailyReproducesTheDecisionsWorkedExample() {
        // O3 8h 89.3 -> 44.65 -> 45; O3 1h 114.6 -> 35.81 -> 36; NO2 130.8 -> 65.4 -> 65;
        // PM2.5 55.7 -> 100 + 50 × 5.7 / 30 = 109.5, half-up -> 110
        Aqi aqi = VnAqi.daily(Map.of(O3_8H, 89.3, O3_1H, 114.6, NO2, 130.8, PM2_5, 55.7)).orElseThrow();

        assertThat(aqi.value()).isEqualTo(110);
        assertThat(aqi.category()).isEqualTo(AqiCategory.POOR);
        assertThat(aqi.subIndices()).extracting(SubIndex::pollutant, SubIndex::rounded)
                .containsExactly(tuple(O3_1H, 36), tuple(O3_8H, 45), tuple(NO2, 65), tuple(PM2_5, 110));
    }

    @Test
    void dailyOzoneIsTheLargerOfItsOneHourAndEightHourSubIndices() {
        // PM10 24-h 100 -> 75; O3 8h 200 -> 150 + 50 × 30 / 40 = 187.5 -> 188; O3 1h 250 -> 125
        Aqi aqi = VnAqi.daily(Map.of(PM10, 100.0, O3_8H, 200.0, O3_1H, 250.0)).orElseThrow();

        assertThat(aqi.value()).isEqualTo(188);
        assertThat(aqi.category()).isEqualTo(AqiCategory.BAD);
    }

    @Test
    void dailyDropsTheEightHourOzoneAboveItsTable() {
        // PM2.5 20 -> 40; O3 1h 300 -> 150; O3 8h exactly 400 -> 300 counts, 400.5 is dropped
        assertThat(VnAqi.daily(Map.of(PM2_5, 20.0, O3_1H, 300.0, O3_8H, 400.0)).orElseThrow().value())
                .isEqualTo(300);

        Aqi aqi = VnAqi.daily(Map.of(PM2_5, 20.0, O3_1H, 300.0, O3_8H, 400.5)).orElseThrow();

        assertThat(aqi.value()).isEqualTo(150);
        assertThat(aqi.subIndices()).extracting(SubIndex::pollutant).containsExactly(O3_1H, PM2_5);
    }

    @Test
    void dailySulphurDioxideAndCarbonMonoxideUseTheirLargestOneHourMean() {
        // PM10 24-h 100 -> 75; SO2 200 -> 66.67 -> 67; CO 40000 -> 133.33 -> 133
        Aqi aqi = VnAqi.daily(Map.of(PM10, 100.0, SO2, 200.0, CO, 40000.0)).orElseThrow();

        assertThat(aqi.value()).isEqualTo(133);
        assertThat(aqi.subIndices()).extracting(SubIndex::pollutant, SubIndex::rounded)
                .containsExactly(tuple(CO, 133), tuple(SO2, 67), tuple(PM10, 75));
    }

    @Test
    void dailyNeedsAParticulateMean() {
        assertThat(VnAqi.daily(Map.of(O3_8H, 89.3, O3_1H, 114.6, NO2, 130.8))).isEmpty();
        // NaN is a missing mean, as an absent key is
        assertThat(VnAqi.daily(Map.of(PM2_5, NONE, NO2, 130.8))).isEmpty();
    }

    @Test
    void dailyRefusesANegativeMean() {
        assertThatThrownBy(() -> VnAqi.daily(Map.of(PM2_5, 20.0, SO2, -1.0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SO2");
    }
}
