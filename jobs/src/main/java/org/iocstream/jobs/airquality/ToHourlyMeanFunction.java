package org.iocstream.jobs.airquality;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.iocstream.jobs.telemetry.SeriesAccumulator;
import org.iocstream.jobs.telemetry.SeriesKey;

/** Turns a fired hour window of one (station, pollutant) into its {@link HourlyMean}. */
public final class ToHourlyMeanFunction
        extends ProcessWindowFunction<SeriesAccumulator, HourlyMean, SeriesKey, TimeWindow> {

    @Override
    public void process(SeriesKey key, Context context, Iterable<SeriesAccumulator> accumulators,
            Collector<HourlyMean> out) {
        for (SeriesAccumulator acc : accumulators) {
            out.collect(new HourlyMean(key.deviceId, key.metric, context.window().getStart(), acc.stats.mean(),
                    acc.stats.count, acc.commune, acc.gateway, acc.kind));
        }
    }
}
