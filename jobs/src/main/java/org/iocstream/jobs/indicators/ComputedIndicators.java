package org.iocstream.jobs.indicators;

import java.time.Duration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.iocstream.schemas.CommuneAggregate;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.IndicatorValue;

/**
 * The indicators computed from telemetry, as a piece of topology the telemetry pipeline adds to its commune rows
 * and device statuses; its values go to the KPI join beside the reported ones.
 *
 * <pre>
 * commune_1m rows   keyBy commune/day (window start, local) --+
 * device_status     keyBy commune/day (at, local) ------------+-> computed-indicators -> IndicatorValue
 *                                                                 (OPS_DATA_COMPLETENESS, OPS_DEVICE_AVAILABILITY;
 *                                                                  period DAY, scope = commune or 40)
 * </pre>
 */
public final class ComputedIndicators {

    public static final String UID = "computed-indicators";

    private ComputedIndicators() {
    }

    /**
     * @param communeRows {@code commune_1m} rows, communes and province ({@code 40}), with event-time watermarks
     * @param statuses {@code device_status} rows, with event-time watermarks
     * @param allowedLateness the pipeline's allowed lateness: how long a row can still be re-fired or rewritten,
     *     and how long after a day closed its state is kept (rounded up to a 10-minute boundary)
     */
    public static DataStream<IndicatorValue> addTo(DataStream<CommuneAggregate> communeRows,
            DataStream<DeviceStatus> statuses, Duration allowedLateness) {
        return communeRows.keyBy(ComputedIndicators::key)
                .connect(statuses.keyBy(ComputedIndicators::key))
                .process(new ComputedIndicatorFunction(allowedLateness), new AvroTypeInfo<>(IndicatorValue.class))
                .uid(UID)
                .name(UID);
    }

    /** A commune row's commune and the local day of its window start. */
    public static String key(CommuneAggregate row) {
        return CommuneDay.key(row.getCommune(), row.getWindowStart());
    }

    /** A status's commune and the local day of its minute. */
    public static String key(DeviceStatus status) {
        return CommuneDay.key(status.getCommune(), status.getAt());
    }
}
