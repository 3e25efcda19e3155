package org.iocstream.connectors.timeseries;

import org.iocstream.schemas.Alert;

/**
 * The store's {@code alert} table: one row per alert, timestamped with its episode start, rewritten with each of
 * its records (raise, severity change, clear, acknowledgement), so the row always holds its latest state. Tags:
 * alert_id, rule, subject, commune, severity, state. Fields: value, threshold, cleared_at, acknowledged_at and
 * raised_at (epoch ms), acknowledged_by, note, message; a field the alert does not have is left out.
 */
public final class AlertTables {

    public static final String TABLE = "alert";

    private AlertTables() {
    }

    public static LinePoint toPoint(Alert alert) {
        LinePoint.Builder point = LinePoint.measurement(TABLE)
                .tag("alert_id", alert.getAlertId())
                .tag("rule", alert.getRule())
                .tag("subject", alert.getSubject())
                .tag("severity", alert.getSeverity().name())
                .tag("state", alert.getState().name());
        if (alert.getCommune() != null && !alert.getCommune().isEmpty()) {
            point.tag("commune", alert.getCommune());
        }
        if (alert.getValue() != null) {
            point.field("value", alert.getValue());
        }
        if (alert.getThreshold() != null) {
            point.field("threshold", alert.getThreshold());
        }
        if (alert.getClearedAt() != null) {
            point.field("cleared_at", alert.getClearedAt().toEpochMilli());
        }
        if (alert.getAcknowledgedBy() != null) {
            point.field("acknowledged_by", alert.getAcknowledgedBy());
        }
        if (alert.getAcknowledgedAt() != null) {
            point.field("acknowledged_at", alert.getAcknowledgedAt().toEpochMilli());
        }
        if (alert.getAcknowledgeNote() != null) {
            point.field("note", alert.getAcknowledgeNote());
        }
        if (alert.getRaisedAt() != null) {
            point.field("raised_at", alert.getRaisedAt().toEpochMilli());
        }
        return point
                .field("message", alert.getMessage())
                .timestamp(alert.getEpisodeStart())
                .build();
    }

    /**
     * QuestDB DDL: the episode start as the designated timestamp, and dedup keys so that every record of an alert,
     * and the same record again after a restart or replay, replaces its one row instead of adding another.
     */
    public static String questDbDdl() {
        return "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                + "alert_id SYMBOL, rule SYMBOL, subject SYMBOL, commune SYMBOL, severity SYMBOL, state SYMBOL, "
                + "value DOUBLE, threshold DOUBLE, cleared_at LONG, acknowledged_by STRING, acknowledged_at LONG, "
                + "note STRING, message STRING, raised_at LONG, "
                + "timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY MONTH WAL "
                + "DEDUP UPSERT KEYS(timestamp, alert_id)";
    }
}
