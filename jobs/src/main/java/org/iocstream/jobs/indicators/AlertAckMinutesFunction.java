package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.PeriodType;

/**
 * {@code OPS_ALERT_ACK_MINUTES} per scope (a commune, or the province {@code 40}) and local day of the episode
 * start, keyed by {@link CommuneDay}: the {@link Median} over the day's acknowledged alerts of the minutes from
 * the alert's raise ({@code raisedAt}, or the episode start for an alert without one) to its acknowledgement, so
 * the rules' detection delays are not the operators'. Input: {@link AcknowledgedAlert}s made from the alert
 * lifecycle's records.
 *
 * <p><b>One alert counts once.</b> The lifecycle emits an alert again on every change (severity, clear), each
 * carrying its acknowledgement. Per alert id the earliest acknowledgement seen is kept ({@code responses}): the
 * operator's first response. An escalation withdraws an acknowledgement in the lifecycle, and a later one may
 * follow; the first response to the alert still stands here, so a value never loses an alert (the KPI join has no
 * retraction). An acknowledgement stamped before the raise (the operator's clock behind the devices' or the
 * ingest's) counts as 0 minutes, as the lifecycle clears a camera event no earlier than its start, and is counted in
 * {@code acknowledgementsBeforeRaise}.
 *
 * <p><b>Time.</b> {@code acknowledgedAt} is the operator's wall clock; the raise (the ingest's clock for a Last
 * Will), the episode start and the watermarks are event time (the readings'; the lifecycle's other inputs, commands
 * included, carry end-of-time watermarks). Nothing here waits on the wall clock: the key is the episode start's day,
 * and emission and cleanup are event-time timers. An acknowledgement can come long after its alert was raised, so a day's state is kept
 * {@code acknowledgementWindow} after the day ended ({@link CommuneDay#dropAt}); an acknowledgement that arrives
 * after that is dropped and counted in {@code lateAcknowledgements}. A change is emitted at the next 10-minute
 * boundary of event time ({@link EmissionCadence}), {@code receivedAt} = the boundary, so the KPI join keeps the
 * newest and a replay gives the same values; there is no separate close, since a value changes only with a new
 * acknowledged alert. Metric {@code computedIndicatorValues}.
 */
public final class AlertAckMinutesFunction extends KeyedProcessFunction<String, AcknowledgedAlert, IndicatorValue> {

    private static final double MINUTE_MILLIS = Duration.ofMinutes(1).toMillis();

    private final Duration acknowledgementWindow;
    private transient MapState<String, Long> responses;
    private transient ValueState<Long> nextEmission;
    private transient Counter late;
    private transient Counter beforeRaise;
    private transient Counter emitted;

    /** @param acknowledgementWindow how long after a day ended an acknowledgement of its alerts still counts */
    public AlertAckMinutesFunction(Duration acknowledgementWindow) {
        if (acknowledgementWindow.isNegative()) {
            throw new IllegalArgumentException("the acknowledgement window must not be negative, got "
                    + acknowledgementWindow);
        }
        this.acknowledgementWindow = acknowledgementWindow;
    }

    @Override
    public void open(OpenContext openContext) {
        responses = getRuntimeContext().getMapState(new MapStateDescriptor<>("responses", Types.STRING, Types.LONG));
        nextEmission = getRuntimeContext().getState(new ValueStateDescriptor<>("next-emission", Types.LONG));
        late = getRuntimeContext().getMetricGroup().counter("lateAcknowledgements");
        beforeRaise = getRuntimeContext().getMetricGroup().counter("acknowledgementsBeforeRaise");
        emitted = getRuntimeContext().getMetricGroup().counter("computedIndicatorValues");
    }

    @Override
    public void processElement(AcknowledgedAlert alert, Context ctx, Collector<IndicatorValue> out)
            throws Exception {
        CommuneDay day = CommuneDay.parse(ctx.getCurrentKey());
        long dropAt = day.dropAt(acknowledgementWindow).toEpochMilli();
        long watermark = ctx.timerService().currentWatermark();
        if (watermark >= dropAt) {
            late.inc();
            return;
        }
        Long first = responses.get(alert.alertId);
        if (first != null && first <= alert.responseMillis) {
            return; // a later record of an alert already counted
        }
        if (alert.responseMillis < 0 && (first == null || first >= 0)) {
            beforeRaise.inc();
        }
        responses.put(alert.alertId, alert.responseMillis);
        ctx.timerService().registerEventTimeTimer(dropAt);
        if (nextEmission.value() == null) {
            long at = day.nextEmission(watermark, acknowledgementWindow);
            nextEmission.update(at);
            ctx.timerService().registerEventTimeTimer(at);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<IndicatorValue> out) throws Exception {
        CommuneDay day = CommuneDay.parse(ctx.getCurrentKey());
        Long pending = nextEmission.value();
        if (pending != null && pending == timestamp) {
            nextEmission.clear();
            List<Double> minutes = new ArrayList<>();
            for (long response : responses.values()) {
                minutes.add(Math.max(response, 0) / MINUTE_MILLIS);
            }
            emitted.inc();
            out.collect(IndicatorValue.newBuilder()
                    .setCode(ComputedIndicator.OPS_ALERT_ACK_MINUTES.code())
                    .setScope(day.commune())
                    .setPeriodType(PeriodType.DAY)
                    .setPeriodStart(day.day())
                    .setValue(Median.of(minutes))
                    .setUnit(ComputedIndicator.OPS_ALERT_ACK_MINUTES.unit())
                    .setSource(ComputedIndicatorFunction.SOURCE)
                    .setReceivedAt(Instant.ofEpochMilli(timestamp))
                    .build());
        }
        if (timestamp >= day.dropAt(acknowledgementWindow).toEpochMilli()) {
            responses.clear();
            nextEmission.clear();
        }
    }
}
