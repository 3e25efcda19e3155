package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iocstream.jobs.rollup.ComputedIndicator;
import org.iocstream.schemas.AqiValue;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.PeriodType;

/**
 * {@code OPS_AQI_GOOD_DAYS} per commune and local calendar month, keyed by {@link CommuneMonth}, from the commune
 * AQI^d values of {@code AirQuality} ({@link AqiGoodDays#isInput}): 100 × days whose AQI^d is at most 100 / days
 * with an AQI^d ({@link GoodAirDays}), as a MONTH value whose {@code periodStart} is the month's first day.
 *
 * <p><b>Why a month and not the catalogue's day.</b> Each commune has one AQI^d a day, so a DAY value would only
 * ever be 0 or 100: a category, not a share of days. The share the indicator names needs a run of days, and the
 * month is the plan's reporting period (DOMAIN.md section 5: monthly reports). Each value is the month so far.
 *
 * <p><b>Its input.</b> {@code CommuneAqiFunction} emits a commune's AQI^d from a timer at the day's last
 * millisecond (record time local midnight − 1 ms), so it comes just before the watermark passes local midnight.
 * A late reading within the allowed lateness recomputes the day, and the commune's AQI^d comes again, in full,
 * until about the day's end + the allowed lateness. Each day's latest AQI^d is kept by its local midnight
 * ({@code daily-aqi}), so a day emitted again replaces its earlier value instead of adding a day.
 *
 * <p><b>Emission.</b> A new day, or a day that moves across 100, is emitted at the next 10-minute boundary of
 * event time ({@link EmissionCadence}) and never before the day's end (local midnight for a day that has just
 * ended), with {@code receivedAt} = the boundary, so that {@link IndicatorJoinFunction} takes the newest and a
 * replay gives the same values. A recomputed day that stays on the same side of 100 changes nothing and emits
 * nothing. The month's state is dropped at {@link CommuneMonth#dropAt}(allowed lateness), after any last
 * correction is emitted; a value that comes after that is dropped and counted in {@code lateIndicatorInputs}.
 * Metric {@code computedIndicatorValues}.
 */
public final class AqiGoodDaysFunction extends KeyedProcessFunction<String, AqiValue, IndicatorValue> {

    private final Duration allowedLateness;
    private transient MapState<Long, Integer> dailyAqi;
    private transient ValueState<Long> nextEmission;
    private transient Counter late;
    private transient Counter emitted;

    /** @param allowedLateness the pipeline's: how long after its day a commune's AQI^d can come again */
    public AqiGoodDaysFunction(Duration allowedLateness) {
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative, got " + allowedLateness);
        }
        this.allowedLateness = allowedLateness;
    }

    @Override
    public void open(OpenContext openContext) {
        dailyAqi = getRuntimeContext().getMapState(new MapStateDescriptor<>("daily-aqi", Types.LONG, Types.INT));
        nextEmission = getRuntimeContext().getState(new ValueStateDescriptor<>("next-emission", Types.LONG));
        late = getRuntimeContext().getMetricGroup().counter("lateIndicatorInputs");
        emitted = getRuntimeContext().getMetricGroup().counter("computedIndicatorValues");
    }

    @Override
    public void processElement(AqiValue day, Context ctx, Collector<IndicatorValue> out) throws Exception {
        CommuneMonth month = CommuneMonth.parse(ctx.getCurrentKey());
        long dropAt = month.dropAt(allowedLateness).toEpochMilli();
        long watermark = ctx.timerService().currentWatermark();
        if (watermark >= dropAt) {
            late.inc();
            return;
        }
        Integer before = dailyAqi.get(day.getPeriodStart().toEpochMilli());
        dailyAqi.put(day.getPeriodStart().toEpochMilli(), day.getAqi());
        ctx.timerService().registerEventTimeTimer(dropAt);
        if (before != null && GoodAirDays.isGood(before) == GoodAirDays.isGood(day.getAqi())) {
            return; // the same good and bad days: the same share
        }
        if (nextEmission.value() == null) {
            // a day's AQI is known at its end, whatever the watermark is when it comes
            long dayEnd = CommuneDay.of(month.commune(), day.getPeriodStart()).end().toEpochMilli();
            long at = EmissionCadence.next(Math.max(watermark, dayEnd - 1), month.start().toEpochMilli(),
                    month.end().toEpochMilli(), dropAt);
            nextEmission.update(at);
            ctx.timerService().registerEventTimeTimer(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<IndicatorValue> out) throws Exception {
        CommuneMonth month = CommuneMonth.parse(ctx.getCurrentKey());
        Long pending = nextEmission.value();
        if (pending != null && pending == timestamp) {
            nextEmission.clear();
            emitted.inc();
            out.collect(IndicatorValue.newBuilder()
                    .setCode(ComputedIndicator.OPS_AQI_GOOD_DAYS.code())
                    .setScope(month.commune())
                    .setPeriodType(PeriodType.MONTH)
                    .setPeriodStart(month.firstDay())
                    .setValue(GoodAirDays.percent(dailyAqi.values()))
                    .setUnit(ComputedIndicator.OPS_AQI_GOOD_DAYS.unit())
                    .setSource(ComputedIndicatorFunction.SOURCE)
                    .setReceivedAt(Instant.ofEpochMilli(timestamp))
                    .build());
        }
        if (timestamp >= month.dropAt(allowedLateness).toEpochMilli()) {
            dailyAqi.clear();
            nextEmission.clear();
        }
    }
}
