package org.iocstream.jobs.indicators;

import java.time.Duration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.WindowAggregate;

/**
 * The indicators derived from the devices' own 1-minute windows, with the cameras' and loudspeakers' statuses as
 * their denominators, as a piece of topology the telemetry pipeline adds to its window aggregates and
 * {@code device_status} rows; its values go to the KPI join beside the reported ones, like
 * {@link ComputedIndicators}.
 *
 * <pre>
 * reading_1m windows: CAM online, bitrate; SPK broadcasting; LGT energy
 *                keyBy commune/day (window start, local) ------------------------+
 * device_status: kind CAM or SPK                                                  +-> derived-indicators
 *                keyBy commune/day (of the minute (at - 1 min, at], local) -------+
 *     -> IndicatorValue (OPS_CAMERA_UPTIME, OPS_BROADCAST_COVERAGE, OPS_LIGHTING_ENERGY_SAVING; period DAY,
 *        scope = commune)
 * </pre>
 */
public final class DerivedIndicators {

    public static final String UID = "derived-indicators";
    /** The window size the indicators are defined on: camera-, speaker- and lamp-minutes. */
    public static final Duration WINDOW = Duration.ofMinutes(1);

    private DerivedIndicators() {
    }

    /**
     * @param aggregates window aggregates of every size, with event-time watermarks; only the 1-minute windows
     *     of the metrics in {@link #isInput(WindowAggregate)} are used, so a pipeline without 1-minute windows
     *     derives nothing from them
     * @param statuses {@code device_status} rows, with event-time watermarks; only cameras' and loudspeakers' are
     *     used ({@link #isInput(DeviceStatus)}): they make a camera-minute or a speaker known without a window
     * @param allowedLateness the pipeline's allowed lateness: how long a window can still be re-fired or a status
     *     rewritten, and how long after a day closed its state is kept (rounded up to a 10-minute boundary)
     */
    public static DataStream<IndicatorValue> addTo(DataStream<WindowAggregate> aggregates,
            DataStream<DeviceStatus> statuses, Duration allowedLateness) {
        return aggregates.filter(DerivedIndicators::isInput)
                .name("derived-indicator-inputs")
                .keyBy(DerivedIndicators::key)
                .connect(statuses.filter(DerivedIndicators::isInput)
                        .name("camera-and-speaker-statuses")
                        .keyBy(DerivedIndicators::key))
                .process(new DerivedIndicatorFunction(allowedLateness), new AvroTypeInfo<>(IndicatorValue.class))
                .uid(UID)
                .name(UID);
    }

    /** A 1-minute window of a camera's {@code online} or {@code bitrate}, a speaker's {@code broadcasting} or a lamp's {@code energy}. */
    public static boolean isInput(WindowAggregate window) {
        return window.getWindowEnd().toEpochMilli() - window.getWindowStart().toEpochMilli() == WINDOW.toMillis()
                && DerivedIndicatorFunction.Input.of(window) != null;
    }

    /** A camera's or loudspeaker's status. */
    public static boolean isInput(DeviceStatus status) {
        return DerivedIndicatorFunction.CAMERA.equals(status.getKind())
                || DerivedIndicatorFunction.SPEAKER.equals(status.getKind());
    }

    /** A window's commune and the local day of its start. */
    public static String key(WindowAggregate window) {
        return CommuneDay.key(window.getCommune(), window.getWindowStart());
    }

    /** A status's commune and the local day of the minute it covers ({@link ComputedIndicators#key}). */
    public static String key(DeviceStatus status) {
        return ComputedIndicators.key(status);
    }
}
