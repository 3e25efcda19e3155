package org.iocstream.jobs.telemetry;

import java.time.Duration;
import java.util.Collections;
import java.util.function.Consumer;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.WindowAggregate;

/**
 * The one telemetry pipeline: live runs, replay and tests all assemble it here, from a source and sinks they
 * pass in. It defines topology only: it reads no configuration and never calls execute.
 *
 * <pre>
 * source (Reading | undecodable) -> event-time watermarks (bounded disorder, idleness)
 *   -> numeric readings keyed by (device, metric) -> dedupe by (device, metric, time)
 *   -> tumbling windows, one per configured size; a late reading within the allowed lateness fires its window
 *      again with the reading counted, and the sink's upsert rewrites the row
 *   -> WindowAggregate (count, min, max, sum, mean, first, last)             -> aggregates sink
 *   undecodable records and readings past the allowed lateness -> DeadLetter -> dead-letter sink
 * </pre>
 */
public final class TelemetryPipeline {

    private static final OutputTag<DeadLetter> UNDECODABLE =
            new OutputTag<>("undecodable", new AvroTypeInfo<>(DeadLetter.class));

    private TelemetryPipeline() {
    }

    /** Where the pipeline's results go. */
    public record Sinks(Consumer<DataStream<WindowAggregate>> aggregates, Consumer<DataStream<DeadLetter>> deadLetters) {
    }

    /**
     * The event-time strategy of live runs: watermarks trail the newest reading by the allowed disorder, and a
     * partition without data for the idleness timeout stops holding them back.
     */
    public static WatermarkStrategy<Either<DeadLetter, Reading>> watermarks(TelemetryPipelineOptions options) {
        return WatermarkStrategy
                .<Either<DeadLetter, Reading>>forBoundedOutOfOrderness(options.maxOutOfOrderness())
                .withTimestampAssigner(TelemetryPipeline::eventTime)
                .withIdleness(options.sourceIdleness());
    }

    /** A reading's measurement time; an undecodable record has none, and MIN_VALUE never moves a watermark. */
    public static long eventTime(Either<DeadLetter, Reading> input, long recordTimestamp) {
        return input.isRight() ? input.right().getTime().toEpochMilli() : Long.MIN_VALUE;
    }

    public static void build(StreamExecutionEnvironment env, Source<Either<DeadLetter, Reading>, ?, ?> source,
            WatermarkStrategy<Either<DeadLetter, Reading>> watermarks, TelemetryPipelineOptions options, Sinks sinks) {
        SingleOutputStreamOperator<Reading> readings = env
                .fromSource(source, watermarks, "telemetry-source", TelemetryInput.TYPE)
                .uid("telemetry-source")
                .process(new SplitUndecodable())
                .uid("split-undecodable")
                .name("split-undecodable");

        // a reading's identity is kept until every window it belongs to is closed for good, so that a copy arriving
        // later goes to the late side output instead of being counted twice
        Duration retention = options.maxOutOfOrderness().plus(Collections.max(options.windowSizes()))
                .plus(options.allowedLateness());
        KeyedStream<Reading, SeriesKey> bySeries = DataStreamUtils.reinterpretAsKeyedStream(readings
                .filter(reading -> reading.getValue() != null)
                .name("numeric-readings")
                .keyBy(SeriesKey::of)
                .process(new DeduplicateReadingsFunction(retention))
                .uid("dedupe")
                .name("dedupe"), SeriesKey::of);

        DataStream<WindowAggregate> aggregates = null;
        DataStream<DeadLetter> deadLetters = readings.getSideOutput(UNDECODABLE);
        for (Duration size : options.windowSizes()) {
            String name = "window-" + size.toSeconds() + "s";
            OutputTag<Reading> late = new OutputTag<>("late-" + name, new AvroTypeInfo<>(Reading.class));
            SingleOutputStreamOperator<WindowAggregate> windowed = bySeries
                    .window(TumblingEventTimeWindows.of(size))
                    .allowedLateness(options.allowedLateness())
                    .sideOutputLateData(late)
                    .aggregate(new WindowStatsAggregateFunction(), new ToWindowAggregateFunction())
                    .uid(name)
                    .name(name);
            aggregates = aggregates == null ? windowed : aggregates.union(windowed);
            deadLetters = deadLetters.union(windowed.getSideOutput(late)
                    .map(new LateReadingFunction(size))
                    .returns(new AvroTypeInfo<>(DeadLetter.class))
                    .name("late-" + name));
        }
        sinks.aggregates().accept(aggregates);
        sinks.deadLetters().accept(deadLetters);
    }

    /** Readings continue downstream; dead letters from the source go to a side output. */
    private static final class SplitUndecodable extends ProcessFunction<Either<DeadLetter, Reading>, Reading> {
        @Override
        public void processElement(Either<DeadLetter, Reading> input, Context ctx, Collector<Reading> out) {
            if (input.isRight()) {
                out.collect(input.right());
            } else {
                ctx.output(UNDECODABLE, input.left());
            }
        }
    }
}
