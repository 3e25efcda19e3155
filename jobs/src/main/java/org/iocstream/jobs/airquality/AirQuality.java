package org.iocstream.jobs.airquality;

import java.time.Duration;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.iocstream.jobs.telemetry.SeriesKey;
import org.iocstream.jobs.telemetry.WindowStatsAggregateFunction;
import org.iocstream.schemas.AqiValue;
import org.iocstream.schemas.Reading;

/**
 * VN_AQI per station and per commune, hourly and daily (table {@code aqi}), and each station's PM2.5 24-h mean at
 * each hour (for the {@code pm25-24h} alert rule), as a piece of topology the telemetry pipeline adds to its
 * deduplicated readings.
 *
 * <pre>
 * readings (pollutants of ENV stations) -> keyBy (station, metric) -> 1 h window, allowed lateness -> HourlyMean
 *   -> keyBy station -> StationAqiFunction (AQI^h at each hour's end, AQI^d at each local day's end) --+-> values
 *        |                      '-> keyBy commune -> CommuneAqiFunction (largest station value) ------'
 *        '-> side output: AQI^h as Reading aqi_hourly -> hourlyAqi
 *   -> keyBy station -> Pm25TrailingMeanFunction (PM2.5 mean of the last 24 h at each hour's end)
 *        -> Reading pm25_24h -> pm25Means24h
 * </pre>
 *
 * The hour window re-fires in full with a late reading, and every operator after it replaces what it held for
 * that hour, so each value emitted again is a full recomputation that the store's upsert writes over the earlier
 * one. Readings later than the allowed lateness are dropped by the window (Flink's own
 * {@code numLateRecordsDropped}); the telemetry windows already report them as dead letters.
 */
public final class AirQuality {

    public static final Duration HOUR = Duration.ofHours(1);

    private AirQuality() {
    }

    /**
     * @param values station and commune AQI^h and AQI^d
     * @param hourlyAqi each station AQI^h again as a {@code Reading} of metric {@code aqi_hourly}
     * @param pm25Means24h each station's PM2.5 24-h mean at each of its hours, a {@code Reading} of metric
     *     {@code pm25_24h} in µg/m³ stamped with the hour's start, like {@code hourlyAqi}
     */
    public record Streams(DataStream<AqiValue> values, DataStream<Reading> hourlyAqi,
            DataStream<Reading> pm25Means24h) {
    }

    /**
     * Adds the AQI to {@code readings}, which must be deduplicated and carry event-time watermarks.
     *
     * @param allowedLateness how long after an hour's end a late reading still changes its mean and every AQI
     *     that uses it
     */
    public static Streams addTo(DataStream<Reading> readings, Duration allowedLateness) {
        TypeInformation<AqiValue> aqiType = new AvroTypeInfo<>(AqiValue.class);
        SingleOutputStreamOperator<HourlyMean> means = readings
                .filter(new AirQualityReadingsFilter())
                .name("aqi-readings")
                .keyBy(SeriesKey::of, TypeInformation.of(SeriesKey.class))
                .window(TumblingEventTimeWindows.of(HOUR))
                .allowedLateness(allowedLateness)
                .aggregate(new WindowStatsAggregateFunction(), new ToHourlyMeanFunction())
                .uid("aqi-hourly-mean")
                .name("aqi-hourly-mean");
        SingleOutputStreamOperator<AqiValue> stations = means
                .keyBy(HourlyMean::station, Types.STRING)
                .process(new StationAqiFunction(allowedLateness), aqiType)
                .uid("aqi-station")
                .name("aqi-station");
        DataStream<AqiValue> communes = stations
                .keyBy(AqiValue::getCommune, Types.STRING)
                .process(new CommuneAqiFunction(allowedLateness), aqiType)
                .uid("aqi-commune")
                .name("aqi-commune");
        DataStream<Reading> pm25Means24h = means
                .keyBy(HourlyMean::station, Types.STRING)
                .process(new Pm25TrailingMeanFunction(allowedLateness), new AvroTypeInfo<>(Reading.class))
                .uid("aqi-pm25-24h")
                .name("aqi-pm25-24h");
        return new Streams(stations.union(communes), stations.getSideOutput(StationAqiFunction.HOURLY_READINGS),
                pm25Means24h);
    }
}
