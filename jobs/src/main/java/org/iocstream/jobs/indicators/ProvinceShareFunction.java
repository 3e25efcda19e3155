package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iocstream.connectors.indicators.Scopes;
import org.iocstream.jobs.rollup.CommuneCoverage;
import org.iocstream.jobs.rollup.ComputedIndicator;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.PeriodType;

/**
 * The province's ({@link Scopes#PROVINCE}) {@code INF_COMMUNE_PHYS_DIGITAL} and {@code INF_COMMUNE_RADIO_ICT} per
 * local day, from the communes' own values of the same code, keyed by (code, day) ({@link ProvinceShares#key}):
 * 100 × communes at {@link CommuneCoverage#COVERED} / all the province's communes
 * ({@link CommuneCoverage#sharePercent}), so a commune that sent no value counts against it; there is no share
 * before some commune's value counts.
 *
 * <p>Per commune the value with the latest {@code receivedAt} counts, as in {@link IndicatorJoinFunction}: the
 * upstream operators emit a commune's value again at each change and at the day's close, each later than the one
 * before; an earlier or equal one is dropped and counted ({@code outdatedIndicatorValues}). A value whose scope is
 * not one of the communes, whose period is not a DAY, whose code is not one of {@link ProvinceShares#CODES} or whose
 * value is neither 100 nor 0 ({@link CommuneCoverage#isCommuneValue}) is dropped and counted
 * ({@code invalidIndicatorValues}).
 *
 * <p>Each commune value counts from the emission boundary it was emitted at, its {@code receivedAt} (or, if the
 * watermark is already past that, from the next boundary): it waits in state until the watermark reaches that
 * boundary, so the province's value at a boundary is made of the commune values stamped up to it, however far the
 * upstream operators' watermarks ran ahead of this one's, and a replay gives the same values. Cadence as in
 * {@link ComputedIndicatorFunction}: a change of the share is emitted at that boundary, the share again at local
 * midnight, corrections until {@link CommuneDay#dropAt}(allowed lateness), each with {@code receivedAt} = the
 * boundary. The upstream operators keep their days as long, so their last correction (at that same instant) still
 * counts here. A value for a day already dropped is counted in {@code lateIndicatorInputs} and left out. Metric
 * {@code computedIndicatorValues}.
 */
public final class ProvinceShareFunction extends KeyedProcessFunction<String, IndicatorValue, IndicatorValue> {

    private final Duration allowedLateness;
    private final HashSet<String> communes;
    private transient ValueState<CoverageDay> totals;
    /** Per commune counted this day: its latest {@code receivedAt} and whether it was covered. */
    private transient MapState<String, Tuple2<Long, Boolean>> communeValues;
    /** Per emission boundary, the commune values that count from it on, newest per commune. */
    private transient MapState<Long, Map<String, Tuple2<Long, Boolean>>> pending;
    private transient Counter late;
    private transient Counter invalid;
    private transient Counter outdated;
    private transient Counter emitted;

    /**
     * @param communes the province's commune codes: the denominator, and the only scopes taken
     * @param allowedLateness the upstream operators': how long after its day closed a commune value can still be
     *     corrected, and so how long the day's state is kept (rounded up to a 10-minute boundary)
     */
    public ProvinceShareFunction(Collection<String> communes, Duration allowedLateness) {
        if (communes.isEmpty()) {
            throw new IllegalArgumentException("the province needs communes");
        }
        if (communes.contains(Scopes.PROVINCE)) {
            throw new IllegalArgumentException("the province " + Scopes.PROVINCE + " is not one of its communes");
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative, got " + allowedLateness);
        }
        this.communes = new HashSet<>(communes);
        this.allowedLateness = allowedLateness;
    }

