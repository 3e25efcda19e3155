package org.iocstream.jobs.telemetry;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.types.Either;
import org.apache.flink.util.CloseableIterator;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.Reading;

/** What the pipeline's MiniCluster tests share: deterministic event time, discarded outputs, collected results. */
final class PipelineTestSupport {

    private PipelineTestSupport() {
    }

    /** Event time moves with every reading (to just before it), never with the wall clock. */
    static WatermarkStrategy<Either<DeadLetter, Reading>> watermarkAfterEveryReading() {
        return WatermarkStrategy.<Either<DeadLetter, Reading>>forGenerator(context -> new WatermarkGenerator<>() {
            private long newest = Long.MIN_VALUE;

            @Override
            public void onEvent(Either<DeadLetter, Reading> input, long eventTime, WatermarkOutput output) {
                if (eventTime > newest) {
                    newest = eventTime;
                    output.emitWatermark(new Watermark(newest - 1));
                }
            }

            @Override
            public void onPeriodicEmit(WatermarkOutput output) {
            }
        }).withTimestampAssigner(TelemetryPipeline::eventTime);
    }

    /** The input as a bounded source, in order within each split. */
    static DataGeneratorSource<Either<DeadLetter, Reading>> sourceOf(StreamExecutionEnvironment env,
            List<Either<DeadLetter, Reading>> input) {
        return new DataGeneratorSource<>(new FromElementsGeneratorFunction<>(TelemetryInput.TYPE, env.getConfig(),
                input), input.size(), RateLimiterStrategy.noOp(), TelemetryInput.TYPE);
    }

    static <T> void discard(DataStream<T> stream) {
        stream.sinkTo(new DiscardingSink<>());
    }

    /** Everything a bounded job's collected output holds, once the job has ended. */
    static <T> List<T> drain(CloseableIterator<T> iterator) throws Exception {
        List<T> items = new ArrayList<>();
        try (iterator) {
            iterator.forEachRemaining(items::add);
        }
        return items;
    }
}
