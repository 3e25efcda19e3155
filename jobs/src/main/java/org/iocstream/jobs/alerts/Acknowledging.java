package org.iocstream.jobs.alerts;

import org.iocstream.jobs.alerts.AlertStatus.Acknowledgement;
import org.iocstream.schemas.AlertState;

/**
 * Applies an operator's acknowledgement to the alert it names. An active or a cleared alert can be acknowledged
 * (an operator confirms having seen an episode that is already over); the first acknowledgement stands, so a
 * second one or a replay of the command topic changes nothing; an id with no alert is refused and creates none.
 *
 * <p>An alert of a rule that nothing in the data clears ({@link CameraEvents#clearsOnAcknowledgement}: the camera
 * event) is also CLEARED by its acknowledgement, at the acknowledgement's time, or at the episode start if the
 * acknowledgement is stamped earlier (a clock ahead of the camera's), so that an episode never ends before it began.
 */
public final class Acknowledging {

    private Acknowledging() {
    }

    public enum Result {
        ACKNOWLEDGED,
        ALREADY_ACKNOWLEDGED,
        UNKNOWN_ALERT
    }

    /** The result and the alert afterwards; the alert is null exactly when the result is UNKNOWN_ALERT. */
    public record Outcome(Result result, AlertStatus alert) {
    }

    /** @param current the alert with the command's id, or null if there is none (as Flink's ValueState gives) */
    public static Outcome apply(AlertStatus current, AcknowledgeCommand command) {
        if (current == null) {
            return new Outcome(Result.UNKNOWN_ALERT, null);
        }
        if (!current.alertId().equals(command.alertId())) {
            throw new IllegalArgumentException("the command for " + command.alertId() + " was given the alert "
                    + current.alertId());
        }
        if (current.isAcknowledged()) {
            return new Outcome(Result.ALREADY_ACKNOWLEDGED, current);
        }
        boolean clears = current.state() == AlertState.ACTIVE && CameraEvents.clearsOnAcknowledgement(current.rule());
        AlertStatus acknowledged = new AlertStatus(current.alertId(), current.rule(), current.subject(),
                current.severity(), clears ? AlertState.CLEARED : current.state(), current.episodeStart(),
                clears ? Long.valueOf(Math.max(command.at(), current.episodeStart())) : current.clearedAt(),
                new Acknowledgement(command.by(), command.at(), command.note()));
        return new Outcome(Result.ACKNOWLEDGED, acknowledged);
    }
}
