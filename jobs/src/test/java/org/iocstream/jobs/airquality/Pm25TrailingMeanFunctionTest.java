package org.iocstream.jobs.airquality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.iocstream.schemas.Reading;
import org.junit.jupiter.api.Test;

/**
 * The PM2.5 24-h mean operator exactly as {@link AirQuality#addTo} wires it ({@code aqi-pm25-24h}, taken from the
 * graph), under Flink's operator harness, fed hourly means as the hour windows send them. Expected values by hand.
 */
class Pm25TrailingMeanFunctionTest {

    private static final long HOUR = 3_600_000L;
    /** Local midnight of 5 Jan 2026 in Asia/Ho_Chi_Minh (UTC+7). */
    private static final long DAY = Instant.parse("2026-01-04T17:00:00Z").toEpochMilli();
    private static final Duration LATENESS = Duration.ofMinutes(10);
    private static final long L = LATENESS.toMillis();
    private static final String STATION = "16681-ENV-0001";

    /**
     * Hours 0-19 at 40 µg/m³ and 20-24 at 70, with an ozone mean every hour that changes nothing: no value before
     * the 18th hour (17); 40 for hours 17-19; hour 20 (20 × 40 + 70) / 21 = 870 / 21; hour 21 940 / 22; hour 22
     * 1010 / 23; hour 23 (20 × 40 + 4 × 70) / 24 = 1080 / 24 = 45; hour 24 drops hour 0: (19 × 40 + 5 × 70) / 24 =
     * 1110 / 24 = 46.25.
     */
    @Test
    void eachHourGetsTheMeanOfItsLast24HoursOnceItHas18AndEachReadingIsStampedAtItsHoursStart() throws Exception {
        try (var harness = harness(LATENESS)) {
            harness.open();
            for (int i = 0; i <= 24; i++) {
                long hour = DAY + i * HOUR;
                send(harness, mean("pm2_5", hour, i < 20 ? 40 : 70));
                send(harness, mean("o3", hour, 500));
                harness.processWatermark(hour + HOUR - 2);
                assertThat(harness.extractOutputValues()).noneMatch(r -> r.getTime().toEpochMilli() == hour);
                harness.processWatermark(hour + HOUR - 1);
            }

            List<Reading> out = harness.extractOutputValues();
            assertThat(out).extracting(r -> (r.getTime().toEpochMilli() - DAY) / HOUR)
                    .containsExactly(17L, 18L, 19L, 20L, 21L, 22L, 23L, 24L);
            assertThat(out).extracting(Reading::getValue)
                    .containsExactly(40.0, 40.0, 40.0, 870.0 / 21, 940.0 / 22, 1010.0 / 23, 45.0, 46.25);
            Reading last = out.get(7);
            assertThat(last.getDeviceId()).isEqualTo(STATION);
            assertThat(last.getMetric()).isEqualTo("pm25_24h");
            assertThat(last.getUnit()).isEqualTo("ug/m3");
            assertThat(last.getTime()).isEqualTo(Instant.ofEpochMilli(DAY + 24 * HOUR));
            assertThat(last.getIngestTime()).isEqualTo(Instant.ofEpochMilli(DAY + 25 * HOUR));
            assertThat(last.getCommune()).isEqualTo("16681");
            assertThat(last.getGateway()).isEqualTo("gw-01");
            assertThat(last.getKind()).isEqualTo("ENV");
            assertThat(last.getIngestProtocol()).isEqualTo("job");

            // hour 25 has no mean of its own: no value, though 23 of its 24 hours have one
            harness.processWatermark(DAY + 26 * HOUR - 1);
            assertThat(harness.extractOutputValues()).hasSize(8);
        }
    }

    /**
     * Hours 0-16 and 18 at 40, hour 17 missing: hour 18 has 18 means (40); hour 17 is not computed. Hour 17's window
     * then fires late with 58 (a lateness of 2 h): hour 17 gets (17 × 40 + 58) / 18 = 738 / 18 = 41, and hour 18,
     * already emitted, is emitted again as (18 × 40 + 58) / 19 = 778 / 19. The same mean once more emits nothing.
     */
    @Test
    void aLateHourEmitsItselfAndTheLaterHoursAlreadyEmittedAgainAndAnUnchangedOneNothing() throws Exception {
        try (var harness = harness(Duration.ofHours(2))) {
            harness.open();
            for (int i = 0; i <= 18; i++) {
                long hour = DAY + i * HOUR;
                if (i != 17) {
                    send(harness, mean("pm2_5", hour, 40));
                }
                harness.processWatermark(hour + HOUR - 1);
            }
            assertThat(harness.extractOutputValues()).extracting(r -> (r.getTime().toEpochMilli() - DAY) / HOUR + "="
                    + r.getValue()).containsExactly("18=40.0");

            harness.processWatermark(DAY + 19 * HOUR + 30 * 60_000);
            send(harness, mean("pm2_5", DAY + 17 * HOUR, 58));
            harness.processWatermark(DAY + 19 * HOUR + 30 * 60_000 + 1);
            assertThat(harness.extractOutputValues()).extracting(r -> (r.getTime().toEpochMilli() - DAY) / HOUR + "="
                    + r.getValue()).containsExactly("18=40.0", "17=41.0", "18=" + 778.0 / 19);

            send(harness, mean("pm2_5", DAY + 17 * HOUR, 58));
            harness.processWatermark(DAY + 19 * HOUR + 40 * 60_000);
            assertThat(harness.extractOutputValues()).hasSize(3);
        }
    }

