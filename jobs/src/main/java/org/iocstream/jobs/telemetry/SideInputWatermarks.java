package org.iocstream.jobs.telemetry;

import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event time for the pipeline's side inputs (device registry, gateway status, operator commands, indicator
 * feeds): none. An operator with two inputs runs on the smaller of their watermarks, and a side input that is
 * read once and then falls silent, or that has a partition no subtask reads, would hold the readings' windows
 * and timers back forever. A side input's watermark is therefore the end of time from the start, and only the
 * readings move event time.
 */
public final class SideInputWatermarks<T> implements WatermarkGenerator<T> {

    private SideInputWatermarks() {
    }

    /** @param timestamp the record's own time, which the operators may read but which never moves event time */
    public static <T> WatermarkStrategy<T> strategy(SerializableTimestampAssigner<T> timestamp) {
        return WatermarkStrategy.<T>forGenerator(context -> new SideInputWatermarks<>())
                .withTimestampAssigner(timestamp);
    }

    @Override
    public void onEvent(T event, long eventTimestamp, WatermarkOutput output) {
        output.emitWatermark(new Watermark(Long.MAX_VALUE));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(Long.MAX_VALUE));
    }
}
