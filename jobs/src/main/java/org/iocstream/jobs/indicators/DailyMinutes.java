package org.iocstream.jobs.indicators;

import java.io.Serializable;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.TimerService;
import org.iocstream.jobs.rollup.ComputedIndicator;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.PeriodType;

/**
 * What the daily indicator operators ({@link ComputedIndicatorFunction}, {@link DerivedIndicatorFunction}) share:
 * their inputs are kept per minute until the minute is final (the watermark is past its end plus the allowed
 * lateness, so no re-fired window or rewritten status can still change it), and they emit a commune-day's
 * percentage as an {@link IndicatorValue}.
 */
final class DailyMinutes implements Serializable {

    private static final long MINUTE = Duration.ofMinutes(1).toMillis();

    private final long allowedLatenessMillis;

    DailyMinutes(Duration allowedLateness) {
        this.allowedLatenessMillis = allowedLateness.toMillis();
    }

    boolean isFinal(long minute, long watermark) {
        return watermark >= minute + MINUTE + allowedLatenessMillis;
    }

    <V> void forgetFinal(MapState<Long, V> contributions, long watermark) throws Exception {
        List<Long> finalMinutes = new ArrayList<>();
        for (Long minute : contributions.keys()) {
            if (isFinal(minute, watermark)) {
                finalMinutes.add(minute);
            }
        }
        for (Long minute : finalMinutes) {
            contributions.remove(minute);
        }
        if (contributions.isEmpty()) {
            contributions.clear(); // an emptied map would otherwise stay in the state backend as an entry
        }
    }

    /** A new commune-day's two timers: its close at local midnight and its drop after the allowed lateness. */
    static void registerCloseAndDrop(CommuneDay day, Duration allowedLateness, TimerService timers) {
        timers.registerEventTimeTimer(day.end().toEpochMilli());
        timers.registerEventTimeTimer(day.dropAt(allowedLateness).toEpochMilli());
    }

    /** {@link #forgetFinal} for state kept per (minute, identity). */
    <V> void forgetFinalEntries(MapState<Tuple2<Long, String>, V> contributions, long watermark) throws Exception {
        List<Tuple2<Long, String>> finalEntries = new ArrayList<>();
        for (Tuple2<Long, String> entry : contributions.keys()) {
            if (isFinal(entry.f0, watermark)) {
                finalEntries.add(entry);
            }
        }
        for (Tuple2<Long, String> entry : finalEntries) {
            contributions.remove(entry);
        }
        if (contributions.isEmpty()) {
            contributions.clear();
        }
    }

    /** A commune-day's value of a computed indicator, received at {@code at} (an emission boundary). */
    static IndicatorValue value(CommuneDay communeDay, ComputedIndicator indicator, double percent, Instant at) {
        return value(communeDay, indicator, null, percent, at);
    }

    /** The same, for one device kind ({@code kind} null: not per kind). */
    static IndicatorValue value(CommuneDay communeDay, ComputedIndicator indicator, String kind, double percent,
            Instant at) {
        return IndicatorValue.newBuilder()
                .setCode(indicator.code())
                .setScope(communeDay.commune())
                .setPeriodType(PeriodType.DAY)
                .setPeriodStart(communeDay.day())
                .setValue(percent)
                .setUnit(indicator.unit())
                .setSource(ComputedIndicatorFunction.SOURCE)
                .setReceivedAt(at)
                .setKind(kind)
                .build();
    }

    static <V> Map<String, V> orEmpty(Map<String, V> map) {
        return map == null ? new HashMap<>() : map;
    }
}
