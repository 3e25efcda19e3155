package org.iocstream.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iocstream.schemas.Severity.CRITICAL;
import static org.iocstream.schemas.Severity.MAJOR;

import java.time.Instant;
import org.iocstream.jobs.alerts.Acknowledging.Outcome;
import org.iocstream.jobs.alerts.Acknowledging.Result;
import org.iocstream.jobs.alerts.AlertStatus.Acknowledgement;
import org.iocstream.jobs.alerts.Transition.Type;
import org.iocstream.schemas.AlertState;
import org.junit.jupiter.api.Test;

class AlertLifecycleTest {

    private static final long START = Instant.parse("2026-01-05T03:00:00Z").toEpochMilli();
    private static final long HOUR = 3_600_000;
    private static final String ID = "aqi-hourly:40001-ENV-01@2026-01-05T03:00:00Z";

    private static final Transition RAISED = new Transition(Type.RAISED, MAJOR, START, START, START + HOUR, 160, 151);
    private static final Transition ESCALATED =
            new Transition(Type.SEVERITY_CHANGED, CRITICAL, START, START + 2 * HOUR, START + 3 * HOUR, 230, 201);
    private static final Transition DE_ESCALATED =
            new Transition(Type.SEVERITY_CHANGED, MAJOR, START, START + 4 * HOUR, START + 5 * HOUR, 185, 190);
    private static final Transition CLEARED =
            new Transition(Type.CLEARED, MAJOR, START, START + 6 * HOUR, START + 7 * HOUR, 100, 140);

    private static AlertStatus active() {
        return AlertStatus.raised("aqi-hourly", "40001-ENV-01", RAISED);
    }

    private static AcknowledgeCommand ack(String by, long at) {
        return new AcknowledgeCommand(ID, by, at, "checked with the station");
    }

    @Test
    void aRaisedAlertIsActiveUnacknowledgedWithItsDeterministicId() {
        assertThat(active()).isEqualTo(new AlertStatus(ID, "aqi-hourly", "40001-ENV-01", MAJOR, AlertState.ACTIVE,
                START, null, null));
    }

    @Test
    void clearingSetsTheEndAndKeepsTheSeverity() {
        AlertStatus cleared = active().apply(CLEARED);

        assertThat(cleared.state()).isEqualTo(AlertState.CLEARED);
        assertThat(cleared.clearedAt()).isEqualTo(START + 6 * HOUR);
        assertThat(cleared.severity()).isEqualTo(MAJOR);
    }

    @Test
    void anOperatorAcknowledgesAnActiveAlert() {
        Outcome outcome = Acknowledging.apply(active(), ack("op.vinh", START + 2 * HOUR));

        assertThat(outcome.result()).isEqualTo(Result.ACKNOWLEDGED);
        assertThat(outcome.alert().acknowledgement())
                .isEqualTo(new Acknowledgement("op.vinh", START + 2 * HOUR, "checked with the station"));
        assertThat(outcome.alert().state()).isEqualTo(AlertState.ACTIVE);
    }

    @Test
    void theFirstAcknowledgementStands() {
        AlertStatus acknowledged = Acknowledging.apply(active(), ack("op.vinh", START + 2 * HOUR)).alert();

        Outcome again = Acknowledging.apply(acknowledged, ack("op.cualo", START + 3 * HOUR));

        assertThat(again.result()).isEqualTo(Result.ALREADY_ACKNOWLEDGED);
        assertThat(again.alert()).isEqualTo(acknowledged);
    }

