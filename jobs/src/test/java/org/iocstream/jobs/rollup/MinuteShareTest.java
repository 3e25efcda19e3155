package org.iocstream.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MinuteShareTest {

    @Test
    void availabilityOverAPeriodIsDeviceMinutesOnlineOverDeviceMinutesRegistered() {
        // 5 devices over 3 minutes: all online, then 4, then none: 9 / 15
        MinuteShare share = new MinuteShare().add(5, 5).add(4, 5).add(0, 5);

        assertThat(share.achievedMinutes).isEqualTo(9);
        assertThat(share.possibleMinutes).isEqualTo(15);
        assertThat(share.percent()).isEqualTo(60.0);
    }

    @Test
    void mergeIsAssociativeAndCommutative() {
        MinuteShare a = new MinuteShare().add(5, 5);
        MinuteShare b = new MinuteShare().add(4, 5).add(1, 2);
        MinuteShare c = new MinuteShare().add(0, 5);

        MinuteShare left = MinuteShare.merge(MinuteShare.merge(a, b), c);
        MinuteShare right = MinuteShare.merge(a, MinuteShare.merge(b, c));

        assertThat(left).usingRecursiveComparison().isEqualTo(right);
        assertThat(MinuteShare.merge(a, b)).usingRecursiveComparison().isEqualTo(MinuteShare.merge(b, a));
        // 10 / 17
        assertThat(left.percent()).isEqualTo(1000.0 / 17);
        assertThat(a.achievedMinutes).isEqualTo(5);
        assertThat(a.possibleMinutes).isEqualTo(5);
    }

    @Test
    void anEmptyShareHasNoPercentage() {
        assertThat(new MinuteShare().percent()).isNaN();
    }

    @Test
    void refusesMoreAchievedThanPossible() {
        assertThatThrownBy(() -> new MinuteShare().add(6, 5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("6 of 5");
        assertThatThrownBy(() -> new MinuteShare().add(-1, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
