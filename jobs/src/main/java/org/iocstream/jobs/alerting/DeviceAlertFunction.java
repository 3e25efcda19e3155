package org.iocstream.jobs.alerting;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
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
import org.iocstream.jobs.alerts.AlertRules;
import org.iocstream.jobs.alerts.CameraEvents;
import org.iocstream.jobs.alerts.ConditionChange;
import org.iocstream.jobs.alerts.ConditionRun;
import org.iocstream.jobs.alerts.DeviceCondition;
import org.iocstream.jobs.alerts.DeviceConditionEvaluator;
import org.iocstream.jobs.alerts.EpisodeState;
import org.iocstream.jobs.alerts.Observation;
import org.iocstream.jobs.alerts.ThresholdEvaluator;
import org.iocstream.jobs.alerts.ThresholdRule;
import org.iocstream.jobs.alerts.Transition;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.Severity;

/**
 * The alerts of one device, keyed by device id: its kind's condition rules ({@link DeviceCondition}), a camera's
 * events ({@link CameraEvents}: raised at the report, never cleared here), the threshold rules of its metrics
 * ({@link AlertRules#rulesFor}) and {@value #OFFLINE_RULE}. Readings are buffered as reports
 * (a device's readings with the same time, in epoch ms) and evaluated in event-time order once the watermark is
 * {@code evaluationDelay} past them, so that every reading of a report is in and the result does not depend on
 * arrival order. A reading whose report has already been evaluated is dropped and counted ({@code lateReadings}).
 *
 * <p>Device offline: a device of a kind with a reporting interval that sends nothing for
 * {@code missed-intervals × interval} after its last report raises an alert starting at that last report, when
 * event time reaches that point (a timer); its next report clears it. Only a device's silences after its first
 * report can be seen: a device never heard from since the job started raises nothing.
 *
 * <p>Out: one {@link Alert} per raise, severity change or clear.
 */
public final class DeviceAlertFunction extends KeyedProcessFunction<String, Reading, Alert> {

    public static final String OFFLINE_RULE = "device-offline";

    private final AlertRules rules;
    private final long delayMillis;

    private transient MapState<Long, List<Reading>> pendingReports;
    private transient ValueState<DeviceMark> device;
    private transient MapState<String, ConditionRun> conditionRuns;
    private transient MapState<String, EpisodeState> thresholdEpisodes;
    private transient Counter lateReadings;

    /**
     * What is remembered about a device between reports: where it is, its kind, its latest evaluated report and,
     * while it is offline, since when ({@link EpisodeState#NONE} otherwise).
     */
    public record DeviceMark(String commune, String kind, long lastReport, long offlineSince) {
    }

