package org.iocstream.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RollupWindowTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    // commune A: 3 of 4 lights report (2, 4, 6); B: its one light reports 10; C: 5 lights, all silent
    private final RollupWindow a = new CommuneWindowAccumulator()
            .add("16681-LGT-0001", 0, 2).add("16681-LGT-0002", 0, 4).add("16681-LGT-0003", 0, 6)
            .result(ReportingDevices.of(60, 4), MINUTE);
    private final RollupWindow b = new CommuneWindowAccumulator()
            .add("17002-LGT-0001", 0, 10)
            .result(ReportingDevices.of(60, 1), MINUTE);
    private final RollupWindow c = new CommuneWindowAccumulator()
            .result(ReportingDevices.of(60, 5), MINUTE);

    @Test
    void theProvinceAddsCountsAndWeighsCompletenessByExpectedReadings() {
        RollupWindow province = RollupWindow.province(List.of(a, b, c));

        assertThat(province.communes()).isEqualTo(3);
        assertThat(province.readings()).isEqualTo(4);
        assertThat(province.devicesReporting()).isEqualTo(4);
        assertThat(province.devicesRegistered()).isEqualTo(10);
        assertThat(province.expectedReadings()).isEqualTo(10.0);
        // 4 / 10; the unweighted mean of 0.75, 1 and 0 would be 0.5833
        assertThat(province.completeness()).isEqualTo(0.4);
    }

    @Test
    void theProvincesStatisticsRunOverEveryReading() {
        RollupWindow province = RollupWindow.province(List.of(a, b, c));

        assertThat(province.stats().min).isEqualTo(2.0);
        assertThat(province.stats().max).isEqualTo(10.0);
        // 22 / 4 readings; the mean of the commune means would be (4 + 10) / 2 = 7
        assertThat(province.stats().mean()).isEqualTo(5.5);
    }

    @Test
    void mergeOrderDoesNotMatter() {
        RollupWindow abThenC = RollupWindow.merge(RollupWindow.merge(a, b), c);
        RollupWindow aThenBc = RollupWindow.merge(a, RollupWindow.merge(b, c));

        assertThat(abThenC).isEqualTo(aThenBc).isEqualTo(RollupWindow.province(List.of(c, a, b)));
        assertThat(RollupWindow.merge(a, b)).isEqualTo(RollupWindow.merge(b, a));
    }

    @Test
    void aProvinceWithoutCommunesIsEmpty() {
        RollupWindow none = RollupWindow.province(List.of());

        assertThat(none.communes()).isZero();
        assertThat(none.readings()).isZero();
        assertThat(none.completeness()).isNaN();
    }

    @Test
    void mergeLeavesItsArgumentsUnchanged() {
        RollupWindow.merge(a, b);

        assertThat(a.readings()).isEqualTo(3);
        assertThat(a.stats().max).isEqualTo(6.0);
    }
}
