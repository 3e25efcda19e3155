package org.iocstream.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.flink.types.PojoTestUtils;
import org.iocstream.jobs.window.WindowStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CommuneWindowAccumulatorTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void countsReadingsDevicesAndCompletenessOfAHandCheckedMinute() {
        // 4 street lights every 60 s; 3 report their power once, the 4th is silent
        RollupWindow window = new CommuneWindowAccumulator()
                .add("16681-LGT-0002", 0, 100.5)
                .add("16681-LGT-0001", 0, 61)
                .add("16681-LGT-0003", 0, 1)
                .result(ReportingDevices.of(60, 4), MINUTE);

        assertThat(window.readings()).isEqualTo(3);
        assertThat(window.devicesReporting()).isEqualTo(3);
        assertThat(window.devicesRegistered()).isEqualTo(4);
        assertThat(window.expectedReadings()).isEqualTo(4.0);
        assertThat(window.completeness()).isEqualTo(0.75);
        assertThat(window.stats().min).isEqualTo(1.0);
        assertThat(window.stats().max).isEqualTo(100.5);
        assertThat(window.stats().mean()).isEqualTo(162.5 / 3);
        assertThat(window.communes()).isEqualTo(1);
    }

    @Test
    void completenessIsNotCappedSoAnExtraReportCanMaskASilentDevice() {
        // 4 speakers every 60 s: one also reports on change, one is silent: 4 of 4 expected, from 3 devices
        RollupWindow window = new CommuneWindowAccumulator()
                .add("16681-SPK-0001", 0, 1)
                .add("16681-SPK-0001", 30_000, 0)
                .add("16681-SPK-0002", 0, 1)
                .add("16681-SPK-0003", 0, 1)
                .add("16681-SPK-0003", 10_000, 0)
                .result(ReportingDevices.of(60, 4), MINUTE);

        assertThat(window.completeness()).isEqualTo(1.25);
        assertThat(window.devicesReporting()).isEqualTo(3);
    }

    @Test
    void slowDevicesNeedAWindowAsLongAsTheirInterval() {
        // 3 agriculture sensors every 300 s all report in the same minute: 3 / 0.6 in it, 3 / 3 over 5 minutes
        CommuneWindowAccumulator reportingMinute = new CommuneWindowAccumulator()
                .add("16681-AGR-0001", 0, 31).add("16681-AGR-0002", 0, 28).add("16681-AGR-0003", 0, 40);

        assertThat(reportingMinute.result(ReportingDevices.of(300, 3), MINUTE).completeness()).isEqualTo(5.0);
        assertThat(new CommuneWindowAccumulator().result(ReportingDevices.of(300, 3), MINUTE).completeness()).isZero();
        assertThat(reportingMinute.result(ReportingDevices.of(300, 3), Duration.ofMinutes(5)).completeness())
                .isEqualTo(1.0);
    }

    @Test
    void aWindowWithoutReadingsIsZeroCompleteAndHasNoMean() {
        RollupWindow window = new CommuneWindowAccumulator().result(ReportingDevices.of(10, 4), MINUTE);

        assertThat(window.readings()).isZero();
        assertThat(window.devicesReporting()).isZero();
        assertThat(window.expectedReadings()).isEqualTo(24.0);
        assertThat(window.completeness()).isZero();
        assertThat(window.stats().mean()).isNaN();
    }

    @Test
    void aCommuneWithoutDevicesOfTheKindHasNoCompleteness() {
        RollupWindow silent = new CommuneWindowAccumulator().result(ReportingDevices.none(), MINUTE);
        // readings from a device the registry does not list yet still count, but against nothing
        RollupWindow unregistered = new CommuneWindowAccumulator().add("16681-CAM-0009", 0, 1)
                .result(ReportingDevices.none(), MINUTE);

        assertThat(silent.completeness()).isNaN();
        assertThat(unregistered.completeness()).isNaN();
        assertThat(unregistered.readings()).isEqualTo(1);
        assertThat(unregistered.devicesReporting()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 42, 2025})
    void mergeIsAssociativeAndCommutativeAndEqualsAddingEverything(long seed) {
        Random random = new Random(seed);
        List<Object[]> readings = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            // quarter steps keep every sum exact; 8 devices, so the parts share devices
            readings.add(new Object[] {"16681-CAM-000" + random.nextInt(8), (long) random.nextInt(60_000),
                random.nextInt(4000) / 4.0});
        }
        RollupWindow all = fold(readings);

        Collections.shuffle(readings, random);
        CommuneWindowAccumulator a = accumulate(readings.subList(0, 13));
        CommuneWindowAccumulator b = accumulate(readings.subList(13, 40));
        CommuneWindowAccumulator c = accumulate(readings.subList(40, 60));

        RollupWindow left = result(CommuneWindowAccumulator.merge(CommuneWindowAccumulator.merge(a, b), c));
        RollupWindow right = result(CommuneWindowAccumulator.merge(a, CommuneWindowAccumulator.merge(b, c)));
        assertThat(left).isEqualTo(right).isEqualTo(all);
        assertThat(result(CommuneWindowAccumulator.merge(a, b)))
                .isEqualTo(result(CommuneWindowAccumulator.merge(b, a)));
        assertThat(all.devicesReporting()).isEqualTo(8);
    }

    @Test
    void anEmptyAccumulatorIsTheIdentityOfMerge() {
        CommuneWindowAccumulator some = new CommuneWindowAccumulator().add("d1", 5, 1.5).add("d2", 6, 2);
        CommuneWindowAccumulator empty = new CommuneWindowAccumulator();

        assertThat(result(CommuneWindowAccumulator.merge(empty, some))).isEqualTo(result(some));
        assertThat(result(CommuneWindowAccumulator.merge(some, empty))).isEqualTo(result(some));
    }

    @Test
    void mergeAndResultLeaveTheirArgumentsUnchanged() {
        CommuneWindowAccumulator a = new CommuneWindowAccumulator().add("d1", 1, 1);
        CommuneWindowAccumulator b = new CommuneWindowAccumulator().add("d2", 2, 2);

        CommuneWindowAccumulator.merge(a, b);
        a.result(ReportingDevices.of(60, 2), MINUTE).stats().add(3, 3);

        assertThat(a.devices).containsExactly("d1");
        assertThat(a.stats).isEqualTo(new WindowStats().add(1, 1));
        assertThat(b.devices).containsExactly("d2");
    }

    @Test
    void flinkKeepsItAsAPojoWithoutKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CommuneWindowAccumulator.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(MinuteShare.class);
    }

    private static RollupWindow fold(List<Object[]> readings) {
        return result(accumulate(readings));
    }

    private static CommuneWindowAccumulator accumulate(List<Object[]> readings) {
        CommuneWindowAccumulator accumulator = new CommuneWindowAccumulator();
        readings.forEach(r -> accumulator.add((String) r[0], (long) r[1], (double) r[2]));
        return accumulator;
    }

    private static RollupWindow result(CommuneWindowAccumulator accumulator) {
        return accumulator.result(ReportingDevices.of(10, 8), MINUTE);
    }
}
