package org.iocstream.jobs.window;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WindowStatsTest {

    @Test
    void computesEveryStatisticOfAHandCheckedWindow() {
        // six camera counts at 10 s intervals, arriving out of order
        WindowStats stats = new WindowStats()
                .add(30, 12).add(0, 7).add(10, 9.5).add(50, 3).add(20, 21.25).add(40, 9.5);

        assertThat(stats.count).isEqualTo(6);
        assertThat(stats.min).isEqualTo(3.0);
        assertThat(stats.max).isEqualTo(21.25);
        assertThat(stats.sum).isEqualTo(62.25);
        assertThat(stats.mean()).isEqualTo(62.25 / 6);
        assertThat(stats.first).isEqualTo(7.0);
        assertThat(stats.firstTime).isZero();
        assertThat(stats.last).isEqualTo(3.0);
        assertThat(stats.lastTime).isEqualTo(50);
    }

    @Test
    void anEmptyWindowHasNoMeanAndIsTheIdentityOfMerge() {
        WindowStats some = new WindowStats().add(5, 1.5).add(6, -2);

        assertThat(new WindowStats().isEmpty()).isTrue();
        assertThat(new WindowStats().mean()).isNaN();
        assertThat(WindowStats.merge(new WindowStats(), some)).isEqualTo(some);
        assertThat(WindowStats.merge(some, new WindowStats())).isEqualTo(some);
    }

    @Test
    void readingsWithTheSameTimeResolveFirstAndLastByValueWhateverTheOrder() {
        WindowStats ab = new WindowStats().add(7, 4).add(7, 2);
        WindowStats ba = new WindowStats().add(7, 2).add(7, 4);

        assertThat(ab).isEqualTo(ba);
        assertThat(ab.first).isEqualTo(2.0);
        assertThat(ab.last).isEqualTo(4.0);
    }

    @Test
    void refusesNonFiniteValues() {
        assertThatThrownBy(() -> new WindowStats().add(1, Double.NaN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> new WindowStats().add(1, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2025})
    void mergeIsAssociativeAndCommutativeAndEqualsAddingEverything(long seed) {
        Random random = new Random(seed);
        // quarter steps keep every sum exact, so equality below is exact, not approximate
        List<long[]> readings = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            readings.add(new long[] {random.nextInt(1000), random.nextInt(4000) - 2000});
        }
        WindowStats all = new WindowStats();
        readings.forEach(r -> all.add(r[0], r[1] / 4.0));

        Collections.shuffle(readings, random);
        WindowStats a = fold(readings.subList(0, 17));
        WindowStats b = fold(readings.subList(17, 41));
        WindowStats c = fold(readings.subList(41, 60));

        WindowStats left = WindowStats.merge(WindowStats.merge(a, b), c);
        WindowStats right = WindowStats.merge(a, WindowStats.merge(b, c));
        assertThat(left).isEqualTo(right);
        assertThat(WindowStats.merge(a, b)).isEqualTo(WindowStats.merge(b, a));
        assertThat(left).isEqualTo(all);
    }

    @Test
    void mergeLeavesItsArgumentsUnchanged() {
        WindowStats a = new WindowStats().add(1, 1);
        WindowStats b = new WindowStats().add(2, 2);
        WindowStats aBefore = a.copy();

        WindowStats.merge(a, b);

        assertThat(a).isEqualTo(aBefore);
        assertThat(b.count).isEqualTo(1);
    }

    private static WindowStats fold(List<long[]> readings) {
        WindowStats stats = new WindowStats();
        readings.forEach(r -> stats.add(r[0], r[1] / 4.0));
        return stats;
    }
}
