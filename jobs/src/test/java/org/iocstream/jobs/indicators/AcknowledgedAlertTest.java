package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.flink.types.PojoTestUtils;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.Severity;
import org.junit.jupiter.api.Test;

class AcknowledgedAlertTest {

    // 23:50 local on 2026-04-01 (UTC+7)
    private static final Instant START = Instant.parse("2026-04-01T16:50:00Z");

    @Test
    void aCommunesAcknowledgedAlertCountsForTheCommuneAndTheProvinceOnTheLocalDayOfItsStart() {
        Alert alert = alert("16681", START.plusSeconds(20 * 60));   // acknowledged at 00:10 the next day
        assertThat(AcknowledgedAlert.of(alert)).extracting(AcknowledgedAlert::toString).containsExactly(
                "16681/2026-04-01 " + alert.getAlertId() + " 1200000 ms",
                "40/2026-04-01 " + alert.getAlertId() + " 1200000 ms");
    }

    @Test
    void theTimeRunsFromTheRaiseWhenTheAlertHasOneOnTheDayOfItsEpisodeStartStill() {
        // started 23:50, raised at 00:05 the next day (its rule's detection delay), acknowledged at 00:10
        Alert alert = Alert.newBuilder(alert("16681", START.plusSeconds(20 * 60)))
                .setRaisedAt(START.plusSeconds(15 * 60)).build();
        assertThat(AcknowledgedAlert.of(alert)).extracting(AcknowledgedAlert::toString).containsExactly(
                "16681/2026-04-01 " + alert.getAlertId() + " 300000 ms",
                "40/2026-04-01 " + alert.getAlertId() + " 300000 ms");
    }

    @Test
    void anAcknowledgementBeforeTheRaiseButAfterTheStartIsNegative() {
        Alert alert = Alert.newBuilder(alert("16681", START.plusSeconds(10 * 60)))
                .setRaisedAt(START.plusSeconds(15 * 60)).build();
        assertThat(AcknowledgedAlert.of(alert)).extracting(a -> a.responseMillis).containsExactly(-300000L, -300000L);
    }

    @Test
    void anAlertWithoutACommuneCountsForTheProvinceOnly() {
        Alert alert = alert(null, START.plusSeconds(60));
        assertThat(AcknowledgedAlert.of(alert)).extracting(AcknowledgedAlert::toString)
                .containsExactly("40/2026-04-01 " + alert.getAlertId() + " 60000 ms");
    }

    @Test
    void anUnacknowledgedAlertCountsNowhere() {
        assertThat(AcknowledgedAlert.of(alert("16681", null))).isEmpty();
    }

    @Test
    void anAcknowledgementBeforeTheStartKeepsItsNegativeTime() {
        assertThat(AcknowledgedAlert.of(alert("16681", START.minusSeconds(1))))
                .extracting(a -> a.responseMillis).containsExactly(-1000L, -1000L);
    }

    @Test
    void isAPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(AcknowledgedAlert.class);
    }

    private static Alert alert(String commune, Instant acknowledgedAt) {
        return Alert.newBuilder().setAlertId("camera-down:16681-CAM-0001@" + START).setRule("camera-down")
                .setSubject("16681-CAM-0001").setCommune(commune).setSeverity(Severity.MINOR)
                .setState(AlertState.ACTIVE).setEpisodeStart(START).setMessage("camera down")
                .setAcknowledgedBy(acknowledgedAt == null ? null : "op1").setAcknowledgedAt(acknowledgedAt).build();
    }
}
