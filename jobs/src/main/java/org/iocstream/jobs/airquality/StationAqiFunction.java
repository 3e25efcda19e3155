package org.iocstream.jobs.airquality;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.iocstream.jobs.aqi.Aqi;
import org.iocstream.jobs.aqi.VnAqi;
import org.iocstream.schemas.AqiPeriod;
import org.iocstream.schemas.AqiValue;
import org.iocstream.schemas.Reading;

/**
 * AQI^h and AQI^d of one station, keyed by its device id, from its hourly means ({@link HourlyMean}).
 *
 * <p>Each mean is kept per hour ({@code hourly-means}). An event-time timer at an hour's last millisecond
 * computes that hour's AQI^h: by then every (station, pollutant) window of the hour has fired, because the
 * watermark that reaches this operator has passed all of them. A timer at a local day's last millisecond computes
 * AQI^d. A re-fired window (a late reading within the allowed lateness) that changes a mean sets the hour's timer
 * again, in the past, so it fires with the next watermark and emits the hour again in full, together with the
 * later hours already emitted whose NowCast reaches back to it, and the days that use it. A re-fire that changes
 * nothing emits nothing.
 *
 * <p>An hour is emitted only if the station has a mean in it (a silent station gets no AQI) and VN_AQI gives a
 * value (a PM10 or PM2.5 sub-index; otherwise the metric {@code hoursWithoutAqi} counts it). Each hourly value
 * is also sent to {@link #HOURLY_READINGS} as a {@code Reading} of metric {@value #HOURLY_METRIC}, time = the
 * hour's start, for the alert rules.
 *
 * <p>An hour is kept until nothing can use it any more: until event time is {@code allowedLateness} past both the
 * end of the 11 hours whose NowCast include it and the end of the last day whose 8-h ozone means include it
 * ({@link #expiry}); then it is dropped by a timer, and with the last hour the rest of the state.
 */
public final class StationAqiFunction extends KeyedProcessFunction<String, HourlyMean, AqiValue> {

    public static final String HOURLY_METRIC = "aqi_hourly";
    public static final String INGEST_PROTOCOL = "job";
    public static final OutputTag<Reading> HOURLY_READINGS =
            new OutputTag<>("aqi-hourly-readings", new AvroTypeInfo<>(Reading.class));

    private final long latenessMillis;

    private transient MapState<Long, StationHour> hours;
    private transient ValueState<Long> lastComputedHour;
    private transient Counter hourlyValues;
    private transient Counter dailyValues;
    private transient Counter hoursWithoutAqi;

