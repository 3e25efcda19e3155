package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MedianTest {

    @Test
    void anOddCountGivesTheMiddleValueInAnyOrder() {
        assertThat(Median.of(List.of(30.0, 2.0, 7.5))).isEqualTo(7.5);
        assertThat(Median.of(List.of(7.5, 30.0, 2.0))).isEqualTo(7.5);
        assertThat(Median.of(List.of(4.0))).isEqualTo(4.0);
    }

    @Test
    void anEvenCountGivesTheMeanOfTheTwoMiddleValues() {
        // sorted 1, 3, 8, 100: (3 + 8) / 2
        assertThat(Median.of(List.of(100.0, 3.0, 1.0, 8.0))).isEqualTo(5.5);
        assertThat(Median.of(List.of(10.0, 5.0))).isEqualTo(7.5);
    }

    @Test
    void repeatedValuesCountEachTime() {
        // sorted 2, 2, 2, 90, 90: the middle one is 2
        assertThat(Median.of(List.of(90.0, 2.0, 90.0, 2.0, 2.0))).isEqualTo(2.0);
    }

    @Test
    void noValueNoMedian() {
        assertThat(Median.of(List.of())).isNaN();
    }

    @Test
    void nanIsRefused() {
        assertThatThrownBy(() -> Median.of(List.of(1.0, Double.NaN))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theArgumentIsLeftInItsOrder() {
        List<Double> values = new ArrayList<>(List.of(3.0, 1.0, 2.0));
        Median.of(values);
        assertThat(values).containsExactly(3.0, 1.0, 2.0);
    }
}
