package org.iocstream.jobs.indicators;

import java.time.Duration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.Reading;

/**
 * {@code INF_COMMUNE_RADIO_ICT} per commune-day ({@link RadioIctFunction}), as a piece of topology the telemetry
 * pipeline adds to its deduplicated readings and device statuses; its values go to the KPI join and to
 * {@link ProvinceShares}.
 *
 * <pre>
 * readings: program = source_news (SPK or no kind)   keyBy commune/day (reading time, local) --+
 * device_status: kind SPK                            keyBy commune/day (at, local) -----------+-> radio-ict-indicator
 *     -> IndicatorValue (INF_COMMUNE_RADIO_ICT, 100 or 0; period DAY, scope = commune)
 * </pre>
 */
public final class RadioIctIndicator {

    public static final String UID = "radio-ict-indicator";

    private RadioIctIndicator() {
    }

    /**
     * @param readings all deduplicated readings (text ones included), with event-time watermarks
     * @param statuses {@code device_status} rows, with event-time watermarks
     * @param allowedLateness the pipeline's allowed lateness: how long after a day closed its state is kept (rounded
     *     up to a 10-minute boundary), so that late statuses and readings still count
     */
    public static DataStream<IndicatorValue> addTo(DataStream<Reading> readings, DataStream<DeviceStatus> statuses,
            Duration allowedLateness) {
        return readings.filter(RadioIctFunction::isRelayReading)
                .name("source-news-readings")
                .keyBy(RadioIctIndicator::key)
                .connect(statuses.filter(RadioIctFunction::isSpeakerStatus)
                        .name("speaker-statuses")
                        .keyBy(RadioIctIndicator::key))
                .process(new RadioIctFunction(allowedLateness), new AvroTypeInfo<>(IndicatorValue.class))
                .uid(UID)
                .name(UID);
    }

    /** A reading's commune and the local day of its time. */
    public static String key(Reading reading) {
        return CommuneDay.key(reading.getCommune(), reading.getTime());
    }

    /** A status's commune and the local day of its minute. */
    public static String key(DeviceStatus status) {
        return CommuneDay.key(status.getCommune(), status.getAt());
    }
}
