package org.iocstream.jobs.commune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import org.apache.flink.streaming.util.BroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.iocstream.jobs.window.WindowStats;
import org.iocstream.schemas.CommuneAggregate;
import org.iocstream.schemas.DeviceInfo;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RegisteredDevicesFunctionTest {

    private static final Instant T0 = Instant.parse("2025-11-25T01:00:00Z");

    private BroadcastOperatorTestHarness<AreaWindow, DeviceInfo, CommuneAggregate> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forBroadcastProcessFunction(new RegisteredDevicesFunction(),
                RegisteredDevicesFunction.DEVICES, RegisteredDevicesFunction.COUNTS);
        // 16681: 4 lamps and 1 camera; 16682: 2 lamps
        for (String device : new String[] {"16681-LGT-0001", "16681-LGT-0002", "16681-LGT-0003", "16681-LGT-0004"}) {
            register(device, "LGT", "16681");
        }
        register("16681-CAM-0001", "CAM", "16681");
        register("16682-LGT-0001", "LGT", "16682");
        register("16682-LGT-0002", "LGT", "16682");
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aCommuneRowGetsItsRegisteredDevicesExpectedReadingsAndCompleteness() throws Exception {
        process(window("16681", "LGT", 3, 3, stats(1, 61, 100.5)));

        assertThat(harness.extractOutputValues()).singleElement().satisfies(row -> {
            assertThat(row.getCommune()).isEqualTo("16681");
            assertThat(row.getKind()).isEqualTo("LGT");
            assertThat(row.getMetric()).isEqualTo("power");
            assertThat(row.getUnit()).isEqualTo("W");
            assertThat(row.getWindowStart()).isEqualTo(T0);
            assertThat(row.getWindowEnd()).isEqualTo(T0.plusSeconds(60));
            assertThat(row.getCount()).isEqualTo(3);
            assertThat(row.getMin()).isEqualTo(1.0);
            assertThat(row.getMax()).isEqualTo(100.5);
            assertThat(row.getSum()).isEqualTo(162.5);
            assertThat(row.getMean()).isEqualTo(162.5 / 3);
            assertThat(row.getDevicesReporting()).isEqualTo(3);
            assertThat(row.getDevicesRegistered()).isEqualTo(4);
            assertThat(row.getExpectedReadings()).isEqualTo(4.0);   // 4 lamps × 60 s / 60 s
            assertThat(row.getCompleteness()).isEqualTo(0.75);
            assertThat(row.getCommunes()).isEqualTo(1);
        });
    }

    @Test
    void theProvinceCountsEveryRegisteredDeviceOfTheKindIncludingSilentCommunes() throws Exception {
        // only 16681 sent readings, but 16682's 2 lamps are owed too: 3 of 6, not 3 of 4
        process(window("40", "LGT", 3, 3, stats(1, 61, 100.5)));

        CommuneAggregate row = harness.extractOutputValues().get(0);
        assertThat(row.getCommune()).isEqualTo("40");
        assertThat(row.getDevicesRegistered()).isEqualTo(6);
        assertThat(row.getExpectedReadings()).isEqualTo(6.0);
        assertThat(row.getCompleteness()).isEqualTo(0.5);
    }

    @Test
    void aCameraOwesSixReadingsAMinute() throws Exception {
        // one camera, 3 of its 6 reports of the minute
        process(window("16681", "CAM", 1, 3, stats(1, 1, 0)));

        CommuneAggregate row = harness.extractOutputValues().get(0);
        assertThat(row.getExpectedReadings()).isEqualTo(6.0);
        assertThat(row.getCompleteness()).isEqualTo(0.5);
    }

    @Test
    void aDeviceThatMovesIsCountedOnlyWhereItIsNowAndAReannouncementChangesNothing() throws Exception {
        register("16682-LGT-0002", "LGT", "16681");
        register("16681-LGT-0001", "LGT", "16681");

        process(window("16681", "LGT", 3, 3, stats(1, 61, 100.5)));
        process(window("16682", "LGT", 1, 1, stats(20)));
        process(window("40", "LGT", 4, 4, stats(1, 61, 100.5, 20)));

        assertThat(harness.extractOutputValues()).extracting(CommuneAggregate::getDevicesRegistered)
                .containsExactly(5L, 1L, 6L);
    }

    @Test
    void withoutRegisteredDevicesOrAKnownIntervalCompletenessIsNull() throws Exception {
        register("16681-XYZ-0001", "XYZ", "16681");

        process(window("16683", "LGT", 1, 1, stats(20)));
        process(window("16681", "XYZ", 1, 1, stats(20)));

        assertThat(harness.extractOutputValues()).satisfiesExactly(
                unregistered -> {
                    assertThat(unregistered.getDevicesRegistered()).isZero();
                    assertThat(unregistered.getExpectedReadings()).isZero();
                    assertThat(unregistered.getCompleteness()).isNull();
                },
                unknownKind -> {
                    assertThat(unknownKind.getDevicesRegistered()).isEqualTo(1);
                    assertThat(unknownKind.getExpectedReadings()).isZero();
                    assertThat(unknownKind.getCompleteness()).isNull();
                });
    }

    @Test
    void aRefiredWindowPassesThroughAsAWholeRowAgain() throws Exception {
        process(window("16681", "LGT", 3, 3, stats(1, 61, 100.5)));
        process(window("16681", "LGT", 4, 4, stats(1, 61, 100.5, 150)));

        assertThat(harness.extractOutputValues()).extracting(CommuneAggregate::getCount,
                CommuneAggregate::getCompleteness).containsExactly(tuple(3L, 0.75), tuple(4L, 1.0));
    }

    private void register(String device, String kind, String commune) throws Exception {
        harness.processBroadcastElement(DeviceInfo.newBuilder().setDeviceId(device).setKind(kind).setCommune(commune)
                .setGateway("gw-01").setUpdatedAt(T0).build(), T0.toEpochMilli());
    }

    private void process(AreaWindow window) throws Exception {
        harness.processElement(window, window.windowEnd - 1);
    }

    private static AreaWindow window(String area, String kind, long devices, int readings, WindowStats stats) {
        assertThat(stats.count).isEqualTo(readings);
        return new AreaWindow(area, kind, kind.equals("CAM") ? "online" : "power", kind.equals("CAM") ? "1/0" : "W",
                T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli(), stats, devices, area.equals("40") ? 2 : 1);
    }

    private static WindowStats stats(double... values) {
        WindowStats stats = new WindowStats();
        for (int i = 0; i < values.length; i++) {
            stats.add(T0.toEpochMilli() * 1000 + i, values[i]);
        }
        return stats;
    }
}