    @Test
    void aCameraEventIsClearedByItsAcknowledgementAtTheAcknowledgementsTime() {
        Transition raised = new Transition(Type.RAISED, MAJOR, START, START, START, Double.NaN, Double.NaN);
        AlertStatus event = AlertStatus.raised("camera-event", "40001-CAM-0001", raised);
        String id = "camera-event:40001-CAM-0001@2026-01-05T03:00:00Z";

        Outcome outcome = Acknowledging.apply(event, new AcknowledgeCommand(id, "op.vinh", START + 600_000, "police"));

        assertThat(outcome.result()).isEqualTo(Result.ACKNOWLEDGED);
        assertThat(outcome.alert()).isEqualTo(new AlertStatus(id, "camera-event", "40001-CAM-0001", MAJOR,
                AlertState.CLEARED, START, START + 600_000, new Acknowledgement("op.vinh", START + 600_000, "police")));
        assertThat(Acknowledging.apply(outcome.alert(), new AcknowledgeCommand(id, "op.cualo", START + 700_000, ""))
                .result()).isEqualTo(Result.ALREADY_ACKNOWLEDGED);
        assertThat(outcome.alert().apply(raised)).as("a replayed raise").isEqualTo(outcome.alert());
        // an acknowledgement stamped before the event (another clock) ends the episode at its start, not before
        assertThat(Acknowledging.apply(event, new AcknowledgeCommand(id, "op.vinh", START - 5_000, null)).alert()
                .clearedAt()).isEqualTo(START);
    }

    @Test
    void aClearedAlertCanStillBeAcknowledgedAndStaysCleared() {
        Outcome outcome = Acknowledging.apply(active().apply(CLEARED), ack("op.vinh", START + 8 * HOUR));

        assertThat(outcome.result()).isEqualTo(Result.ACKNOWLEDGED);
        assertThat(outcome.alert().state()).isEqualTo(AlertState.CLEARED);
        assertThat(outcome.alert().acknowledgement().by()).isEqualTo("op.vinh");
    }

    @Test
    void anUnknownAlertIsRefusedAndNotCreated() {
        Outcome outcome = Acknowledging.apply(null, ack("op.vinh", START));

        assertThat(outcome.result()).isEqualTo(Result.UNKNOWN_ALERT);
        assertThat(outcome.alert()).isNull();
    }

    @Test
    void anEscalationWithdrawsTheAcknowledgementAndADeEscalationKeepsIt() {
        AlertStatus acknowledged = Acknowledging.apply(active(), ack("op.vinh", START + 2 * HOUR)).alert();

        AlertStatus escalated = acknowledged.apply(ESCALATED);
        assertThat(escalated.severity()).isEqualTo(CRITICAL);
        assertThat(escalated.isAcknowledged()).isFalse();

        AlertStatus reAcknowledged = Acknowledging.apply(escalated, ack("op.cualo", START + 4 * HOUR)).alert();
        AlertStatus deEscalated = reAcknowledged.apply(DE_ESCALATED);
        assertThat(deEscalated.severity()).isEqualTo(MAJOR);
        assertThat(deEscalated.acknowledgement().by()).isEqualTo("op.cualo");

        assertThat(deEscalated.apply(CLEARED).acknowledgement().by()).isEqualTo("op.cualo");
    }

    @Test
    void aReplayedTransitionChangesNothing() {
        AlertStatus acknowledged = Acknowledging.apply(active(), ack("op.vinh", START + 2 * HOUR)).alert();
        assertThat(acknowledged.apply(RAISED)).isEqualTo(acknowledged);

        AlertStatus cleared = active().apply(CLEARED);
        assertThat(cleared.apply(ESCALATED)).isEqualTo(cleared);
        assertThat(cleared.apply(CLEARED)).isEqualTo(cleared);
    }

    @Test
    void refusesATransitionOfAnotherEpisodeOrACommandForAnotherAlert() {
        Transition otherEpisode = new Transition(Type.CLEARED, MAJOR, START + HOUR, START + 2 * HOUR,
                START + 3 * HOUR, 100, 140);
        assertThatThrownBy(() -> active().apply(otherEpisode)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> AlertStatus.raised("aqi-hourly", "40001-ENV-01", CLEARED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Acknowledging.apply(active(),
                new AcknowledgeCommand("noise:40001-ENV-01@2026-01-05T03:00:00Z", "op", START, null)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anAcknowledgementSaysWho() {
        assertThatThrownBy(() -> new AcknowledgeCommand(ID, " ", START, "note"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("who");
        assertThat(new AcknowledgeCommand(ID, "op", START, null).note()).isEmpty();
    }
}
