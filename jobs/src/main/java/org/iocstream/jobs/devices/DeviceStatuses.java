package org.iocstream.jobs.devices;

import java.time.Duration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.iocstream.schemas.DeviceInfo;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.Reading;

/** The {@code device_status} rows as a piece of topology the telemetry pipeline adds to its readings. */
public final class DeviceStatuses {

    /** A device with neither a reading nor a registry record for this long of event time is dropped. */
    public static final Duration FORGET_AFTER = Duration.ofDays(1);

    private DeviceStatuses() {
    }

    /**
     * @param readings readings with event-time watermarks (deduplicated or not: a repeated time changes nothing)
     * @param devices the device registry (ioc.devices.v1), with {@link org.iocstream.jobs.telemetry.SideInputWatermarks}
     *     so that it never holds event time back
     * @param allowedLateness how long a minute's status can still be rewritten by a late reading
     */
    public static DataStream<DeviceStatus> addTo(DataStream<Reading> readings, DataStream<DeviceInfo> devices,
            Duration allowedLateness) {
        return readings.keyBy(Reading::getDeviceId)
                .connect(devices.keyBy(DeviceInfo::getDeviceId))
                .process(new DeviceStatusFunction(allowedLateness, FORGET_AFTER), new AvroTypeInfo<>(DeviceStatus.class))
                .uid("device-status")
                .name("device-status");
    }
}
