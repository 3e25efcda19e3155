package org.iocstream.jobs.aqi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class NowCastTest {

    private static final double NONE = Double.NaN;

    @Test
    void reproducesTheDecisionsWorkedExample() {
        // the decision lists the PM2.5 means oldest first (26.9 … 20.6); here c1 = 20.6 is the current hour.
        // w = 16.5 / 26.9 = 0.61338; Σ w^(i-1)·c_i = 52.2695 and Σ w^(i-1) = 2.5792 give 20.266, which the
        // decision prints as 20.3; its sub-index 2 × 20.266 = 40.53 rounds to 41
        NowCast nowCast = NowCast.of(20.6, 19.6, 22.4, 20.3, 16.5, 19.0, 16.5, 19.5, 23.5, 20.5, 24.7, 26.9)
                .orElseThrow();

        assertThat(nowCast.weight()).isCloseTo(0.61338, within(0.00001));
        assertThat(nowCast.value()).isCloseTo(20.266, within(0.001));
        assertThat(new SubIndex(Pollutant.PM2_5, nowCast.value()).rounded()).isEqualTo(41);
    }

    @Test
    void aMissingHourHasNoWeightAndIsNotAZero() {
        // Cmin/Cmax over the two means = 30/40 = 0.75; (30 + 0.75² × 40) / (1 + 0.75²) = 52.5 / 1.5625.
        // Were the missing c2 a zero, w would be 0.5 and the NowCast (30 + 0.25 × 40) / 1.25 = 32
        NowCast nowCast = NowCast.of(30, NONE, 40).orElseThrow();

        assertThat(nowCast.weight()).isEqualTo(0.75);
        assertThat(nowCast.value()).isCloseTo(33.6, within(1e-9));
    }

    @Test
    void theWeightIsAtLeastOneHalf() {
        // Cmin/Cmax = 0.1, so w = 0.5: (10 + 0.5 × 100) / 1.5
        NowCast nowCast = NowCast.of(10, 100).orElseThrow();

        assertThat(nowCast.weight()).isEqualTo(0.5);
        assertThat(nowCast.value()).isCloseTo(40, within(1e-9));
    }

    @Test
    void anOldHourCountsInCminAndCmaxAndWeighsLittle() {
        // c12 = 80 makes Cmin/Cmax = 0.25, so w = 0.5: (20 + 0.5 × 20 + 0.5^11 × 80) / (1 + 0.5 + 0.5^11)
        // = 61520 / 3073 once multiplied through by 2048
        NowCast nowCast = NowCast.of(20, 20, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, NONE, 80)
                .orElseThrow();

        assertThat(nowCast.weight()).isEqualTo(0.5);
        assertThat(nowCast.value()).isCloseTo(20.01952, within(0.00001));
    }

    @Test
    void meansThatAreAllEqualGiveThatMeanWithWeightOneEvenWhenZero() {
        assertThat(NowCast.of(12.5, 12.5, 12.5, 12.5)).contains(new NowCast(12.5, 1));
        assertThat(NowCast.of(0, 0)).contains(new NowCast(0, 1));
    }

    @Test
    void twoOfTheThreeLatestHoursAreEnough() {
        assertThat(NowCast.of(NONE, 10, 10)).contains(new NowCast(10, 1));
        assertThat(NowCast.of(10, NONE, 10)).contains(new NowCast(10, 1));
    }

    @Test
    void hasNoValueWithFewerThanTwoOfTheThreeLatestHours() {
        assertThat(NowCast.of(10, NONE, NONE, 20, 20, 20, 20, 20, 20, 20, 20, 20)).isEmpty();
        assertThat(NowCast.of(NONE, NONE, 10, 10, 10)).isEmpty();
        assertThat(NowCast.of(10)).isEmpty();
        assertThat(NowCast.of()).isEmpty();
    }

    @Test
    void refusesMoreThanTwelveHours() {
        assertThatThrownBy(() -> NowCast.of(1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most 12 hourly means, got 13");
    }

    @Test
    void refusesANegativeOrInfiniteMean() {
        assertThatThrownBy(() -> NowCast.of(10, 10, -0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c3").hasMessageContaining("-0.5");
        assertThatThrownBy(() -> NowCast.of(10, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("c2");
    }
}