    /**
     * An hour is kept until its last use can no longer change: the end of the 23rd hour after it + the lateness.
     * Hour 0 is dropped at 24 h − 1 ms + 10 min and not 1 ms before; the last hour with a mean, 5, at
     * 29 h − 1 ms + 10 min, and then nothing is left.
     */
    @Test
    void eachHourIsDroppedOnceNo24HourMeanThatUsesItCanChangeAndThenNoStateIsLeft() throws Exception {
        try (var harness = harness(LATENESS)) {
            harness.open();
            for (int i = 0; i <= 5; i++) {
                send(harness, mean("pm2_5", DAY + i * HOUR, 40));
            }
            harness.processWatermark(DAY + 6 * HOUR - 1);
            assertThat(harness.extractOutputValues()).isEmpty(); // 6 hours: no mean yet

            harness.processWatermark(DAY + 24 * HOUR - 1 + L - 1);
            assertThat(keptHours(harness)).containsExactly(0L, 1L, 2L, 3L, 4L, 5L);
            harness.processWatermark(DAY + 24 * HOUR - 1 + L); // hour 0's last use is final
            assertThat(keptHours(harness)).containsExactly(1L, 2L, 3L, 4L, 5L);

            harness.processWatermark(DAY + 29 * HOUR - 1 + L - 1);
            assertThat(harness.numKeyedStateEntries()).isPositive();
            harness.processWatermark(DAY + 29 * HOUR - 1 + L);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    /** The hours (from DAY) whose means the operator keeps for the station. */
    private static List<Long> keptHours(KeyedOneInputStreamOperatorTestHarness<String, HourlyMean, Reading> harness)
            throws Exception {
        KeyedStateBackend<String> backend = harness.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(STATION);
        MapState<Long, HourlyMean> hours = backend.getPartitionedState(VoidNamespace.INSTANCE,
                VoidNamespaceSerializer.INSTANCE, new MapStateDescriptor<>("pm25-hourly-means", Types.LONG,
                        TypeInformation.of(HourlyMean.class)));
        List<Long> kept = new ArrayList<>();
        for (Long hourStart : hours.keys()) {
            kept.add((hourStart - DAY) / HOUR);
        }
        Collections.sort(kept);
        return kept;
    }

    private static HourlyMean mean(String metric, long hourStart, double mean) {
        return new HourlyMean(STATION, metric, hourStart, mean, 60, "16681", "gw-01", "ENV");
    }

    /** As the window sends it: stamped with the hour's last millisecond. */
    private static void send(KeyedOneInputStreamOperatorTestHarness<?, HourlyMean, ?> harness, HourlyMean mean)
            throws Exception {
        harness.processElement(new StreamRecord<>(mean, mean.hourStart + HOUR - 1));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, HourlyMean, Reading> harness(Duration lateness)
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(operator(lateness), HourlyMean::station, Types.STRING);
    }

    @SuppressWarnings("unchecked")
    private static StreamOperatorFactory<Reading> operator(Duration lateness) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        Reading reading = Reading.newBuilder().setDeviceId(STATION).setMetric("pm2_5")
                .setTime(Instant.ofEpochMilli(DAY)).setValue(1.0).setUnit("ug/m3").setCommune("16681")
                .setGateway("gw-01").setIngestProtocol("mqtt").setIngestTime(Instant.ofEpochMilli(DAY)).setKind("ENV")
                .build();
        AirQuality.addTo(env.fromData(new AvroTypeInfo<>(Reading.class), reading), lateness);
        for (Transformation<?> transformation : env.getTransformations()) {
            if ("aqi-pm25-24h".equals(transformation.getUid())) {
                return ((OneInputTransformation<?, Reading>) transformation).getOperatorFactory();
            }
        }
        throw new AssertionError("no operator with uid aqi-pm25-24h");
    }
}
