package org.iocstream.jobs.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.GatewayState;
import org.iocstream.schemas.GatewayStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GatewayOfflineFunctionTest {

    private static final Instant T0 = Instant.parse("2026-01-05T03:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, GatewayStatus, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new GatewayOfflineFunction()),
                GatewayOfflineFunction::key, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void status(String gateway, GatewayState state, long seconds, boolean retained) throws Exception {
        GatewayStatus status = GatewayStatus.newBuilder().setCommune("40001").setGateway(gateway).setState(state)
                .setRetained(retained).setIngestProtocol("mqtt").setReceivedAt(T0.plusSeconds(seconds)).build();
        harness.processElement(new StreamRecord<>(status, T0.plusSeconds(seconds).toEpochMilli()));
    }

    private List<String> alerts() {
        return harness.extractOutputValues().stream()
                .map(a -> a.getAlertId() + " " + a.getSubject() + " " + a.getCommune() + " " + a.getSeverity() + " "
                        + a.getState() + " cleared=" + a.getClearedAt())
                .toList();
    }

    @Test
    void theLastWillRaisesOnceAndOnlineClearsLeavingNothing() throws Exception {
        status("gw-01", GatewayState.ONLINE, 0, false);      // nothing open: nothing to clear
        status("gw-01", GatewayState.OFFLINE, 60, false);
        status("gw-01", GatewayState.OFFLINE, 90, true);     // replayed on resubscribe
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        status("gw-01", GatewayState.ONLINE, 300, false);

        assertThat(alerts()).containsExactly(
                "gateway-offline:40001/gw-01@2026-01-05T03:01:00Z 40001/gw-01 40001 MAJOR ACTIVE cleared=null",
                "gateway-offline:40001/gw-01@2026-01-05T03:01:00Z 40001/gw-01 40001 MAJOR CLEARED"
                        + " cleared=2026-01-05T03:05:00Z");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.extractOutputStreamRecords()).as("the statuses' own timestamps, their receivedAt")
                .extracting(StreamRecord::getTimestamp).containsExactly(T0.plusSeconds(60).toEpochMilli(),
                        T0.plusSeconds(300).toEpochMilli());
    }

    @Test
    void eachGatewayHasItsOwnEpisodes() throws Exception {
        status("gw-01", GatewayState.OFFLINE, 0, false);
        status("gw-02", GatewayState.OFFLINE, 10, false);
        status("gw-01", GatewayState.ONLINE, 20, false);
        status("gw-01", GatewayState.OFFLINE, 30, false);

        assertThat(alerts()).containsExactly(
                "gateway-offline:40001/gw-01@2026-01-05T03:00:00Z 40001/gw-01 40001 MAJOR ACTIVE cleared=null",
                "gateway-offline:40001/gw-02@2026-01-05T03:00:10Z 40001/gw-02 40001 MAJOR ACTIVE cleared=null",
                "gateway-offline:40001/gw-01@2026-01-05T03:00:00Z 40001/gw-01 40001 MAJOR CLEARED"
                        + " cleared=2026-01-05T03:00:20Z",
                "gateway-offline:40001/gw-01@2026-01-05T03:00:30Z 40001/gw-01 40001 MAJOR ACTIVE cleared=null");
        assertThat(harness.numKeyedStateEntries()).as("gw-01 and gw-02 are offline").isEqualTo(2);
    }
}
