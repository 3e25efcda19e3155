package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.time.Instant;
import java.util.TreeMap;
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
import org.iocstream.jobs.commune.CommuneRollup;
import org.iocstream.jobs.rollup.ComputedIndicator;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.IndicatorValue;

/**
 * The indicators computed from {@code device_status} rows per commune and local day, keyed by {@link CommuneDay}
 * ({@link ComputedIndicators#key}: a row counts for the day holding its minute (at - 1 min, at]); the province's
 * copies of the rows (commune {@code 40}) give the province's values. Totals are kept in a {@link ComputedDay}:
 * {@code OPS_DATA_COMPLETENESS}, {@code OPS_DEVICE_AVAILABILITY} over all kinds but gateways and per kind
 * ({@link IndicatorValue#getKind()} set), {@code OPS_GATEWAY_UPTIME}, and, for communes only,
 * {@code INF_COMMUNE_PHYS_DIGITAL} (the province's share of communes is built from the commune values elsewhere).
 *
 * <p>A row can come again while it is within the allowed lateness of its minute (a status rewritten by a late
 * reading). Each row's contribution is therefore kept by its device under its minute, and a new version replaces
 * it. A minute's contributions are dropped once the watermark has passed the minute's end + the allowed lateness
 * (when {@code DeviceStatusFunction} can no longer rewrite it); a row for such a minute is dropped and counted in
 * {@code lateIndicatorInputs} (it cannot come from a pipeline with the same lateness).
 *
 * <p>A change is emitted at the next 10-minute boundary of event time ({@link EmissionCadence}), and every value
 * is emitted once more when the watermark reaches the day's end (local midnight), each with {@code receivedAt} =
 * the boundary, so that {@link IndicatorJoinFunction} takes the newest. Changes after the close (late rows)
 * are emitted the same way until the day's state is dropped at {@link CommuneDay#dropAt}(allowed lateness).
 * A value is emitted only where it is defined (something expected, some device-minute known). Metric
 * {@code computedIndicatorValues}.
 */
public final class ComputedIndicatorFunction extends KeyedProcessFunction<String, DeviceStatus, IndicatorValue> {

    /** The {@code source} of every computed value. */
    public static final String SOURCE = "ioc-stream";

    private final DailyMinutes finality;
    private final Duration allowedLateness;
    private transient ValueState<ComputedDay> totals;
    /**
     * Per (minute, device), its contribution. One entry each rather than a map per minute: the province's minutes
     * hold every device of the province, which RocksDB would otherwise (de)serialize whole on every status.
     */
    private transient MapState<Tuple2<Long, String>, DeviceMinute> deviceMinutes;
    private transient Counter late;
    private transient Counter emitted;

    /** @param allowedLateness the pipeline's: how long after its minute a status can be rewritten */
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
        deviceMinutes = getRuntimeContext().getMapState(new MapStateDescriptor<>("device-minute-entries",
                Types.TUPLE(Types.LONG, Types.STRING), TypeInformation.of(DeviceMinute.class)));
        late = getRuntimeContext().getMetricGroup().counter("lateIndicatorInputs");
        emitted = getRuntimeContext().getMetricGroup().counter("computedIndicatorValues");
    }

    @Override
    public void processElement(DeviceStatus status, Context ctx, Collector<IndicatorValue> out) throws Exception {
        long minute = ComputedIndicators.minuteStart(status).toEpochMilli();
        if (finality.isFinal(minute, ctx.timerService().currentWatermark())) {
            late.inc();
            return;
        }
        ComputedDay day = day(ctx);
        Tuple2<Long, String> deviceMinute = Tuple2.of(minute, status.getDeviceId());
        DeviceMinute now = DeviceMinute.of(status);
        day.replace(deviceMinutes.get(deviceMinute), now);
        deviceMinutes.put(deviceMinute, now);
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
        emitChanges(communeDay, day, closing, Instant.ofEpochMilli(timestamp), out);
        day.markEmitted();
        day.closed |= closing;
        if (timestamp >= communeDay.dropAt(allowedLateness).toEpochMilli()) {
            totals.clear();
            deviceMinutes.clear();
            return;
        }
        finality.forgetFinalEntries(deviceMinutes, ctx.timerService().currentWatermark());
        totals.update(day);
    }

    /** Every changed value, or every value at the close. */
    private void emitChanges(CommuneDay communeDay, ComputedDay day, boolean closing, Instant at,
            Collector<IndicatorValue> out) {
        if (closing || day.completenessChanged) {
            emit(communeDay, ComputedIndicator.OPS_DATA_COMPLETENESS, null, day.completenessPercent(), at, out);
        }
        if (closing || day.availabilityChanged) {
            emit(communeDay, ComputedIndicator.OPS_DEVICE_AVAILABILITY, null, day.availabilityPercent(), at, out);
        }
        // sorted, so that a replay emits in the same order
        new TreeMap<>(day.minutesByKind).forEach((kind, minutes) -> {
            if (!closing && !minutes.changed) {
                return;
            }
            if (ComputedDay.isGateway(kind)) {
                emit(communeDay, ComputedIndicator.OPS_GATEWAY_UPTIME, null, minutes.percent(), at, out);
            } else {
                emit(communeDay, ComputedIndicator.OPS_DEVICE_AVAILABILITY, kind, minutes.percent(), at, out);
            }
        });
        // the province's value is a share of communes, not of devices: it is built from the commune values
        if (!CommuneRollup.PROVINCE.equals(communeDay.commune()) && (closing || day.physicalDigitalChanged)) {
            emit(communeDay, ComputedIndicator.INF_COMMUNE_PHYS_DIGITAL, null, day.physicalDigitalPercent(), at, out);
        }
    }

    /** The key's totals; a new day also gets its close and drop timers. */
    private ComputedDay day(Context ctx) throws Exception {
        ComputedDay day = totals.value();
        if (day == null) {
            day = new ComputedDay();
            DailyMinutes.registerCloseAndDrop(CommuneDay.parse(ctx.getCurrentKey()), allowedLateness,
                    ctx.timerService());
        }
        return day;
    }

    private void scheduleEmission(ComputedDay day, Context ctx) {
        if (day.nextEmission != ComputedDay.NONE) {
            return;
        }
        day.nextEmission = CommuneDay.parse(ctx.getCurrentKey())
                .nextEmission(ctx.timerService().currentWatermark(), allowedLateness);
        ctx.timerService().registerEventTimeTimer(day.nextEmission);
    }

    private void emit(CommuneDay communeDay, ComputedIndicator indicator, String kind, double percent, Instant at,
            Collector<IndicatorValue> out) {
        if (Double.isNaN(percent)) {
            return;
        }
        emitted.inc();
        out.collect(DailyMinutes.value(communeDay, indicator, kind, percent, at));
    }
}
