package org.iocstream.jobs.alerting;

import java.time.Instant;
import org.iocstream.jobs.alerts.AlertId;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.Severity;

/** Builds the {@link Alert} records of the alerting operators: one per raise, severity change or clear. */
final class AlertRecords {

    private AlertRecords() {
    }

    /**
     * @param clearedAt the episode end (epoch ms) for a cleared alert, or null while it is active
     */
    static Alert of(String rule, String subject, String commune, Severity severity, long episodeStart,
            Long clearedAt, Double value, Double threshold, String message) {
        return Alert.newBuilder()
                .setAlertId(AlertId.of(rule, subject, episodeStart))
                .setRule(rule)
                .setSubject(subject)
                .setCommune(commune)
                .setSeverity(severity)
                .setState(clearedAt == null ? AlertState.ACTIVE : AlertState.CLEARED)
                .setEpisodeStart(Instant.ofEpochMilli(episodeStart))
                .setClearedAt(clearedAt == null ? null : Instant.ofEpochMilli(clearedAt))
                .setValue(value)
                .setThreshold(threshold)
                .setMessage(message)
                .build();
    }
}
