package org.iocstream.jobs.alerting;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.iocstream.jobs.alerts.AcknowledgeCommand;
import org.iocstream.jobs.alerts.Acknowledging;
import org.iocstream.jobs.alerts.AlertStatus;
import org.iocstream.jobs.alerts.CameraEvents;
import org.iocstream.jobs.alerts.Transition;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.OperatorCommand;

/**
 * The life of one alert, keyed by alert id: its transitions (input 1) and the operators' commands (input 2), with
 * the acknowledgement rules of {@link AlertStatus} and {@link Acknowledging}. Out: the alert each time it changes,
 * with the acknowledgement it carries. An acknowledgement is kept through later transitions, except an escalation,
 * which withdraws it (the operator acknowledged a milder situation). A replayed transition or a second
 * acknowledgement emits nothing. An active {@link CameraEvents#RULE} alert, which nothing in the data clears, is
 * CLEARED by its acknowledgement ({@code clearedAt} = the acknowledgement's time), and then forgotten like any
 * cleared alert; a replay of its raise after that changes nothing.
 *
 * <p><b>Raise time.</b> Every record it emits carries the alert's {@code raisedAt}: the record timestamp of the first
 * ACTIVE record seen for the id, which is the raise in event time. Each alert source emits its raise with that
 * timestamp: an event-time timer's records carry the timer's time ({@code DeviceAlertFunction}: report time + the
 * evaluation delay, or the offline timer; {@code GatewaySilenceFunction} likewise), a record emitted for an input
 * carries the input's ({@code GatewayOfflineFunction}: the status's {@code receivedAt};
 * {@code StormSuppressionFunction} passes its members' timestamps on and stamps a grouped alert with the member's
 * that changed it). The raise time is kept in the state with the alert, so later transitions, acknowledgements, a
 * replayed record and a restart from a checkpoint all keep it. It is null when the raise has no timestamp, as the
 * stale-feed alerts, raised by a processing-time timer, have none (their episode start is already the moment the
 * feed went stale, on the wall clock), and when the first record seen is already CLEARED. An alert restored from
 * state written before the field existed reads it as null and keeps it null: its raise is not seen again.
 *
 * <p>The command and alert topics are read side by side, so an acknowledgement can come before its alert. It is
 * then held for {@code retention} after it was given and applied when the alert arrives; if the alert does not come
 * by then it is dropped. Both are counted: {@code acknowledgementsForUnknownAlerts} and
 * {@code expiredAcknowledgements}. A cleared alert is forgotten {@code retention} after it cleared, in event time.
 * Other metrics: {@code repeatedAcknowledgements}, {@code invalidCommands} (no one named as giving it).
 */
public final class AlertLifecycleFunction extends KeyedCoProcessFunction<String, Alert, OperatorCommand, Alert> {

    private final long retentionMillis;

    private transient ValueState<Alert> alert;
    private transient ValueState<OperatorCommand> heldAcknowledgement;
    private transient Counter unknownAlerts;
    private transient Counter expired;
    private transient Counter repeated;
    private transient Counter invalid;