    /**
     * @param evaluationDelay how far the watermark must be past a report before it is evaluated: zero for readings
     *     that arrive within the watermark's bound, more to wait for a gateway's store-and-forward backlog
     */
    public DeviceAlertFunction(AlertRules rules, Duration evaluationDelay) {
        if (evaluationDelay.isNegative()) {
            throw new IllegalArgumentException("the evaluation delay must not be negative, got " + evaluationDelay);
        }
        this.rules = rules;
        this.delayMillis = evaluationDelay.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        pendingReports = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-reports", Types.LONG,
                Types.LIST(new AvroTypeInfo<>(Reading.class))));
        device = getRuntimeContext().getState(new ValueStateDescriptor<>("device",
                TypeInformation.of(DeviceMark.class)));
        conditionRuns = getRuntimeContext().getMapState(new MapStateDescriptor<>("condition-runs", Types.STRING,
                TypeInformation.of(ConditionRun.class)));
        thresholdEpisodes = getRuntimeContext().getMapState(new MapStateDescriptor<>("threshold-episodes",
                Types.STRING, TypeInformation.of(EpisodeState.class)));
        lateReadings = getRuntimeContext().getMetricGroup().counter("lateReadings");
    }

    @Override
    public void processElement(Reading reading, Context ctx, Collector<Alert> out) throws Exception {
        long time = reading.getTime().toEpochMilli();
        if (time + delayMillis <= ctx.timerService().currentWatermark()) {
            lateReadings.inc();
            return;
        }
        List<Reading> report = pendingReports.get(time);
        List<Reading> extended = report == null ? new ArrayList<>() : new ArrayList<>(report);
        extended.add(reading);
        pendingReports.put(time, extended);
        ctx.timerService().registerEventTimeTimer(time + delayMillis);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        String deviceId = ctx.getCurrentKey();
        TreeMap<Long, List<Reading>> due = new TreeMap<>();
        for (Map.Entry<Long, List<Reading>> entry : pendingReports.entries()) {
            if (entry.getKey() + delayMillis <= timestamp) {
                due.put(entry.getKey(), entry.getValue());
            }
        }
        for (Map.Entry<Long, List<Reading>> report : due.entrySet()) {
            pendingReports.remove(report.getKey());
            evaluate(deviceId, report.getKey(), report.getValue(), ctx, out);
        }
        DeviceMark mark = device.value();
        Optional<Duration> offlineAfter = mark == null ? Optional.empty() : rules.devices().offlineAfter(mark.kind());
        // the end of a bounded input (a replay, a test) moves event time to its end at once: that is no silence
        boolean inputEnded = ctx.timerService().currentWatermark() == Long.MAX_VALUE;
        if (offlineAfter.isPresent() && mark.offlineSince() == EpisodeState.NONE && !inputEnded
                && mark.lastReport() + offlineAfter.get().toMillis() + delayMillis <= timestamp) {
            device.update(new DeviceMark(mark.commune(), mark.kind(), mark.lastReport(), mark.lastReport()));
            out.collect(AlertRecords.of(OFFLINE_RULE, deviceId, mark.commune(), Severity.MINOR, mark.lastReport(),
                    null, null, null, deviceId + ": no reading for " + offlineAfter.get().toSeconds() + " s since "
                            + Instant.ofEpochMilli(mark.lastReport())));
        }
        if (pendingReports.isEmpty()) {
            pendingReports.clear(); // an emptied map would otherwise stay in the state backend as an entry
        }
        if (conditionRuns.isEmpty()) {
            conditionRuns.clear();
        }
        if (thresholdEpisodes.isEmpty()) {
            thresholdEpisodes.clear();
        }
    }

    private void evaluate(String deviceId, long time, List<Reading> readings, OnTimerContext ctx,
            Collector<Alert> out) throws Exception {
        // a resent reading may still be here if no deduplication ran before: the first copy counts, as in the truth
        Map<String, Double> report = new LinkedHashMap<>();
        Map<String, String> texts = new LinkedHashMap<>();
        String kind = null;
        String commune = readings.get(0).getCommune();
        for (Reading reading : readings) {
            Double value = reading.getValue();
            if (value != null && Double.isFinite(value)) {
                report.putIfAbsent(reading.getMetric(), value);
            }
            if (reading.getStringValue() != null) {
                texts.putIfAbsent(reading.getMetric(), reading.getStringValue());
            }
            kind = kind == null ? reading.getKind() : kind;
        }
        DeviceMark before = device.value();
        if (before != null && before.offlineSince() != EpisodeState.NONE) {
            out.collect(AlertRecords.of(OFFLINE_RULE, deviceId, commune, Severity.MINOR, before.offlineSince(), time,
                    null, null, deviceId + ": reporting again at " + Instant.ofEpochMilli(time) + " (silent since "
                            + Instant.ofEpochMilli(before.offlineSince()) + ")"));
        }
        Optional<Duration> silentBefore = before == null ? Optional.empty()
                : rules.devices().offlineAfter(before.kind());
        if (silentBefore.isPresent()) {
            long offlineAt = before.lastReport() + silentBefore.get().toMillis();
            // the same timer may also be a later report's, which must still be evaluated
            if (!pendingReports.contains(offlineAt)) {
                ctx.timerService().deleteEventTimeTimer(offlineAt + delayMillis);
            }
        }
        Optional<Duration> offlineAfter = rules.devices().offlineAfter(kind);
        if (offlineAfter.isPresent()) {
            device.update(new DeviceMark(commune, kind, time, EpisodeState.NONE));
            ctx.timerService().registerEventTimeTimer(time + offlineAfter.get().toMillis() + delayMillis);
        } else {
            device.clear();
        }
        for (DeviceCondition condition : DeviceCondition.of(kind)) {
            DeviceConditionEvaluator.Step step = DeviceConditionEvaluator.evaluate(condition, rules.devices(),
                    conditionRuns.get(condition.id()), report, time);
            if (step.run() == null) {
                conditionRuns.remove(condition.id());
            } else {
                conditionRuns.put(condition.id(), step.run());
            }
            step.change().ifPresent(change -> out.collect(conditionAlert(condition, deviceId, commune, change)));
        }
        // an event is an episode of its own, starting and raised at its report; an acknowledgement clears it
        Optional<String> event = CameraEvents.alarming(rules.devices(), kind, texts);
        if (event.isPresent()) {
            out.collect(AlertRecords.of(CameraEvents.RULE, deviceId, commune, Severity.MAJOR, time, null, null, null,
                    deviceId + ": camera event " + event.get() + " at " + Instant.ofEpochMilli(time)));
        }
        for (Map.Entry<String, Double> metric : new TreeMap<>(report).entrySet()) {
            for (ThresholdRule rule : rules.rulesFor(metric.getKey(), deviceId)) {
                EpisodeState state = thresholdEpisodes.get(rule.id());
                ThresholdEvaluator.Evaluation evaluation = ThresholdEvaluator.evaluate(rule,
                        state == null ? EpisodeState.initial(rule) : state, new Observation(time, metric.getValue()));
                if (evaluation.state().isAtRest()) {
                    thresholdEpisodes.remove(rule.id());
                } else {
                    thresholdEpisodes.put(rule.id(), evaluation.state());
                }
                evaluation.transition().ifPresent(t -> out.collect(thresholdAlert(rule, deviceId, commune, t)));
            }
        }
    }

    private Alert conditionAlert(DeviceCondition condition, String deviceId, String commune, ConditionChange change) {
        boolean cleared = change.type() == Transition.Type.CLEARED;
        String message = deviceId + ": " + describe(condition) + (cleared
                ? ", from " + Instant.ofEpochMilli(change.since()) + " to " + Instant.ofEpochMilli(change.at())
                : " since " + Instant.ofEpochMilli(change.since()));
        return AlertRecords.of(condition.id(), deviceId, commune, Severity.MINOR, change.since(),
                cleared ? change.at() : null, change.value(), change.threshold(), message);
    }

    private String describe(DeviceCondition condition) {
        return switch (condition) {
            case LAMP_ON_BY_DAY -> "lamp on by day (ambient light above " + rules.devices().daylightLux() + " lx)";
            case LAMP_DARK_AT_NIGHT -> "lamp dark at night (off or under " + rules.devices().litWatts()
                    + " W while ambient light is below " + rules.devices().darkLux() + " lx)";
            case CAMERA_DOWN -> "camera down (offline or no stream)";
            case SPEAKER_SILENT_IN_SCHEDULE -> "speaker silent in a scheduled broadcast slot";
        };
    }

    private static Alert thresholdAlert(ThresholdRule rule, String deviceId, String commune, Transition t) {
        boolean cleared = t.type() == Transition.Type.CLEARED;
        String what = switch (t.type()) {
            case RAISED -> "raised";
            case SEVERITY_CHANGED -> "now " + t.severity();
            case CLEARED -> "cleared";
        };
        String message = String.format(Locale.ROOT, "%s: %s %s (%s %s, threshold %s)", deviceId, rule.id(), what,
                rule.metric(), (t.value() + " " + rule.unit()).trim(), t.threshold());
        return AlertRecords.of(rule.id(), deviceId, commune, t.severity(), t.episodeStart(),
                cleared ? t.time() : null, t.value(), t.threshold(), message);
    }
}
