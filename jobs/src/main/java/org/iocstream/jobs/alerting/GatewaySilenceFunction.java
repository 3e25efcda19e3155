package org.iocstream.jobs.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
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
import org.iocstream.jobs.alerts.EpisodeState;
import org.iocstream.jobs.alerts.GatewaySilence;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.Severity;

/**
 * {@value GatewayOfflineFunction#RULE} (MAJOR) by silence, for the gateways {@link GatewaySilence} watches, keyed
 * by {@link #key} ({@code commune/gateway}, the subject the Last Will path gives the same rule). A gateway's
 * reports (its readings of any device with one time) are taken in event-time order once the watermark is
 * {@code evaluationDelay} past them, as the device alerts take theirs. When event time reaches the last report +
 * the silence + the delay with no report since, the alert is raised, its episode starting at that last report;
 * the next report clears it at its time. A report of exactly the silence after the last one is still in time.
 *
 * <p>A reading whose report time has already been evaluated is dropped and counted ({@code lateReadings}). The
 * end of a bounded input moves event time to its end at once: that is no silence. Per gateway, the last report is
 * kept for as long as the job runs (it is what clears an open alert); pending reports go once evaluated.
 */
public final class GatewaySilenceFunction extends KeyedProcessFunction<String, Reading, Alert> {

    private final long silenceMillis;
    private final long delayMillis;
    private transient MapState<Long, Boolean> pendingReports;
    private transient ValueState<GatewayMark> gateway;
    private transient Counter lateReadings;

    /** What is kept of a gateway: its commune, its latest evaluated report and, while it is offline, since when. */
    public record GatewayMark(String commune, long lastReport, long offlineSince) {
        /** The gateway's first reports are still pending. */
        static final long NO_REPORT = Long.MIN_VALUE;
    }

    /**
     * @param evaluationDelay how far the watermark must be past a report before it is evaluated, as for
     *     {@link DeviceAlertFunction}
     */
    public GatewaySilenceFunction(Duration silence, Duration evaluationDelay) {
        if (silence.isNegative() || silence.isZero()) {
            throw new IllegalArgumentException("the silence must be more than zero, got " + silence);
        }
        if (evaluationDelay.isNegative()) {
            throw new IllegalArgumentException("the evaluation delay must not be negative, got " + evaluationDelay);
        }
        this.silenceMillis = silence.toMillis();
        this.delayMillis = evaluationDelay.toMillis();
    }

    /** The gateway of a reading as {@link GatewayOfflineFunction#key} names it. */
    public static String key(Reading reading) {
        return reading.getCommune() + "/" + reading.getGateway();
    }

    @Override
    public void open(OpenContext openContext) {
        pendingReports = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("pending-reports", Types.LONG, Types.BOOLEAN));
        gateway = getRuntimeContext().getState(
                new ValueStateDescriptor<>("gateway", TypeInformation.of(GatewayMark.class)));
        lateReadings = getRuntimeContext().getMetricGroup().counter("lateReadings");
    }

    @Override
    public void processElement(Reading reading, Context ctx, Collector<Alert> out) throws Exception {
        long time = reading.getTime().toEpochMilli();
        if (time + delayMillis <= ctx.timerService().currentWatermark()) {
            lateReadings.inc();
            return;
        }
        if (!pendingReports.contains(time)) {
            pendingReports.put(time, true);
            ctx.timerService().registerEventTimeTimer(time + delayMillis);
        }
        if (gateway.value() == null) {
            gateway.update(new GatewayMark(reading.getCommune(), GatewayMark.NO_REPORT, EpisodeState.NONE));
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        String subject = ctx.getCurrentKey();
        List<Long> due = new ArrayList<>();
        for (Long time : pendingReports.keys()) {
            if (time + delayMillis <= timestamp) {
                due.add(time);
            }
        }
        due.sort(null);
        GatewayMark mark = gateway.value();
        for (long time : due) {
            pendingReports.remove(time);
            if (mark.offlineSince() != EpisodeState.NONE) {
                out.collect(AlertRecords.of(GatewayOfflineFunction.RULE, subject, mark.commune(), Severity.MAJOR,
                        mark.offlineSince(), time, null, null, "gateway " + subject + " reporting again at "
                                + Instant.ofEpochMilli(time)));
            }
            if (mark.lastReport() != GatewayMark.NO_REPORT) {
                long silentAt = mark.lastReport() + silenceMillis;
                // the same timer may also be a pending report's, which must still be evaluated
                if (!pendingReports.contains(silentAt)) {
                    ctx.timerService().deleteEventTimeTimer(silentAt + delayMillis);
                }
            }
            mark = new GatewayMark(mark.commune(), time, EpisodeState.NONE);
            ctx.timerService().registerEventTimeTimer(time + silenceMillis + delayMillis);
        }
        boolean inputEnded = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        if (mark.lastReport() != GatewayMark.NO_REPORT && mark.offlineSince() == EpisodeState.NONE && !inputEnded
                && mark.lastReport() + silenceMillis + delayMillis <= timestamp) {
            mark = new GatewayMark(mark.commune(), mark.lastReport(), mark.lastReport());
            out.collect(AlertRecords.of(GatewayOfflineFunction.RULE, subject, mark.commune(), Severity.MAJOR,
                    mark.lastReport(), null, null, null, "gateway " + subject + ": nothing for "
                            + Duration.ofMillis(silenceMillis).toSeconds() + " s since "
                            + Instant.ofEpochMilli(mark.lastReport())));
        }
        gateway.update(mark);
        if (pendingReports.isEmpty()) {
            pendingReports.clear(); // an emptied map would otherwise stay in the state backend as an entry
        }
    }
}
