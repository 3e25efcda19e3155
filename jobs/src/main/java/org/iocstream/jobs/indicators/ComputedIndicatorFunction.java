package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.time.Instant;
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
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.iocstream.jobs.rollup.ComputedIndicator;
import org.iocstream.schemas.CommuneAggregate;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.IndicatorValue;

/**
 * {@code OPS_DATA_COMPLETENESS} and {@code OPS_DEVICE_AVAILABILITY} per commune and local day, keyed by
 * {@link CommuneDay} on both inputs: {@code commune_1m} rows (the province's rows, commune {@code 40}, give the
 * province's completeness) and {@code device_status} rows. Totals are kept in a {@link ComputedDay}.
 *
 * <p>A row can come again while it is within the allowed lateness of its minute (a re-fired window, a rewritten
 * status). Each row's contribution is therefore kept by its identity, (kind, metric) or device, under its minute,
 * and a new version replaces it. A minute's contributions are dropped once the watermark has passed
 * minute + 1 min + the allowed lateness, since its rows are final by then; a row for such a minute is dropped and
 * counted in {@code lateIndicatorInputs} (it cannot come from a pipeline with the same lateness).
 *
 * <p>A change is emitted at the next 10-minute boundary of event time ({@link EmissionCadence}), and every value
 * is emitted once more when the watermark reaches the day's end (local midnight), each with {@code receivedAt} =
 * the boundary, so that {@link IndicatorJoinFunction} takes the newest. Changes after the close (late rows)
 * are emitted the same way until the day's state is dropped at {@link CommuneDay#dropAt}(allowed lateness).
 * A value is emitted only where it is defined (something expected, some device-minute known). Metric
 * {@code computedIndicatorValues}.
 */
