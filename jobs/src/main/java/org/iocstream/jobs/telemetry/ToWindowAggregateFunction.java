package org.iocstream.jobs.telemetry;

import java.time.Instant;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.iocstream.jobs.window.WindowStats;
import org.iocstream.schemas.WindowAggregate;

/** Turns a fired window's accumulator into the {@link WindowAggregate} record, adding the key and window bounds. */
public final class ToWindowAggregateFunction
        extends ProcessWindowFunction<SeriesAccumulator, WindowAggregate, SeriesKey, TimeWindow> {

    @Override
    public void process(SeriesKey key, Context context, Iterable<SeriesAccumulator> accumulators,
            Collector<WindowAggregate> out) {
        for (SeriesAccumulator acc : accumulators) {
            WindowStats stats = acc.stats;
            out.collect(WindowAggregate.newBuilder()
                    .setDeviceId(key.deviceId)
                    .setMetric(key.metric)
                    .setUnit(acc.unit)
                    .setCommune(acc.commune)
                    .setGateway(acc.gateway)
                    .setWindowStart(Instant.ofEpochMilli(context.window().getStart()))
                    .setWindowEnd(Instant.ofEpochMilli(context.window().getEnd()))
                    .setCount(stats.count)
                    .setMin(stats.min)
                    .setMax(stats.max)
                    .setSum(stats.sum)
                    .setMean(stats.mean())
                    .setFirst(stats.first)
                    .setLast(stats.last)
                    .setKind(acc.kind)
                    .build());
        }
    }
}
