package org.iocstream.jobs.commune;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.iocstream.jobs.window.WindowStats;
import org.iocstream.schemas.DeviceInfo;
import org.iocstream.schemas.Reading;
import org.junit.jupiter.api.Test;

/**
 * The two window operators exactly as {@link CommuneRollup#addTo} wires them (taken from the graph by uid), under
 * Flink's operator harness: output, a late reading within the lateness, a reading after it, and cleanup.
 */
class CommuneRollupTest {

    private static final Instant T0 = Instant.parse("2025-11-25T01:00:00Z");
    private static final Duration LATENESS = Duration.ofMinutes(2);
    private static final OutputTag<Reading> LATE = new OutputTag<>("late-rollup", new AvroTypeInfo<>(Reading.class));

    @Test
    void aCommuneWindowFiresAtItsEndAndALateReadingWithinTheLatenessRewritesItInFull() throws Exception {
        try (var harness = communeWindowHarness()) {
            harness.open();
            send(harness, reading("16681-LGT-0001", 0, 100.5));
            send(harness, reading("16681-LGT-0002", 0, 61));
            send(harness, reading("16681-LGT-0003", 20, 1));
            send(harness, reading("16681-LGT-0001", 60, 7));     // the next minute
            harness.processWatermark(T0.plusSeconds(60).toEpochMilli() - 1);

            assertThat(harness.extractOutputValues()).singleElement().satisfies(row -> {
                assertThat(row.area).isEqualTo("16681");
                assertThat(row.kind).isEqualTo("LGT");
                assertThat(row.metric).isEqualTo("power");
                assertThat(row.unit).isEqualTo("W");
                assertThat(row.windowStart).isEqualTo(T0.toEpochMilli());
                assertThat(row.windowEnd).isEqualTo(T0.plusSeconds(60).toEpochMilli());
                assertThat(row.stats.count).isEqualTo(3);
                assertThat(row.stats.min).isEqualTo(1.0);
                assertThat(row.stats.max).isEqualTo(100.5);
                assertThat(row.stats.sum).isEqualTo(162.5);
                assertThat(row.devicesReporting).isEqualTo(3);
                assertThat(row.communes).isEqualTo(1);
            });

            // 30 s after the window's end, within the 2 min lateness: the whole window again, not a delta
            harness.processWatermark(T0.plusSeconds(90).toEpochMilli());
            send(harness, reading("16681-LGT-0004", 40, 150));

            List<AreaWindow> rows = harness.extractOutputValues();
            assertThat(rows).hasSize(2); // the next minute has not ended yet
            AreaWindow rewritten = rows.get(1);
            assertThat(rewritten.windowStart).isEqualTo(T0.toEpochMilli());
            assertThat(rewritten.stats.count).isEqualTo(4);
            assertThat(rewritten.stats.sum).isEqualTo(312.5);
            assertThat(rewritten.stats.max).isEqualTo(150.0);
            assertThat(rewritten.devicesReporting).isEqualTo(4);
            assertThat(harness.getSideOutput(LATE)).isNull();
        }
    }

    @Test
    void aReadingAfterTheLatenessGoesToTheSideOutputAndTheWindowLeavesNoState() throws Exception {
        try (var harness = communeWindowHarness()) {
            harness.open();
            send(harness, reading("16681-LGT-0001", 0, 100.5));
            harness.processWatermark(T0.plusSeconds(60).toEpochMilli() - 1);
            assertThat(harness.numKeyedStateEntries()).isPositive();

            // the window [T0, T0+60 s) is kept until its last millisecond + 2 min
            harness.processWatermark(T0.plusSeconds(60).plus(LATENESS).toEpochMilli() - 2);
            assertThat(harness.numKeyedStateEntries()).isPositive();
            harness.processWatermark(T0.plusSeconds(60).plus(LATENESS).toEpochMilli() - 1);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();

            send(harness, reading("16681-LGT-0002", 30, 61));

            assertThat(harness.getSideOutput(LATE)).extracting(r -> r.getValue().getDeviceId())
                    .containsExactly("16681-LGT-0002");
            assertThat(harness.extractOutputValues()).hasSize(1);
            assertThat(harness.numKeyedStateEntries()).isZero();
        }
    }

