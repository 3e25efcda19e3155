package org.iocstream.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LightingEnergyTest {

    @Test
    void consumptionIsTheRiseOfTheCounter() {
        assertThat(LightingEnergy.consumedWattHours(1000, 1000.5, 1001.25, 1003)).isEqualTo(3.0);
    }

    @Test
    void aCounterThatFallsWasReplacedAndStartedFromZero() {
        // 10 Wh on the old controller, then the new one counts 2 and 5 more
        assertThat(LightingEnergy.consumedWattHours(5000, 5010, 2, 7)).isEqualTo(17.0);
    }

    @Test
    void fewerThanTwoReadingsConsumeNothing() {
        assertThat(LightingEnergy.consumedWattHours(5000)).isZero();
        assertThat(LightingEnergy.consumedWattHours()).isZero();
    }

    @Test
    void aNightOfTheSimulatorsDefaultLampSavesAboutAQuarter() {
        // a 100 W lamp, dark 19:00-05:30 (10.5 h): full 19:00-22:00 (3 h × 101 W), half 22:00-04:30
        // (6.5 h × 51 W), full 04:30-05:30 (1 h × 101 W), standby 1 W for the other 13.5 h of the day:
        // 303 + 331.5 + 101 + 13.5 = 749 Wh against 100 W × 10.5 h = 1050 Wh: (1050 - 749) / 1050 = 28.667 %
        double consumed = LightingEnergy.consumedWattHours(20_000, 20_749);
        double baseline = LightingEnergy.fullPowerBaselineWattHours(100, 10.5);

        assertThat(consumed).isEqualTo(749.0);
        assertThat(baseline).isEqualTo(1050.0);
        assertThat(LightingEnergy.savingPercent(consumed, baseline)).isCloseTo(28.667, within(0.001));
    }

    @Test
    void aCommunesBaselineIsItsLampsRatedWattsOverTheNight() {
        // lamps of 60, 100 and 140 W over the default 12 h: 3600 Wh; 2520 Wh used saves 30 %
        double baseline = LightingEnergy.fullPowerBaselineWattHours(60 + 100 + 140, LightingEnergy.DEFAULT_NIGHT_HOURS);

        assertThat(baseline).isEqualTo(3600.0);
        assertThat(LightingEnergy.savingPercent(2520, baseline)).isEqualTo(30.0);
    }

    @Test
    void usingMoreThanTheBaselineIsANegativeSaving() {
        assertThat(LightingEnergy.savingPercent(3960, 3600)).isEqualTo(-10.0);
    }

    @Test
    void aCommuneWithoutLampsHasNoSaving() {
        assertThat(LightingEnergy.savingPercent(0, LightingEnergy.fullPowerBaselineWattHours(0, 12))).isNaN();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> LightingEnergy.consumedWattHours(10, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counter");
        assertThatThrownBy(() -> LightingEnergy.consumedWattHours(Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LightingEnergy.fullPowerBaselineWattHours(100, 25))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("night hours");
        assertThatThrownBy(() -> LightingEnergy.fullPowerBaselineWattHours(-1, 12))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aWindowAddsTheRiseFromTheLampsPreviousWindowAndItsOwnRise() {
        assertThat(LightingEnergy.windowWattHours(Double.NaN, 1000, 1000, 1002, 1002)).isEqualTo(2.0);
        assertThat(LightingEnergy.windowWattHours(999, 1000, 1000, 1002, 1002)).isEqualTo(3.0);
        // replaced before the window: a new counter at 4
        assertThat(LightingEnergy.windowWattHours(5000, 4, 4, 6, 6)).isEqualTo(6.0);
        // replaced inside it: 1000 -> 1003, then a new counter at 0.5
        assertThat(LightingEnergy.windowWattHours(1000, 1001, 0.5, 1003, 0.5)).isEqualTo(3.5);
    }

    @Test
    void theNightRunsFromSixInTheEveningToSixInTheMorning() {
        assertThat(LightingEnergy.nightHoursBefore(Duration.ZERO)).isZero();
        assertThat(LightingEnergy.nightHoursBefore(Duration.ofMinutes(90))).isEqualTo(1.5);
        assertThat(LightingEnergy.nightHoursBefore(Duration.ofHours(6))).isEqualTo(6.0);
        assertThat(LightingEnergy.nightHoursBefore(Duration.ofHours(18))).isEqualTo(6.0);
        assertThat(LightingEnergy.nightHoursBefore(Duration.ofHours(21))).isEqualTo(9.0);
        assertThat(LightingEnergy.nightHoursBefore(Duration.ofHours(24)))
                .isEqualTo(LightingEnergy.DEFAULT_NIGHT_HOURS);
        assertThat(LightingEnergy.nightHoursBefore(Duration.ofHours(30))).isEqualTo(12.0);
        assertThatThrownBy(() -> LightingEnergy.nightHoursBefore(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
