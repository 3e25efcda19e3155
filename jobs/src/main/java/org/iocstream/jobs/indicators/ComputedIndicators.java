package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;
import org.iocstream.jobs.commune.CommuneRollup;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.IndicatorValue;

/**
 * The indicators computed from device statuses, as a piece of topology the telemetry pipeline adds to its
 * {@code device_status} rows; its values go to the KPI join beside the reported ones.
 *
 * <pre>
 * device_status  each row, and a copy under commune 40 (the province)
 *                keyBy commune/day (of the minute (at - 1 min, at], local) -> computed-indicators -> IndicatorValue
 *                  (OPS_DATA_COMPLETENESS, OPS_DEVICE_AVAILABILITY all kinds and per kind, OPS_GATEWAY_UPTIME:
 *                   scope = commune or 40; INF_COMMUNE_PHYS_DIGITAL: communes only; period DAY)
 * </pre>
 */
public final class ComputedIndicators {

    public static final String UID = "computed-indicators";
    private static final Duration MINUTE = Duration.ofMinutes(1);

    private ComputedIndicators() {
    }

    /**
     * @param statuses {@code device_status} rows, with event-time watermarks
     * @param allowedLateness the pipeline's allowed lateness: how long a status can still be rewritten, and how long
     *     after a day closed its state is kept (rounded up to a 10-minute boundary)
     */
    public static DataStream<IndicatorValue> addTo(DataStream<DeviceStatus> statuses, Duration allowedLateness) {
        return statuses.flatMap(ComputedIndicators::withProvinceCopy)
                .returns(new AvroTypeInfo<>(DeviceStatus.class))
                .name("computed-indicator-scopes")
                .keyBy(ComputedIndicators::key)
                .process(new ComputedIndicatorFunction(allowedLateness), new AvroTypeInfo<>(IndicatorValue.class))
                .uid(UID)
                .name(UID);
    }

    /** The status as it is, for its commune, and a copy for the province. */
    static void withProvinceCopy(DeviceStatus status, Collector<DeviceStatus> out) {
        out.collect(status);
        out.collect(DeviceStatus.newBuilder(status).setCommune(CommuneRollup.PROVINCE).build());
    }

    /** A status's commune and the local day of the minute it covers. */
    public static String key(DeviceStatus status) {
        return CommuneDay.key(status.getCommune(), minuteStart(status));
    }

    /**
     * The start of the minute a status covers, (at - 1 min, at]: the status at local midnight is the last minute of
     * the day before.
     */
    public static Instant minuteStart(DeviceStatus status) {
        return status.getAt().minus(MINUTE);
    }
}