    @Test
    void theProvinceWindowReplacesARefiredCommuneRowInsteadOfAddingIt() throws Exception {
        try (var harness = provinceWindowHarness()) {
            harness.open();
            long lastMilli = T0.plusSeconds(60).toEpochMilli() - 1;
            // 16681: 3 readings 1, 61, 100.5 from 3 lamps; 16682: 2 readings 20, 40 from 1 lamp
            sendWindow(harness, communeRow("16681", 3, stats(1, 61, 100.5)), lastMilli);
            sendWindow(harness, communeRow("16682", 1, stats(20, 40)), lastMilli);
            harness.processWatermark(lastMilli);

            assertThat(harness.extractOutputValues()).singleElement().satisfies(row -> {
                assertThat(row.area).isEqualTo("40");
                assertThat(row.kind).isEqualTo("LGT");
                assertThat(row.metric).isEqualTo("power");
                assertThat(row.unit).isEqualTo("W");
                assertThat(row.stats.count).isEqualTo(5);
                assertThat(row.stats.min).isEqualTo(1.0);
                assertThat(row.stats.max).isEqualTo(100.5);
                assertThat(row.stats.sum).isEqualTo(222.5);
                assertThat(row.devicesReporting).isEqualTo(4);
                assertThat(row.communes).isEqualTo(2);
            });

            // 16681 re-fired with a 4th lamp's 150: replaces its 3 readings, so 6 readings and not 9
            harness.processWatermark(lastMilli + 30_000);
            sendWindow(harness, communeRow("16681", 4, stats(1, 61, 100.5, 150)), lastMilli);

            List<AreaWindow> rows = harness.extractOutputValues();
            assertThat(rows).hasSize(2);
            AreaWindow rewritten = rows.get(1);
            assertThat(rewritten.windowStart).isEqualTo(T0.toEpochMilli());
            assertThat(rewritten.stats.count).isEqualTo(6);
            assertThat(rewritten.stats.sum).isEqualTo(372.5);
            assertThat(rewritten.stats.max).isEqualTo(150.0);
            assertThat(rewritten.devicesReporting).isEqualTo(5);
            assertThat(rewritten.communes).isEqualTo(2);

            harness.processWatermark(lastMilli + LATENESS.toMillis());
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<CommuneSeriesKey, Reading, AreaWindow> communeWindowHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(operator("commune-window-60s"), CommuneSeriesKey::of,
                TypeInformation.of(CommuneSeriesKey.class));
    }

    private static KeyedOneInputStreamOperatorTestHarness<KindMetricKey, AreaWindow, AreaWindow> provinceWindowHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(operator("province-window-60s"), KindMetricKey::of,
                TypeInformation.of(KindMetricKey.class));
    }

    @SuppressWarnings("unchecked")
    private static <OUT> StreamOperatorFactory<OUT> operator(String uid) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        CommuneRollup.addTo(
                env.fromData(new AvroTypeInfo<>(Reading.class), reading("16681-LGT-0001", 0, 1)),
                env.fromData(new AvroTypeInfo<>(DeviceInfo.class), DeviceInfo.newBuilder().setDeviceId("16681-LGT-0001")
                        .setKind("LGT").setCommune("16681").setGateway("gw-01").setUpdatedAt(T0).build()),
                LATENESS, LATE);
        for (Transformation<?> transformation : env.getTransformations()) {
            if (uid.equals(transformation.getUid())) {
                return (StreamOperatorFactory<OUT>) ((OneInputTransformation<?, OUT>) transformation).getOperatorFactory();
            }
        }
        throw new AssertionError("no operator with uid " + uid);
    }

    private static Reading reading(String device, long seconds, double value) {
        return Reading.newBuilder().setDeviceId(device).setMetric("power").setTime(T0.plusSeconds(seconds))
                .setValue(value).setUnit("W").setCommune("16681").setGateway("gw-01").setIngestProtocol("mqtt")
                .setIngestTime(T0.plusSeconds(seconds)).setKind("LGT").build();
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<?, Reading, ?> harness, Reading reading)
            throws Exception {
        harness.processElement(new StreamRecord<>(reading, reading.getTime().toEpochMilli()));
    }

    private static void sendWindow(KeyedOneInputStreamOperatorTestHarness<?, AreaWindow, ?> harness,
            AreaWindow window, long timestamp) throws Exception {
        harness.processElement(new StreamRecord<>(window, timestamp));
    }

    private static AreaWindow communeRow(String commune, long devices, WindowStats stats) {
        return new AreaWindow(commune, "LGT", "power", "W", T0.toEpochMilli(), T0.plusSeconds(60).toEpochMilli(),
                stats, devices, 1);
    }

    private static WindowStats stats(double... values) {
        WindowStats stats = new WindowStats();
        for (int i = 0; i < values.length; i++) {
            stats.add(T0.toEpochMilli() * 1000 + i, values[i]);
        }
        return stats;
    }
}
