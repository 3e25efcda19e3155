package org.iocstream.jobs.indicators;

import java.time.Duration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.iocstream.jobs.airquality.AqiValues;
import org.iocstream.schemas.AqiPeriod;
import org.iocstream.schemas.AqiValue;
import org.iocstream.schemas.IndicatorValue;

/**
 * {@code OPS_AQI_GOOD_DAYS} as a piece of topology the telemetry pipeline adds to its AQI values; its values go to
 * the KPI join beside the reported ones, like {@link ComputedIndicators}.
 *
 * <pre>
 * AirQuality values: commune AQI^d only
 *   keyBy commune/month (local month of the day) -> aqi-good-days -> IndicatorValue
 *      (OPS_AQI_GOOD_DAYS, percent; period MONTH, scope = commune)
 * </pre>
 */
public final class AqiGoodDays {

    public static final String UID = "aqi-good-days";

    private AqiGoodDays() {
    }

    /**
     * @param aqiValues {@code AirQuality.addTo(...).values()}, station and commune, hourly and daily, with
     *     event-time watermarks; only the commune AQI^d values are used
     * @param allowedLateness the pipeline's allowed lateness: how long a day's AQI^d can still be recomputed, and
     *     how long after a month closed its state is kept (rounded up to a 10-minute boundary)
     */
    public static DataStream<IndicatorValue> addTo(DataStream<AqiValue> aqiValues, Duration allowedLateness) {
        return aqiValues.filter(AqiGoodDays::isInput)
                .name("aqi-good-days-inputs")
                .keyBy(AqiGoodDays::key)
                .process(new AqiGoodDaysFunction(allowedLateness), new AvroTypeInfo<>(IndicatorValue.class))
                .uid(UID)
                .name(UID);
    }

    /** A commune's AQI^d. */
    public static boolean isInput(AqiValue value) {
        return AqiValues.COMMUNE.equals(value.getScope()) && value.getPeriod() == AqiPeriod.DAY;
    }

    /** The commune and the local month of the day. */
    public static String key(AqiValue value) {
        return CommuneMonth.of(value.getCommune(), value.getPeriodStart()).key();
    }
}
