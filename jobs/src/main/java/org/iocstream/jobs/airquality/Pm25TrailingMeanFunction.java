package org.iocstream.jobs.airquality;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iocstream.jobs.aqi.Pollutant;
import org.iocstream.schemas.Reading;

/**
 * The PM2.5 24-h mean of one station at each of its hours, keyed by its device id, from its hourly means
 * ({@link HourlyMean}; the other pollutants' means are ignored), as a {@code Reading} of metric
 * {@value #METRIC} in µg/m³ for the {@code pm25-24h} alert rule (QCVN 05:2023).
 *
 * <p>The value of the hour starting at h is {@link StationHours#trailing24hMean}: the mean of the hourly means
 * of h and the 23 hours before it, with at least 18 of them. It is stamped with h, as the hourly AQI is, and
 * computed by an event-time timer at h's last millisecond, when every hour window up to h has fired. Only an hour
 * in which the station has a PM2.5 mean gets a value (a silent station gets none, as for its hourly AQI).
 *
 * <p>A re-fired window (a late reading within the allowed lateness) that changes a mean sets its hour's timer
 * again, in the past, so it fires with the next watermark and emits again that hour and the later hours already
 * emitted whose 24 h include it. A re-fire that changes nothing emits nothing. An hour is kept until event time
 * is {@code allowedLateness} past the end of the 23rd hour after it, the last whose mean can still change and
 * that uses it; then a timer drops it, and with the last hour the rest of the state.
 */
public final class Pm25TrailingMeanFunction extends KeyedProcessFunction<String, HourlyMean, Reading> {

    public static final String METRIC = "pm25_24h";
    public static final String UNIT = "ug/m3";

    private final long latenessMillis;

    private transient MapState<Long, HourlyMean> hours;
    private transient ValueState<Long> lastComputedHour;
    private transient Counter values;

    /** @param allowedLateness the hour windows' allowed lateness: how long a mean can still change */
    public Pm25TrailingMeanFunction(Duration allowedLateness) {
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("the allowed lateness must not be negative, got " + allowedLateness);
        }
        this.latenessMillis = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        hours = getRuntimeContext().getMapState(new MapStateDescriptor<>("pm25-hourly-means", Types.LONG,
                TypeInformation.of(HourlyMean.class)));
        lastComputedHour = getRuntimeContext().getState(new ValueStateDescriptor<>("last-computed-hour", Types.LONG));
        values = getRuntimeContext().getMetricGroup().counter("pm25TwentyFourHourMeans");
    }

    /**
     * When the hour starting at {@code hourStart} is no longer needed: {@code allowedLateness} after the end of the
     * 23rd hour after it, whose 24-h mean is the last that includes it.
     */
    long expiry(long hourStart) {
        return hourStart + StationHours.HOURS_IN_24H_MEAN * AqiTime.HOUR - 1 + latenessMillis;
    }

    @Override
    public void processElement(HourlyMean mean, Context ctx, Collector<Reading> out) throws Exception {
        if (!Pollutant.PM2_5.metric().equals(mean.metric)) {
            return;
        }
        HourlyMean before = hours.get(mean.hourStart);
        if (before != null && Double.compare(before.mean, mean.mean) == 0
                && Objects.equals(before.commune, mean.commune) && Objects.equals(before.gateway, mean.gateway)
                && Objects.equals(before.kind, mean.kind)) {
            return; // a re-fire that changes nothing
        }
        hours.put(mean.hourStart, mean);
        // an hour end that is already past fires with the next watermark: a recomputation
        ctx.timerService().registerEventTimeTimer(mean.hourStart + AqiTime.HOUR - 1);
        ctx.timerService().registerEventTimeTimer(expiry(mean.hourStart));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Reading> out) throws Exception {
        long end = timestamp + 1;
        if (Math.floorMod(end, AqiTime.HOUR) == 0) {
            Map<Long, HourlyMean> known = new HashMap<>();
            for (Map.Entry<Long, HourlyMean> entry : hours.entries()) {
                known.put(entry.getKey(), entry.getValue());
            }
            long hour = end - AqiTime.HOUR;
            Long last = lastComputedHour.value();
            // the hours already computed whose 24 h reach back to this one are computed again
            long upTo = last == null ? hour
                    : Math.min(Math.max(hour, last), hour + (StationHours.HOURS_IN_24H_MEAN - 1) * AqiTime.HOUR);
            for (long h = hour; h <= upTo; h += AqiTime.HOUR) {
                HourlyMean labels = known.get(h);
                if (labels != null) {
                    emit(ctx.getCurrentKey(), h, labels, known, out);
                }
            }
            if (last == null || hour > last) {
                lastComputedHour.update(hour);
            }
        }
        List<Long> expired = new ArrayList<>();
        for (Long hourStart : hours.keys()) {
            if (expiry(hourStart) <= timestamp) {
                expired.add(hourStart);
            }
        }
        for (Long hourStart : expired) {
            hours.remove(hourStart);
        }
        if (hours.isEmpty()) {
            hours.clear(); // an emptied map would otherwise stay in the state backend as an entry
            lastComputedHour.clear();
        }
    }

    private void emit(String station, long hourStart, HourlyMean labels, Map<Long, HourlyMean> known,
            Collector<Reading> out) {
        double mean = StationHours.trailing24hMean(h -> {
            HourlyMean hourly = known.get(h);
            return hourly == null ? Double.NaN : hourly.mean;
        }, hourStart);
        if (Double.isNaN(mean)) {
            return; // fewer than 18 of the 24 hours
        }
        out.collect(Reading.newBuilder()
                .setDeviceId(station)
                .setMetric(METRIC)
                .setTime(Instant.ofEpochMilli(hourStart))
                .setValue(mean)
                .setUnit(UNIT)
                .setCommune(labels.commune)
                .setGateway(labels.gateway)
                .setIngestProtocol(StationAqiFunction.INGEST_PROTOCOL)
                // the hour's end, when the value can first be known in event time: the same on every re-emission
                .setIngestTime(Instant.ofEpochMilli(hourStart + AqiTime.HOUR))
                .setKind(labels.kind)
                .build());
        values.inc();
    }
}
