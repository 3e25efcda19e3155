package org.iocstream.jobs.commune;

import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.iocstream.schemas.DeviceInfo;

/**
 * Event time for the device registry: none. An operator with two inputs runs on the smaller of their
 * watermarks, and a compacted registry topic that is read once and then falls silent would hold the readings'
 * windows back forever (or, without watermarks, never let them fire). The registry's watermark is therefore the
 * end of time from the start, and only the readings move event time.
 */
public final class RegistryWatermarks implements WatermarkGenerator<DeviceInfo> {

    private RegistryWatermarks() {
    }

    public static WatermarkStrategy<DeviceInfo> strategy() {
        return WatermarkStrategy.<DeviceInfo>forGenerator(context -> new RegistryWatermarks())
                .withTimestampAssigner((device, recordTimestamp) -> device.getUpdatedAt().toEpochMilli());
    }

    @Override
    public void onEvent(DeviceInfo device, long eventTimestamp, WatermarkOutput output) {
        output.emitWatermark(new Watermark(Long.MAX_VALUE));
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        output.emitWatermark(new Watermark(Long.MAX_VALUE));
    }
}