    /** @param allowedLateness the hour windows' allowed lateness: how long a mean can still change */
    public StationAqiFunction(Duration allowedLateness) {
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("the allowed lateness must not be negative, got " + allowedLateness);
        }
        this.latenessMillis = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        hours = getRuntimeContext().getMapState(new MapStateDescriptor<>("hourly-means", Types.LONG,
                TypeInformation.of(StationHour.class)));
        lastComputedHour = getRuntimeContext().getState(new ValueStateDescriptor<>("last-computed-hour", Types.LONG));
        hourlyValues = getRuntimeContext().getMetricGroup().counter("hourlyAqiValues");
        dailyValues = getRuntimeContext().getMetricGroup().counter("dailyAqiValues");
        hoursWithoutAqi = getRuntimeContext().getMetricGroup().counter("hoursWithoutAqi");
    }

    /**
     * When the hour starting at {@code hourStart} is no longer needed: {@code allowedLateness} after the later of
     * the end of the 11th hour after it (the last NowCast that includes it) and the end of the local day of the
     * hour 7 h after it (the last day whose 8-h ozone means include it). No mean of those hours can change after
     * that, so no recomputation needs it.
     */
    long expiry(long hourStart) {
        long lastUse = Math.max(hourStart + 12 * AqiTime.HOUR, AqiTime.dayEnd(hourStart + 7 * AqiTime.HOUR));
        return lastUse - 1 + latenessMillis;
    }

    @Override
    public void processElement(HourlyMean mean, Context ctx, Collector<AqiValue> out) throws Exception {
        long hourStart = mean.hourStart;
        StationHour hour = hours.get(hourStart);
        if (hour == null) {
            hour = new StationHour();
        }
        boolean sameMean = Double.compare(hour.mean(mean.metric), mean.mean) == 0;
        boolean sameLabels = Objects.equals(hour.commune, mean.commune) && Objects.equals(hour.gateway, mean.gateway)
                && Objects.equals(hour.kind, mean.kind);
        if (sameMean && sameLabels) {
            return; // a re-fire that changes nothing
        }
        hour.setMean(mean.metric, mean.mean);
        hour.commune = mean.commune;
        hour.gateway = mean.gateway;
        hour.kind = mean.kind;
        hours.put(hourStart, hour);
        // an hour end and a day end that are already past fire with the next watermark: a recomputation
        ctx.timerService().registerEventTimeTimer(hourStart + AqiTime.HOUR - 1);
        ctx.timerService().registerEventTimeTimer(AqiTime.dayEnd(hourStart) - 1);
        ctx.timerService().registerEventTimeTimer(AqiTime.dayEnd(hourStart + 7 * AqiTime.HOUR) - 1);
        ctx.timerService().registerEventTimeTimer(expiry(hourStart));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AqiValue> out) throws Exception {
        long end = timestamp + 1;
        if (Math.floorMod(end, AqiTime.HOUR) == 0) {
            Map<Long, StationHour> known = new HashMap<>();
            for (Map.Entry<Long, StationHour> entry : hours.entries()) {
                known.put(entry.getKey(), entry.getValue());
            }
            long hour = end - AqiTime.HOUR;
            Long last = lastComputedHour.value();
            // the hours already computed whose NowCast reaches back to this one are computed again
            long upTo = last == null ? hour : Math.min(Math.max(hour, last), hour + 11 * AqiTime.HOUR);
            for (long h = hour; h <= upTo; h += AqiTime.HOUR) {
                if (known.containsKey(h)) {
                    emitHour(ctx.getCurrentKey(), h, known, ctx, out);
                }
            }
            if (last == null || hour > last) {
                lastComputedHour.update(hour);
            }
            if (AqiTime.isDayStart(end)) {
                emitDay(ctx.getCurrentKey(), AqiTime.dayStart(timestamp), known, out);
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

    private void emitHour(String station, long hourStart, Map<Long, StationHour> known, OnTimerContext ctx,
            Collector<AqiValue> out) {
        Optional<Aqi> aqi = VnAqi.hourly(StationHours.hourlyInput(known::get, hourStart));
        if (aqi.isEmpty()) {
            hoursWithoutAqi.inc();
            return;
        }
        StationHour labels = known.get(hourStart);
        AqiValue value = AqiValues.station(station, labels.commune, AqiPeriod.HOUR, hourStart, aqi.get());
        out.collect(value);
        ctx.output(HOURLY_READINGS, Reading.newBuilder()
                .setDeviceId(station)
                .setMetric(HOURLY_METRIC)
                .setTime(Instant.ofEpochMilli(hourStart))
                .setValue((double) value.getAqi())
                .setUnit("")
                .setCommune(labels.commune)
                .setGateway(labels.gateway)
                .setIngestProtocol(INGEST_PROTOCOL)
                // the hour's end, when the value can first be known in event time: the same on every re-emission
                .setIngestTime(Instant.ofEpochMilli(hourStart + AqiTime.HOUR))
                .setKind(labels.kind)
                .build());
        hourlyValues.inc();
    }

    private void emitDay(String station, long dayStart, Map<Long, StationHour> known, Collector<AqiValue> out) {
        long dayEnd = AqiTime.dayEnd(dayStart);
        StationHour labels = null;
        for (long h = dayEnd - AqiTime.HOUR; h >= dayStart && labels == null; h -= AqiTime.HOUR) {
            labels = known.get(h);
        }
        if (labels == null) {
            return; // no mean in the day itself, only in the hours before it that its 8-h means reach back to
        }
        Optional<Aqi> aqi = VnAqi.daily(StationHours.dailyInput(known::get, dayStart));
        if (aqi.isPresent()) {
            out.collect(AqiValues.station(station, labels.commune, AqiPeriod.DAY, dayStart, aqi.get()));
            dailyValues.inc();
        }
    }
}
