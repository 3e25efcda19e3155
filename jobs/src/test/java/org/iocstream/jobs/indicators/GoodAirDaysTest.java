package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class GoodAirDaysTest {

    @Test
    void aGoodDayIsGoodOrModerateUpTo100Inclusive() {
        assertThat(GoodAirDays.isGood(0)).isTrue();
        assertThat(GoodAirDays.isGood(50)).isTrue();
        assertThat(GoodAirDays.isGood(100)).isTrue();
        assertThat(GoodAirDays.isGood(101)).isFalse();
        assertThat(GoodAirDays.isGood(500)).isFalse();
    }

    @Test
    void theShareOfGoodDaysAmongTheDaysWithAnAqi() {
        // good: 42, 100, 77; not good: 101, 160 -> 3 of 5
        assertThat(GoodAirDays.percent(List.of(42, 101, 100, 160, 77))).isEqualTo(60.0);
        assertThat(GoodAirDays.percent(List.of(101))).isEqualTo(0.0);
        assertThat(GoodAirDays.percent(List.of(12, 99))).isEqualTo(100.0);
    }

    @Test
    void noDayNoShare() {
        assertThat(GoodAirDays.percent(List.of())).isNaN();
    }
}
