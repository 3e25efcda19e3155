package org.iocstream.connectors.timeseries;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.Severity;
import org.junit.jupiter.api.Test;

class AlertTablesTest {

    private static Alert.Builder noise() {
        return Alert.newBuilder().setAlertId("noise:40001-ENV-0001@2026-01-05T03:00:00Z").setRule("noise")
                .setSubject("40001-ENV-0001").setCommune("40001").setSeverity(Severity.MINOR)
                .setEpisodeStart(Instant.parse("2026-01-05T03:00:00Z")).setMessage("noise above 70 \"dBA\"");
    }

    @Test
    void aClearedAcknowledgedAlertIsOneRowAtItsEpisodeStartWithEveryField() {
        Alert alert = noise().setState(AlertState.CLEARED).setClearedAt(Instant.parse("2026-01-05T03:30:00Z"))
                .setValue(60.0).setThreshold(67.0).setAcknowledgedBy("lan")
                .setAcknowledgedAt(Instant.parse("2026-01-05T03:16:40Z")).setAcknowledgeNote("team sent")
                .setRaisedAt(Instant.parse("2026-01-05T03:15:00Z")).build();

        assertThat(AlertTables.toPoint(alert).toLine()).isEqualTo("alert,"
                + "alert_id=noise:40001-ENV-0001@2026-01-05T03:00:00Z,commune=40001,rule=noise,severity=MINOR,"
                + "state=CLEARED,subject=40001-ENV-0001 "
                + "value=60.0,threshold=67.0,cleared_at=1767583800000i,acknowledged_by=\"lan\","
                + "acknowledged_at=1767583000000i,note=\"team sent\",raised_at=1767582900000i,"
                + "message=\"noise above 70 \\\"dBA\\\"\" "
                + "1767582000000000000");
    }

    @Test
    void whatAnActiveAlertDoesNotHaveIsLeftOut() {
        Alert alert = noise().setState(AlertState.ACTIVE).setCommune(null).build();

        assertThat(AlertTables.toPoint(alert).toLine()).isEqualTo("alert,"
                + "alert_id=noise:40001-ENV-0001@2026-01-05T03:00:00Z,rule=noise,severity=MINOR,state=ACTIVE,"
                + "subject=40001-ENV-0001 message=\"noise above 70 \\\"dBA\\\"\" 1767582000000000000");
    }

    @Test
    void theTableKeepsOneRowPerAlert() {
        assertThat(AlertTables.questDbDdl())
                .startsWith("CREATE TABLE IF NOT EXISTS alert (")
                .contains("alert_id SYMBOL", "cleared_at LONG", "raised_at LONG", "TIMESTAMP(timestamp)")
                .endsWith("DEDUP UPSERT KEYS(timestamp, alert_id)");
    }
}