    @Override
    public void open(OpenContext openContext) {
        totals = getRuntimeContext().getState(
                new ValueStateDescriptor<>("province-share-day", TypeInformation.of(CoverageDay.class)));
        communeValues = getRuntimeContext().getMapState(new MapStateDescriptor<>("commune-values", Types.STRING,
                Types.TUPLE(Types.LONG, Types.BOOLEAN)));
        pending = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-commune-values", Types.LONG,
                Types.MAP(Types.STRING, Types.TUPLE(Types.LONG, Types.BOOLEAN))));
        late = getRuntimeContext().getMetricGroup().counter("lateIndicatorInputs");
        invalid = getRuntimeContext().getMetricGroup().counter("invalidIndicatorValues");
        outdated = getRuntimeContext().getMetricGroup().counter("outdatedIndicatorValues");
        emitted = getRuntimeContext().getMetricGroup().counter("computedIndicatorValues");
    }

    @Override
    public void processElement(IndicatorValue value, Context ctx, Collector<IndicatorValue> out) throws Exception {
        if (!isValid(value)) {
            invalid.inc();
            return;
        }
        CommuneDay provinceDay = provinceDay(ctx.getCurrentKey());
        long watermark = ctx.timerService().currentWatermark();
        long dropAt = provinceDay.dropAt(allowedLateness).toEpochMilli();
        if (watermark >= dropAt) {
            late.inc();
            return;
        }
        if (totals.value() == null) {
            totals.update(new CoverageDay());
            ctx.timerService().registerEventTimeTimer(provinceDay.end().toEpochMilli());
            ctx.timerService().registerEventTimeTimer(dropAt);
        }
        // counted from the boundary it was emitted at, or the next one the watermark allows if that has passed
        long receivedAt = value.getReceivedAt().toEpochMilli();
        long boundary = Math.min(dropAt, Math.max(EmissionCadence.ceil(receivedAt), EmissionCadence.next(watermark,
                provinceDay.start().toEpochMilli(), provinceDay.end().toEpochMilli(), dropAt)));
        Map<String, Tuple2<Long, Boolean>> waiting = DailyMinutes.orEmpty(pending.get(boundary));
        Tuple2<Long, Boolean> before = waiting.get(value.getScope());
        if (before != null && receivedAt <= before.f0) {
            outdated.inc();
            return;
        }
        waiting.put(value.getScope(), Tuple2.of(receivedAt, value.getValue() == CommuneCoverage.COVERED));
        pending.put(boundary, waiting);
        ctx.timerService().registerEventTimeTimer(boundary);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<IndicatorValue> out) throws Exception {
        CoverageDay day = totals.value();
        if (day == null) {
            return;
        }
        CommuneDay provinceDay = provinceDay(ctx.getCurrentKey());
        applyPending(day, timestamp);
        boolean closing = !day.closed && timestamp >= provinceDay.end().toEpochMilli();
        double percent = percent(day);
        // before any commune value counts the share says nothing (a day whose values all came after its close)
        if (day.members > 0 && (closing || percent != day.emitted)) {
            emitted.inc();
            ComputedIndicator indicator = ComputedIndicator.valueOf(ProvinceShares.code(ctx.getCurrentKey()));
            out.collect(DailyMinutes.value(provinceDay, indicator, percent, Instant.ofEpochMilli(timestamp)));
            day.emitted = percent;
        }
        day.closed |= closing;
        if (timestamp >= provinceDay.dropAt(allowedLateness).toEpochMilli()) {
            totals.clear();
            communeValues.clear();
            pending.clear();
            return;
        }
        totals.update(day);
    }

    /** The commune values waiting for a boundary up to {@code boundary}, in boundary order, replace older ones. */
    private void applyPending(CoverageDay day, long boundary) throws Exception {
        List<Long> due = new ArrayList<>();
        for (Long waiting : pending.keys()) {
            if (waiting <= boundary) {
                due.add(waiting);
            }
        }
        due.sort(null);
        for (Long waiting : due) {
            for (Map.Entry<String, Tuple2<Long, Boolean>> value : pending.get(waiting).entrySet()) {
                Tuple2<Long, Boolean> before = communeValues.get(value.getKey());
                if (before != null && value.getValue().f0 <= before.f0) {
                    outdated.inc();
                    continue;
                }
                boolean covered = value.getValue().f1;
                communeValues.put(value.getKey(), value.getValue());
                day.members += before == null ? 1 : 0;
                day.covered += (covered ? 1 : 0) - (before != null && before.f1 ? 1 : 0);
            }
            pending.remove(waiting);
        }
        if (pending.isEmpty()) {
            pending.clear(); // an emptied map would otherwise stay in the state backend as an entry
        }
    }

    private boolean isValid(IndicatorValue value) {
        return ProvinceShares.CODES.contains(value.getCode()) && value.getPeriodType() == PeriodType.DAY
                && communes.contains(value.getScope()) && CommuneCoverage.isCommuneValue(value.getValue());
    }

    private double percent(CoverageDay day) {
        return CommuneCoverage.sharePercent(day.covered, communes.size());
    }

    /** The province on the key's day, for its bounds and for the values' scope and period. */
    private static CommuneDay provinceDay(String key) {
        return new CommuneDay(Scopes.PROVINCE, ProvinceShares.day(key));
    }
}
