package org.iocstream.jobs.airquality;

import java.util.Set;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.metrics.Counter;
import org.iocstream.jobs.aqi.Pollutant;
import org.iocstream.schemas.Reading;

/**
 * Keeps the readings VN_AQI is computed from: a value of one of the six pollutant metrics (pm2_5, pm10, o3, co,
 * so2, no2) from an environment station (kind ENV), or from any device that reports them when its gateway gave
 * no kind. A negative, NaN or infinite concentration has no sub-index; it is dropped and counted in the metric
 * {@code invalidPollutantReadings} rather than let into an hourly mean.
 */
public final class AirQualityReadingsFilter extends RichFilterFunction<Reading> {

    public static final String ENVIRONMENT_KIND = "ENV";
    public static final Set<String> METRICS = Set.of(Pollutant.PM2_5.metric(), Pollutant.PM10.metric(),
            Pollutant.O3_1H.metric(), Pollutant.CO.metric(), Pollutant.SO2.metric(), Pollutant.NO2.metric());

    private transient Counter invalid;

    @Override
    public void open(OpenContext openContext) {
        invalid = getRuntimeContext().getMetricGroup().counter("invalidPollutantReadings");
    }

    @Override
    public boolean filter(Reading reading) {
        if (!METRICS.contains(reading.getMetric()) || reading.getValue() == null) {
            return false;
        }
        if (reading.getKind() != null && !ENVIRONMENT_KIND.equals(reading.getKind())) {
            return false;
        }
        double value = reading.getValue();
        if (!Double.isFinite(value) || value < 0) {
            invalid.inc();
            return false;
        }
        return true;
    }
}