    /** @param retention how long a cleared alert, or an acknowledgement of an alert not seen yet, is kept */
    public AlertLifecycleFunction(Duration retention) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("the retention must not be negative, got " + retention);
        }
        this.retentionMillis = retention.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        alert = getRuntimeContext().getState(new ValueStateDescriptor<>("alert", new AvroTypeInfo<>(Alert.class)));
        heldAcknowledgement = getRuntimeContext().getState(new ValueStateDescriptor<>("held-acknowledgement",
                new AvroTypeInfo<>(OperatorCommand.class)));
        unknownAlerts = getRuntimeContext().getMetricGroup().counter("acknowledgementsForUnknownAlerts");
        expired = getRuntimeContext().getMetricGroup().counter("expiredAcknowledgements");
        repeated = getRuntimeContext().getMetricGroup().counter("repeatedAcknowledgements");
        invalid = getRuntimeContext().getMetricGroup().counter("invalidCommands");
    }

    @Override
    public void processElement1(Alert next, Context ctx, Collector<Alert> out) throws Exception {
        Alert prior = alert.value();
        AlertStatus status;
        Instant raisedAt;
        if (prior == null) {
            status = status(next);
            raisedAt = next.getState() == AlertState.ACTIVE && ctx.timestamp() != null
                    ? Instant.ofEpochMilli(ctx.timestamp()) : null;
        } else {
            AlertStatus before = status(prior);
            status = before.apply(transition(prior, next));
            if (status.equals(before)) {
                return;
            }
            raisedAt = prior.getRaisedAt();
        }
        OperatorCommand held = heldAcknowledgement.value();
        if (held != null) {
            heldAcknowledgement.clear();
            ctx.timerService().deleteEventTimeTimer(held.getAt().toEpochMilli() + retentionMillis);
            status = Acknowledging.apply(status, acknowledgement(held)).alert();
        }
        emit(with(next, status, raisedAt), ctx, out);
    }

    @Override
    public void processElement2(OperatorCommand command, Context ctx, Collector<Alert> out) throws Exception {
        if (command.getBy().isBlank()) {
            invalid.inc();
            return;
        }
        Alert current = alert.value();
        Acknowledging.Outcome outcome = Acknowledging.apply(current == null ? null : status(current),
                acknowledgement(command));
        switch (outcome.result()) {
            case ACKNOWLEDGED -> emit(with(current, outcome.alert(), current.getRaisedAt()), ctx, out);
            case ALREADY_ACKNOWLEDGED -> repeated.inc();
            case UNKNOWN_ALERT -> {
                unknownAlerts.inc();
                if (heldAcknowledgement.value() == null) { // the first acknowledgement stands
                    heldAcknowledgement.update(command);
                    ctx.timerService().registerEventTimeTimer(command.getAt().toEpochMilli() + retentionMillis);
                }
            }
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        Alert current = alert.value();
        if (current != null && current.getState() == AlertState.CLEARED
                && current.getClearedAt().toEpochMilli() + retentionMillis <= timestamp) {
            alert.clear();
        }
        OperatorCommand held = heldAcknowledgement.value();
        if (held != null && held.getAt().toEpochMilli() + retentionMillis <= timestamp) {
            heldAcknowledgement.clear();
            expired.inc();
        }
    }

    private void emit(Alert emitted, Context ctx, Collector<Alert> out) throws Exception {
        alert.update(emitted);
        if (emitted.getState() == AlertState.CLEARED) {
            ctx.timerService().registerEventTimeTimer(emitted.getClearedAt().toEpochMilli() + retentionMillis);
        }
        out.collect(emitted);
    }

    private static AcknowledgeCommand acknowledgement(OperatorCommand command) {
        return new AcknowledgeCommand(command.getAlertId(), command.getBy(), command.getAt().toEpochMilli(),
                command.getNote());
    }

    private static AlertStatus status(Alert alert) {
        AlertStatus.Acknowledgement acknowledgement = alert.getAcknowledgedBy() == null ? null
                : new AlertStatus.Acknowledgement(alert.getAcknowledgedBy(), alert.getAcknowledgedAt().toEpochMilli(),
                        alert.getAcknowledgeNote());
        return new AlertStatus(alert.getAlertId(), alert.getRule(), alert.getSubject(), alert.getSeverity(),
                alert.getState(), alert.getEpisodeStart().toEpochMilli(),
                alert.getClearedAt() == null ? null : alert.getClearedAt().toEpochMilli(), acknowledgement);
    }

    /** The change from {@code prior} to {@code next}, as {@link AlertStatus#apply} takes it. */
    private static Transition transition(Alert prior, Alert next) {
        long episodeStart = next.getEpisodeStart().toEpochMilli();
        Transition.Type type = next.getState() == AlertState.CLEARED ? Transition.Type.CLEARED
                : next.getSeverity() != prior.getSeverity() ? Transition.Type.SEVERITY_CHANGED
                : Transition.Type.RAISED;
        long time = next.getClearedAt() == null ? episodeStart : next.getClearedAt().toEpochMilli();
        return new Transition(type, next.getSeverity(), episodeStart, time, time,
                next.getValue() == null ? Double.NaN : next.getValue(),
                next.getThreshold() == null ? Double.NaN : next.getThreshold());
    }

    /**
     * The latest record of the alert (its value, threshold and message) with the state the status gives and the
     * alert's raise time (an input record carries none of its own).
     */
    private static Alert with(Alert latest, AlertStatus status, Instant raisedAt) {
        AlertStatus.Acknowledgement acknowledgement = status.acknowledgement();
        return Alert.newBuilder(latest)
                .setSeverity(status.severity())
                .setState(status.state())
                .setClearedAt(status.clearedAt() == null ? null : Instant.ofEpochMilli(status.clearedAt()))
                .setAcknowledgedBy(acknowledgement == null ? null : acknowledgement.by())
                .setAcknowledgedAt(acknowledgement == null ? null : Instant.ofEpochMilli(acknowledgement.at()))
                .setAcknowledgeNote(acknowledgement == null ? null : acknowledgement.note())
                .setRaisedAt(raisedAt)
                .build();
    }
}