public final class ComputedIndicatorFunction
        extends KeyedCoProcessFunction<String, CommuneAggregate, DeviceStatus, IndicatorValue> {

    /** The {@code source} of every computed value. */
    public static final String SOURCE = "ioc-stream";

    private final DailyMinutes finality;
    private final Duration allowedLateness;
    private transient ValueState<ComputedDay> totals;
    private transient MapState<Long, Map<String, Tuple2<Long, Double>>> rowContributions;
    private transient MapState<Long, Map<String, Boolean>> statusContributions;
    private transient Counter late;
    private transient Counter emitted;

    /** @param allowedLateness the pipeline's: how long after its minute a commune row or status can come again */
    public ComputedIndicatorFunction(Duration allowedLateness) {
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative, got " + allowedLateness);
        }
        this.allowedLateness = allowedLateness;
        this.finality = new DailyMinutes(allowedLateness);
    }

    @Override
    public void open(OpenContext openContext) {
        totals = getRuntimeContext().getState(
                new ValueStateDescriptor<>("computed-day", TypeInformation.of(ComputedDay.class)));
        rowContributions = getRuntimeContext().getMapState(new MapStateDescriptor<>("completeness-rows",
                Types.LONG, Types.MAP(Types.STRING, Types.TUPLE(Types.LONG, Types.DOUBLE))));
        statusContributions = getRuntimeContext().getMapState(new MapStateDescriptor<>("availability-minutes",
                Types.LONG, Types.MAP(Types.STRING, Types.BOOLEAN)));
        late = getRuntimeContext().getMetricGroup().counter("lateIndicatorInputs");
        emitted = getRuntimeContext().getMetricGroup().counter("computedIndicatorValues");
    }

    @Override
    public void processElement1(CommuneAggregate row, Context ctx, Collector<IndicatorValue> out) throws Exception {
        long minute = row.getWindowStart().toEpochMilli();
        if (finality.isFinal(minute, ctx.timerService().currentWatermark())) {
            late.inc();
            return;
        }
        ComputedDay day = day(ctx);
        Map<String, Tuple2<Long, Double>> rows = DailyMinutes.orEmpty(rowContributions.get(minute));
        String identity = row.getKind() + "/" + row.getMetric();
        boolean expects = row.getExpectedReadings() > 0 && Double.isFinite(row.getExpectedReadings());
        Tuple2<Long, Double> before = expects ? rows.put(identity, Tuple2.of(row.getCount(), row.getExpectedReadings()))
                : rows.remove(identity);
        day.replaceReadings(before == null ? 0 : before.f0, before == null ? 0 : before.f1,
                expects ? row.getCount() : 0, expects ? row.getExpectedReadings() : 0);
        if (rows.isEmpty()) {
            rowContributions.remove(minute);
        } else {
            rowContributions.put(minute, rows);
        }
        scheduleEmission(day, ctx);
        totals.update(day);
    }

    @Override
    public void processElement2(DeviceStatus status, Context ctx, Collector<IndicatorValue> out) throws Exception {
        long minute = status.getAt().toEpochMilli();
        if (finality.isFinal(minute, ctx.timerService().currentWatermark())) {
            late.inc();
            return;
        }
        ComputedDay day = day(ctx);
        Map<String, Boolean> statuses = DailyMinutes.orEmpty(statusContributions.get(minute));
        Boolean online = status.getOnline();
        Boolean before = online == null ? statuses.remove(status.getDeviceId())
                : statuses.put(status.getDeviceId(), online);
        day.replaceStatus(before, online);
        if (statuses.isEmpty()) {
            statusContributions.remove(minute);
        } else {
            statusContributions.put(minute, statuses);
        }
        scheduleEmission(day, ctx);
        totals.update(day);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<IndicatorValue> out) throws Exception {
        ComputedDay day = totals.value();
        if (day == null) {
            return;
        }
        CommuneDay communeDay = CommuneDay.parse(ctx.getCurrentKey());
        if (timestamp == day.nextEmission) {
            day.nextEmission = ComputedDay.NONE;
        }
        boolean closing = !day.closed && timestamp >= communeDay.end().toEpochMilli();
        Instant at = Instant.ofEpochMilli(timestamp);
        if (closing || day.completenessChanged) {
            emit(communeDay, ComputedIndicator.OPS_DATA_COMPLETENESS, day.completenessPercent(), at, out);
            day.completenessChanged = false;
        }
        if (closing || day.availabilityChanged) {
            emit(communeDay, ComputedIndicator.OPS_DEVICE_AVAILABILITY, day.availabilityPercent(), at, out);
            day.availabilityChanged = false;
        }
        day.closed |= closing;
        if (timestamp >= communeDay.dropAt(allowedLateness).toEpochMilli()) {
            totals.clear();
            rowContributions.clear();
            statusContributions.clear();
            return;
        }
        long watermark = ctx.timerService().currentWatermark();
        finality.forgetFinal(rowContributions, watermark);
        finality.forgetFinal(statusContributions, watermark);
        totals.update(day);
    }

    /** The key's totals; a new day also gets its close and drop timers. */
    private ComputedDay day(Context ctx) throws Exception {
        ComputedDay day = totals.value();
        if (day == null) {
            day = new ComputedDay();
            CommuneDay communeDay = CommuneDay.parse(ctx.getCurrentKey());
            ctx.timerService().registerEventTimeTimer(communeDay.end().toEpochMilli());
            ctx.timerService().registerEventTimeTimer(communeDay.dropAt(allowedLateness).toEpochMilli());
        }
        return day;
    }

    private void scheduleEmission(ComputedDay day, Context ctx) {
        if (day.nextEmission != ComputedDay.NONE) {
            return;
        }
        CommuneDay communeDay = CommuneDay.parse(ctx.getCurrentKey());
        day.nextEmission = EmissionCadence.next(ctx.timerService().currentWatermark(),
                communeDay.start().toEpochMilli(), communeDay.end().toEpochMilli(),
                communeDay.dropAt(allowedLateness).toEpochMilli());
        ctx.timerService().registerEventTimeTimer(day.nextEmission);
    }

    private void emit(CommuneDay communeDay, ComputedIndicator indicator, double percent, Instant at,
            Collector<IndicatorValue> out) {
        if (Double.isNaN(percent)) {
            return;
        }
        emitted.inc();
        out.collect(DailyMinutes.value(communeDay, indicator, percent, at));
    }



}
