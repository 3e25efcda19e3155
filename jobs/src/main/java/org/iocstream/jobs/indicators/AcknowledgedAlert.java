package org.iocstream.jobs.indicators;

import java.time.Instant;
import java.util.List;
import org.iocstream.connectors.indicators.Scopes;
import org.iocstream.schemas.Alert;

/**
 * One acknowledged alert as {@code OPS_ALERT_ACK_MINUTES} counts it, for one scope: the key
 * ({@link CommuneDay} of the scope and the episode start's local day), the alert id and the time from the alert's
 * raise to its acknowledgement. The raise is {@code raisedAt}, which the lifecycle stamps on every record of an
 * alert; without one (a stale-feed alert, raised on the wall clock, or an alert whose raise the lifecycle did not
 * see) the episode start stands in for it, which adds the rule's detection delay. The day stays the episode
 * start's, which every record of an alert has, with a raise time or without. Public fields and a no-argument
 * constructor make it a Flink POJO.
 */
public final class AcknowledgedAlert {

    /** {@code scope/yyyy-MM-dd}: the commune or {@code 40}, and the local day of the episode start. */
    public String scopeDay;
    public String alertId;
    /** Acknowledged at − raised at (or episode start), in ms; negative when the two clocks disagree. */
    public long responseMillis;

    public AcknowledgedAlert() {
    }

    public AcknowledgedAlert(String scopeDay, String alertId, long responseMillis) {
        this.scopeDay = scopeDay;
        this.alertId = alertId;
        this.responseMillis = responseMillis;
    }

    /**
     * An alert record's contributions: none if it carries no acknowledgement; otherwise one for its commune and one
     * for the province, or only the province's for an alert without a commune (a province feed's stale-feed alert:
     * the provincial IOC answers it).
     */
    public static List<AcknowledgedAlert> of(Alert alert) {
        if (alert.getAcknowledgedAt() == null) {
            return List.of();
        }
        Instant raised = alert.getRaisedAt() != null ? alert.getRaisedAt() : alert.getEpisodeStart();
        long response = alert.getAcknowledgedAt().toEpochMilli() - raised.toEpochMilli();
        AcknowledgedAlert province = new AcknowledgedAlert(CommuneDay.key(Scopes.PROVINCE, alert.getEpisodeStart()),
                alert.getAlertId(), response);
        if (alert.getCommune() == null || alert.getCommune().equals(Scopes.PROVINCE)) {
            return List.of(province);
        }
        return List.of(new AcknowledgedAlert(CommuneDay.key(alert.getCommune(), alert.getEpisodeStart()),
                alert.getAlertId(), response), province);
    }

    public String scopeDay() {
        return scopeDay;
    }

    @Override
    public String toString() {
        return scopeDay + " " + alertId + " " + responseMillis + " ms";
    }
}
