package org.iocstream.jobs.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.ExecutionConfig;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.operators.OneInputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.streaming.api.windowing.triggers.EventTimeTrigger;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.streaming.runtime.operators.windowing.WindowOperatorBuilder;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.OutputTag;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.WindowAggregate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The pipeline's window operator as {@link TelemetryPipeline} configures it (tumbling event-time window, allowed
 * lateness, late side output, {@link WindowStatsAggregateFunction} and {@link ToWindowAggregateFunction}): a late
 * reading within the lateness fires its window again with everything counted, a reading past it goes to the
 * side output, and nothing of the window is left once its lateness has passed.
 */
class LateWindowUpdateTest {

    private static final Instant T0 = Instant.parse("2026-11-29T01:00:00Z");
    private static final Duration SIZE = Duration.ofMinutes(1);
    private static final Duration LATENESS = Duration.ofMinutes(2);
    private static final OutputTag<Reading> LATE = new OutputTag<>("late", new AvroTypeInfo<>(Reading.class));

    private KeyedOneInputStreamOperatorTestHarness<SeriesKey, Reading, WindowAggregate> harness;

    @BeforeEach
    void open() throws Exception {
        WindowOperatorBuilder<Reading, SeriesKey, TimeWindow> builder = new WindowOperatorBuilder<>(
                TumblingEventTimeWindows.of(SIZE), EventTimeTrigger.create(), new ExecutionConfig(),
                new AvroTypeInfo<>(Reading.class), SeriesKey::of, TypeInformation.of(SeriesKey.class));
        builder.allowedLateness(LATENESS);
        builder.sideOutputLateData(LATE);
        OneInputStreamOperator<Reading, WindowAggregate> operator = builder.aggregate(
                new WindowStatsAggregateFunction(), new ToWindowAggregateFunction(),
                TypeInformation.of(SeriesAccumulator.class));
        harness = new KeyedOneInputStreamOperatorTestHarness<>(operator, SeriesKey::of,
                TypeInformation.of(SeriesKey.class));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(long seconds, double value) throws Exception {
        Reading reading = Reading.newBuilder().setDeviceId("16681-ENV-0001").setMetric("pm2_5")
                .setTime(T0.plusSeconds(seconds)).setValue(value).setUnit("ug/m3").setCommune("16681")
                .setGateway("gw-01").setIngestProtocol("mqtt").setIngestTime(T0.plusSeconds(seconds)).setKind("ENV")
                .build();
        harness.processElement(new StreamRecord<>(reading, reading.getTime().toEpochMilli()));
    }

    private void watermark(Instant at) throws Exception {
        harness.processWatermark(at.toEpochMilli());
    }

    @Test
    void aLateReadingWithinTheLatenessFiresItsWindowAgainWithEveryReadingCounted() throws Exception {
        send(0, 10);
        send(30, 20);
        watermark(T0.plus(SIZE)); // the window [0, 60 s) fires
        send(15, 60); // late, but within the lateness

        assertThat(harness.extractOutputValues()).extracting(w -> w.getWindowStart() + " n=" + w.getCount()
                        + " sum=" + w.getSum() + " max=" + w.getMax() + " first=" + w.getFirst() + " last=" + w.getLast()
                        + " kind=" + w.getKind())
                .containsExactly(
                        T0 + " n=2 sum=30.0 max=20.0 first=10.0 last=20.0 kind=ENV",
                        T0 + " n=3 sum=90.0 max=60.0 first=10.0 last=20.0 kind=ENV");
        assertThat(harness.getSideOutput(LATE)).isNull();
    }

    @Test
    void aReadingPastTheLatenessGoesToTheSideOutputAndTheWindowLeavesNoState() throws Exception {
        send(0, 10);
        watermark(T0.plus(SIZE));
        assertThat(harness.numKeyedStateEntries()).as("window contents kept for late readings").isPositive();

        // the window is closed for good once event time reaches its last instant plus the lateness
        watermark(T0.plus(SIZE).plus(LATENESS).minusMillis(1));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        send(45, 99);
        ConcurrentLinkedQueue<StreamRecord<Reading>> late = harness.getSideOutput(LATE);
        assertThat(late).extracting(record -> record.getValue().getValue()).containsExactly(99.0);
        List<WindowAggregate> out = harness.extractOutputValues();
        assertThat(out).extracting(WindowAggregate::getCount).containsExactly(1L);
    }
}
