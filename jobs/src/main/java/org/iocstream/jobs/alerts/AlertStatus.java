package org.iocstream.jobs.alerts;

import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.Severity;

/**
 * The current state of one alert: ACTIVE or CLEARED, and whether an operator has acknowledged it. Times are epoch
 * milliseconds; {@code clearedAt} is null while active and {@code acknowledgement} null until acknowledged.
 */
public record AlertStatus(String alertId, String rule, String subject, Severity severity, AlertState state,
        long episodeStart, Long clearedAt, Acknowledgement acknowledgement) {

    /** Who acknowledged the alert, when (epoch ms) and with what note. */
    public record Acknowledgement(String by, long at, String note) {
    }

    /** The alert a {@code RAISED} transition opens. */
    public static AlertStatus raised(String rule, String subject, Transition raised) {
        if (raised.type() != Transition.Type.RAISED) {
            throw new IllegalArgumentException("an alert opens with RAISED, got " + raised.type());
        }
        return new AlertStatus(AlertId.of(rule, subject, raised.episodeStart()), rule, subject, raised.severity(),
                AlertState.ACTIVE, raised.episodeStart(), null, null);
    }

    public boolean isAcknowledged() {
        return acknowledgement != null;
    }

    /**
     * The alert after a later transition of its episode. A replayed transition (RAISED again, anything after
     * CLEARED) leaves it as it is. An escalation withdraws the acknowledgement, because the operator acknowledged
     * a milder situation; a de-escalation keeps it.
     *
     * @throws IllegalArgumentException for a transition of another episode
     */
    public AlertStatus apply(Transition transition) {
        if (transition.episodeStart() != episodeStart) {
            throw new IllegalArgumentException(alertId + " cannot take a transition of the episode that started at "
                    + transition.episodeStart());
        }
        if (state == AlertState.CLEARED || transition.type() == Transition.Type.RAISED) {
            return this;
        }
        if (transition.type() == Transition.Type.CLEARED) {
            return new AlertStatus(alertId, rule, subject, severity, AlertState.CLEARED, episodeStart,
                    transition.time(), acknowledgement);
        }
        Acknowledgement kept = SeverityOrder.isMoreSevere(transition.severity(), severity) ? null : acknowledgement;
        return new AlertStatus(alertId, rule, subject, transition.severity(), state, episodeStart, clearedAt, kept);
    }
}
