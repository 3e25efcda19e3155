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
        if (prior == null) {
            status = status(next);
        } else {
            AlertStatus before = status(prior);
            status = before.apply(transition(prior, next));
            if (status.equals(before)) {
                return;
            }
        }
        OperatorCommand held = heldAcknowledgement.value();
        if (held != null) {
            heldAcknowledgement.clear();
            ctx.timerService().deleteEventTimeTimer(held.getAt().toEpochMilli() + retentionMillis);
            status = Acknowledging.apply(status, acknowledgement(held)).alert();
        }
        emit(with(next, status), ctx, out);
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
            case ACKNOWLEDGED -> emit(with(current, outcome.alert()), ctx, out);
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

    /** The latest record of the alert (its value, threshold and message) with the state the status gives. */
    private static Alert with(Alert latest, AlertStatus status) {
        AlertStatus.Acknowledgement acknowledgement = status.acknowledgement();
        return Alert.newBuilder(latest)
                .setSeverity(status.severity())
                .setState(status.state())
                .setClearedAt(status.clearedAt() == null ? null : Instant.ofEpochMilli(status.clearedAt()))
                .setAcknowledgedBy(acknowledgement == null ? null : acknowledgement.by())
                .setAcknowledgedAt(acknowledgement == null ? null : Instant.ofEpochMilli(acknowledgement.at()))
                .setAcknowledgeNote(acknowledgement == null ? null : acknowledgement.note())
                .build();
    }
}
