package org.iocstream.jobs.airquality;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iocstream.schemas.AqiPeriod;
import org.iocstream.schemas.AqiValue;

/**
 * The AQI of a commune, keyed by commune: for each hour and day, the largest of its stations' values
 * ({@link AqiValues#communeMax}). Each station's latest value of a period is kept ({@code station-values}), so a
 * station value emitted again after a late reading replaces the earlier one instead of adding to it.
 *
 * <p>A timer at the period's last millisecond emits the commune's value: the station values of the period are
 * emitted before the watermark that passes it. A station value that comes later (a recomputation) sets that
 * timer again, in the past, so the commune's value is emitted again, in full, with the next watermark. A period's
 * station values are dropped when event time is {@code allowedLateness} past its end: no station recomputes it
 * after that.
 */
public final class CommuneAqiFunction extends KeyedProcessFunction<String, AqiValue, AqiValue> {

    private final long latenessMillis;
    private transient MapState<String, AqiValue> stationValues;

    /** @param allowedLateness the hour windows' allowed lateness, as given to {@link StationAqiFunction} */
    public CommuneAqiFunction(Duration allowedLateness) {
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("the allowed lateness must not be negative, got " + allowedLateness);
        }
        this.latenessMillis = allowedLateness.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        stationValues = getRuntimeContext().getMapState(new MapStateDescriptor<>("station-values", Types.STRING,
                new AvroTypeInfo<>(AqiValue.class)));
    }

    static long periodEnd(AqiValue value) {
        long start = value.getPeriodStart().toEpochMilli();
        return value.getPeriod() == AqiPeriod.HOUR ? start + AqiTime.HOUR : AqiTime.dayEnd(start);
    }

    private static String period(AqiValue value) {
        return value.getPeriod() + "/" + value.getPeriodStart().toEpochMilli();
    }

    @Override
    public void processElement(AqiValue station, Context ctx, Collector<AqiValue> out) throws Exception {
        if (!AqiValues.STATION.equals(station.getScope())) {
            throw new IllegalArgumentException("a commune's AQI is made of station values, got " + station);
        }
        stationValues.put(period(station) + "/" + station.getDeviceId(), station);
        long end = periodEnd(station);
        ctx.timerService().registerEventTimeTimer(end - 1);
        ctx.timerService().registerEventTimeTimer(end - 1 + latenessMillis);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<AqiValue> out) throws Exception {
        // periods in a fixed order (by key), so that an hour and the day that end together come out alike each run
        TreeMap<String, List<AqiValue>> due = new TreeMap<>();
        List<String> expired = new ArrayList<>();
        for (Map.Entry<String, AqiValue> entry : stationValues.entries()) {
            long end = periodEnd(entry.getValue());
            if (end - 1 == timestamp) {
                due.computeIfAbsent(period(entry.getValue()), p -> new ArrayList<>()).add(entry.getValue());
            }
            if (end - 1 + latenessMillis <= timestamp) {
                expired.add(entry.getKey());
            }
        }
        for (List<AqiValue> stations : due.values()) {
            stations.sort((a, b) -> a.getDeviceId().compareTo(b.getDeviceId()));
            AqiValue first = stations.get(0);
            out.collect(AqiValues.communeMax(ctx.getCurrentKey(), first.getPeriod(),
                    first.getPeriodStart().toEpochMilli(), stations));
        }
        for (String key : expired) {
            stationValues.remove(key);
        }
        if (stationValues.isEmpty()) {
            stationValues.clear(); // an emptied map would otherwise stay in the state backend as an entry
        }
    }
}
