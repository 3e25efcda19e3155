package org.iocstream.jobs.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.OperatorCommand;
import org.iocstream.schemas.OperatorCommandType;
import org.iocstream.schemas.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AlertLifecycleFunctionTest {

    private static final Instant T0 = Instant.parse("2026-01-05T03:00:00Z");
    private static final String ID = "noise:40001-ENV-0001@2026-01-05T03:00:00Z";
    private static final Duration RETENTION = Duration.ofHours(1);

    private KeyedTwoInputStreamOperatorTestHarness<String, Alert, OperatorCommand, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    private static KeyedTwoInputStreamOperatorTestHarness<String, Alert, OperatorCommand, Alert> newHarness()
            throws Exception {
        return new KeyedTwoInputStreamOperatorTestHarness<>(
                new KeyedCoProcessOperator<>(new AlertLifecycleFunction(RETENTION)),
                Alert::getAlertId, OperatorCommand::getAlertId, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void alert(Severity severity, Long clearedAfterSeconds, long atSeconds) throws Exception {
        harness.processElement1(new StreamRecord<>(noise(severity, clearedAfterSeconds),
                T0.plusSeconds(atSeconds).toEpochMilli()));
    }

    /** A record as a processing-time timer emits it: without a timestamp. */
    private void alertWithoutTimestamp(Severity severity, Long clearedAfterSeconds) throws Exception {
        harness.processElement1(new StreamRecord<>(noise(severity, clearedAfterSeconds)));
    }

    private static Alert noise(Severity severity, Long clearedAfterSeconds) {
        return Alert.newBuilder().setAlertId(ID).setRule("noise").setSubject("40001-ENV-0001")
                .setCommune("40001").setSeverity(severity)
                .setState(clearedAfterSeconds == null ? AlertState.ACTIVE : AlertState.CLEARED)
                .setEpisodeStart(T0)
                .setClearedAt(clearedAfterSeconds == null ? null : T0.plusSeconds(clearedAfterSeconds))
                .setValue(72.5).setThreshold(70.0).setMessage("noise " + severity).build();
    }

    private void acknowledge(String alertId, String by, long atSeconds) throws Exception {
        OperatorCommand command = OperatorCommand.newBuilder().setCommandId("cmd-" + by + "-" + atSeconds)
                .setType(OperatorCommandType.ACKNOWLEDGE).setAlertId(alertId).setBy(by)
                .setAt(T0.plusSeconds(atSeconds)).setNote("seen by " + by).build();
        harness.processElement2(new StreamRecord<>(command, T0.plusSeconds(atSeconds).toEpochMilli()));
    }

    private void watermark(long seconds) throws Exception {
        harness.processBothWatermarks(new Watermark(T0.plusSeconds(seconds).toEpochMilli()));
    }

    private List<String> alerts() {
        return harness.extractOutputValues().stream()
                .map(a -> a.getSeverity() + " " + a.getState() + " cleared=" + a.getClearedAt() + " by="
                        + a.getAcknowledgedBy() + " at=" + a.getAcknowledgedAt() + " note=" + a.getAcknowledgeNote())
                .toList();
    }

    @Test
    void anAcknowledgementIsEmittedAndKeptWhenTheAlertClearsWhichIsForgottenAfterTheRetention() throws Exception {
        alert(Severity.MINOR, null, 900);
        acknowledge(ID, "lan", 1000);
        alert(Severity.MINOR, 1800L, 2700);

        assertThat(alerts()).containsExactly(
                "MINOR ACTIVE cleared=null by=null at=null note=null",
                "MINOR ACTIVE cleared=null by=lan at=2026-01-05T03:16:40Z note=seen by lan",
                "MINOR CLEARED cleared=2026-01-05T03:30:00Z by=lan at=2026-01-05T03:16:40Z note=seen by lan");
        assertThat(harness.extractOutputValues()).last().extracting(Alert::getMessage, Alert::getValue)
                .containsExactly("noise MINOR", 72.5);

        watermark(1800 + 3600 - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        watermark(1800 + 3600);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anEscalationWithdrawsTheAcknowledgementAndADeEscalationKeepsIt() throws Exception {
        alert(Severity.MAJOR, null, 0);
        acknowledge(ID, "lan", 60);
        alert(Severity.MINOR, null, 120);
        alert(Severity.MAJOR, null, 180);

        assertThat(alerts()).containsExactly(
                "MAJOR ACTIVE cleared=null by=null at=null note=null",
                "MAJOR ACTIVE cleared=null by=lan at=2026-01-05T03:01:00Z note=seen by lan",
                "MINOR ACTIVE cleared=null by=lan at=2026-01-05T03:01:00Z note=seen by lan",
                "MAJOR ACTIVE cleared=null by=null at=null note=null");
    }

    @Test
    void aReplayedTransitionAndASecondAcknowledgementEmitNothing() throws Exception {
        alert(Severity.MINOR, null, 0);
        acknowledge(ID, "lan", 60);
        alert(Severity.MINOR, null, 0);
        acknowledge(ID, "minh", 120);
        alert(Severity.MINOR, 600L, 600);
        alert(Severity.MINOR, 600L, 600);
        alert(Severity.MINOR, null, 0);   // a raise after the clear

        assertThat(alerts()).containsExactly(
                "MINOR ACTIVE cleared=null by=null at=null note=null",
                "MINOR ACTIVE cleared=null by=lan at=2026-01-05T03:01:00Z note=seen by lan",
                "MINOR CLEARED cleared=2026-01-05T03:10:00Z by=lan at=2026-01-05T03:01:00Z note=seen by lan");
    }

    @Test
    void anAcknowledgementBeforeItsAlertIsHeldAndAppliedWhenTheAlertComes() throws Exception {
        acknowledge(ID, "lan", 60);
        assertThat(alerts()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);

        alert(Severity.MINOR, null, 90);

        assertThat(alerts()).containsExactly("MINOR ACTIVE cleared=null by=lan at=2026-01-05T03:01:00Z note=seen by lan");
        watermark(60 + 3600);
        assertThat(harness.numEventTimeTimers()).as("the held acknowledgement's timer went with it").isZero();
        assertThat(harness.numKeyedStateEntries()).as("the active alert").isEqualTo(1);
    }

    private List<String> raiseTimes() {
        return harness.extractOutputValues().stream()
                .map(a -> a.getSeverity() + " " + a.getState() + " by=" + a.getAcknowledgedBy() + " raised="
                        + a.getRaisedAt())
                .toList();
    }

    @Test
    void theRaiseTimeIsTheRaiseRecordsTimestampOnEveryRecordOfTheAlert() throws Exception {
        alert(Severity.MINOR, null, 900);       // raised by a timer at 03:15, the episode having started at 03:00
        acknowledge(ID, "lan", 1000);
        alert(Severity.MAJOR, null, 1200);      // an escalation, decided at 03:20
        acknowledge(ID, "minh", 1300);
        alert(Severity.MAJOR, 1800L, 2700);     // cleared at 03:30, decided at 03:45

        assertThat(raiseTimes()).containsExactly(
                "MINOR ACTIVE by=null raised=2026-01-05T03:15:00Z",
                "MINOR ACTIVE by=lan raised=2026-01-05T03:15:00Z",
                "MAJOR ACTIVE by=null raised=2026-01-05T03:15:00Z",
                "MAJOR ACTIVE by=minh raised=2026-01-05T03:15:00Z",
                "MAJOR CLEARED by=minh raised=2026-01-05T03:15:00Z");
    }

    @Test
    void anAcknowledgementHeldForAnAlertGetsTheRaiseTimeOfTheAlertWhenItComes() throws Exception {
        acknowledge(ID, "lan", 60);
        alert(Severity.MINOR, null, 90);

        assertThat(raiseTimes()).containsExactly("MINOR ACTIVE by=lan raised=2026-01-05T03:01:30Z");
    }

    @Test
    void theRaiseTimeIsKeptAfterARestartFromASnapshotAndThroughAReplayedRaise() throws Exception {
        alert(Severity.MINOR, null, 900);
        OperatorSubtaskState snapshot = harness.snapshot(1L, T0.plusSeconds(900).toEpochMilli());
        harness.close();

        harness = newHarness();
        harness.setup();
        harness.initializeState(snapshot);
        harness.open();
        alert(Severity.MINOR, null, 960);       // the raise again, as a source replayed after the restart sends it
        acknowledge(ID, "lan", 1000);
        alert(Severity.MINOR, 1800L, 2700);

        assertThat(raiseTimes()).as("records after the restart only; the replayed raise emits nothing")
                .containsExactly(
                        "MINOR ACTIVE by=lan raised=2026-01-05T03:15:00Z",
                        "MINOR CLEARED by=lan raised=2026-01-05T03:15:00Z");
    }

    @Test
    void aRaiseWithoutATimestampHasNoRaiseTimeAndLaterRecordsGiveItNone() throws Exception {
        alertWithoutTimestamp(Severity.WARNING, null);
        acknowledge(ID, "lan", 1000);
        alert(Severity.WARNING, 1800L, 2700);

        assertThat(raiseTimes()).containsExactly(
                "WARNING ACTIVE by=null raised=null",
                "WARNING ACTIVE by=lan raised=null",
                "WARNING CLEARED by=lan raised=null");
    }

    @Test
    void anAlertFirstSeenClearedHasNoRaiseTime() throws Exception {
        alert(Severity.MINOR, 1800L, 2700);     // its raise was never seen here

        assertThat(raiseTimes()).containsExactly("MINOR CLEARED by=null raised=null");
    }

    private static final String EVENT_ID = "camera-event:40001-CAM-0001@2026-01-05T03:00:00Z";

    private void cameraEvent(long atSeconds) throws Exception {
        Alert alert = Alert.newBuilder().setAlertId(EVENT_ID).setRule("camera-event").setSubject("40001-CAM-0001")
                .setCommune("40001").setSeverity(Severity.MAJOR).setState(AlertState.ACTIVE).setEpisodeStart(T0)
                .setMessage("40001-CAM-0001: camera event accident at 2026-01-05T03:00:00Z").build();
        harness.processElement1(new StreamRecord<>(alert, T0.plusSeconds(atSeconds).toEpochMilli()));
    }

    @Test
    void aCameraEventIsClearedByItsAcknowledgementAndThenForgottenAfterTheRetention() throws Exception {
        cameraEvent(0);
        acknowledge(EVENT_ID, "lan", 300);
        cameraEvent(0);   // a replayed raise
        acknowledge(EVENT_ID, "minh", 400);

        assertThat(alerts()).containsExactly(
                "MAJOR ACTIVE cleared=null by=null at=null note=null",
                "MAJOR CLEARED cleared=2026-01-05T03:05:00Z by=lan at=2026-01-05T03:05:00Z note=seen by lan");
        assertThat(harness.extractOutputValues()).last().extracting(Alert::getMessage)
                .isEqualTo("40001-CAM-0001: camera event accident at 2026-01-05T03:00:00Z");

        watermark(300 + 3600 - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        watermark(300 + 3600);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anAcknowledgementHeldForACameraEventClearsItWhenItComes() throws Exception {
        acknowledge(EVENT_ID, "lan", 60);
        cameraEvent(90);

        assertThat(alerts()).containsExactly(
                "MAJOR CLEARED cleared=2026-01-05T03:01:00Z by=lan at=2026-01-05T03:01:00Z note=seen by lan");
        assertThat(harness.numEventTimeTimers()).as("the cleared alert's retention only").isEqualTo(1);
        watermark(60 + 3600);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void anAcknowledgementOfAnAlertThatNeverComesIsDroppedAfterTheRetention() throws Exception {
        acknowledge("noise:40001-ENV-0009@2026-01-05T03:00:00Z", "lan", 60);
        acknowledge("noise:40001-ENV-0009@2026-01-05T03:00:00Z", "", 70);   // no one named: refused

        watermark(60 + 3600 - 1);
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        watermark(60 + 3600);

        assertThat(alerts()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
