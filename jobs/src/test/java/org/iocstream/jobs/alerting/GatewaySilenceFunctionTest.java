package org.iocstream.jobs.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.Reading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GatewaySilenceFunctionTest {

    private static final Instant T0 = Instant.parse("2026-01-05T03:00:00Z");
    private static final String GATEWAY = "40001/gw-07";

    private KeyedOneInputStreamOperatorTestHarness<String, Reading, Alert> harness;

    private void open(Duration evaluationDelay) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new GatewaySilenceFunction(Duration.ofMinutes(2), evaluationDelay)),
                GatewaySilenceFunction::key, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** One reading of a device behind the gateway at T0 + seconds. */
    private void report(String device, long seconds) throws Exception {
        Reading reading = Reading.newBuilder().setDeviceId(device).setMetric("pm2_5")
                .setTime(T0.plusSeconds(seconds)).setValue(20.0).setUnit("ug/m3").setCommune("40001")
                .setGateway("gw-07").setIngestProtocol("coap").setIngestTime(T0.plusSeconds(seconds)).build();
        harness.processElement(new StreamRecord<>(reading, reading.getTime().toEpochMilli()));
    }

    private void watermark(long seconds) throws Exception {
        harness.processWatermark(T0.plusSeconds(seconds).toEpochMilli());
    }

    private List<String> alerts() {
        return harness.extractOutputValues().stream()
                .map(a -> a.getAlertId() + " " + a.getSubject() + " " + a.getCommune() + " " + a.getSeverity() + " "
                        + a.getState() + " cleared=" + a.getClearedAt())
                .toList();
    }

    @Test
    void twoMinutesWithoutAReportRaiseTheGatewayOfflineAlertFromTheLastReportAndTheNextReportClearsIt()
            throws Exception {
        open(Duration.ZERO);
        report("40001-ENV-0001", 0);
        report("40001-AGR-0001", 60);
        watermark(60 + 119);
        assertThat(alerts()).as("119 s of silence").isEmpty();

        watermark(60 + 120);
        assertThat(alerts()).containsExactly(
                "gateway-offline:40001/gw-07@2026-01-05T03:01:00Z 40001/gw-07 40001 MAJOR ACTIVE cleared=null");

        report("40001-ENV-0001", 600);
        watermark(600);
        assertThat(alerts()).containsExactly(
                "gateway-offline:40001/gw-07@2026-01-05T03:01:00Z 40001/gw-07 40001 MAJOR ACTIVE cleared=null",
                "gateway-offline:40001/gw-07@2026-01-05T03:01:00Z 40001/gw-07 40001 MAJOR CLEARED "
                        + "cleared=2026-01-05T03:10:00Z");
    }

    @Test
    void theRaiseIsStampedWithTheSilenceTimerAndTheClearWithItsReportPlusTheDelay() throws Exception {
        open(Duration.ofMinutes(1));
        report("40001-ENV-0001", 60);
        watermark(60 + 120 + 60);
        report("40001-ENV-0001", 600);
        watermark(600 + 60);

        assertThat(harness.extractOutputStreamRecords()).extracting(r -> r.getValue().getState() + " at "
                + Instant.ofEpochMilli(r.getTimestamp())).containsExactly(
                        "ACTIVE at 2026-01-05T03:04:00Z",
                        "CLEARED at 2026-01-05T03:11:00Z");
    }

    @Test
    void aReportExactlyTwoMinutesAfterTheLastOneIsInTime() throws Exception {
        open(Duration.ZERO);
        report("40001-ENV-0001", 0);
        report("40001-ENV-0001", 120);
        watermark(120);
        report("40001-ENV-0001", 240);
        watermark(240);

        assertThat(alerts()).isEmpty();
    }

    @Test
    void readingsArrivingOutOfOrderWithinTheEvaluationDelayFillTheGapBeforeItIsJudged() throws Exception {
        open(Duration.ofMinutes(5));
        report("40001-ENV-0001", 0);
        report("40001-ENV-0001", 300); // a store-and-forward backlog follows, older than this report
        report("40001-ENV-0001", 100);
        report("40001-ENV-0001", 200);
        watermark(300 + 300);

        assertThat(alerts()).as("no gap over two minutes once all reports are in").isEmpty();
    }

    @Test
    void aReadingOlderThanTheEvaluatedReportsIsCountedAndChangesNothing() throws Exception {
        open(Duration.ZERO);
        report("40001-ENV-0001", 0);
        watermark(200);
        report("40001-ENV-0001", 100);
        watermark(400);

        assertThat(alerts()).as("the raise at 120 s stands; the late reading clears nothing").containsExactly(
                "gateway-offline:40001/gw-07@2026-01-05T03:00:00Z 40001/gw-07 40001 MAJOR ACTIVE cleared=null");
    }

    @Test
    void theEndOfABoundedInputIsNoSilence() throws Exception {
        open(Duration.ZERO);
        report("40001-ENV-0001", 0);
        harness.processWatermark(Long.MAX_VALUE);

        assertThat(alerts()).isEmpty();
    }

    @Test
    void onceReportsAreEvaluatedOnlyTheGatewayMarkAndItsSilenceTimerRemain() throws Exception {
        open(Duration.ZERO);
        report("40001-ENV-0001", 0);
        report("40001-ENV-0001", 60);
        report("40001-LGT-0001", 60);
        assertThat(harness.numEventTimeTimers()).as("one timer per report time").isEqualTo(2);

        watermark(60);
        assertThat(harness.numEventTimeTimers()).as("the silence timer of the last report only").isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).as("the gateway's mark only").isEqualTo(1);

        watermark(180);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("the mark clears the open alert later").isEqualTo(1);
    }
}
