package org.iocstream.jobs.commune;

import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;

/**
 * Turns a fired commune window into an {@link AreaWindow}. The accumulator holds every reading of the window,
 * so a window re-fired by a late reading gives the whole window again, never a difference.
 */
public final class ToCommuneWindowFunction
        extends ProcessWindowFunction<CommuneReadingsAccumulator, AreaWindow, CommuneSeriesKey, TimeWindow> {

    @Override
    public void process(CommuneSeriesKey key, Context context, Iterable<CommuneReadingsAccumulator> accumulators,
            Collector<AreaWindow> out) {
        for (CommuneReadingsAccumulator acc : accumulators) {
            out.collect(new AreaWindow(key.commune, key.kind, key.metric, acc.unit, context.window().getStart(),
                    context.window().getEnd(), acc.readings.stats.copy(), acc.readings.devices.size(), 1));
        }
    }
}
