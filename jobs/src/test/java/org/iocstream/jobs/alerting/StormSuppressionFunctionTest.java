package org.iocstream.jobs.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.iocstream.jobs.alerts.StormGrouping;
import org.iocstream.jobs.alerts.StormPolicy;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StormSuppressionFunctionTest {

    private static final Instant T0 = Instant.parse("2026-01-05T12:00:00Z");
    private static final String STORM_ID = "storm:40001/device-offline@2026-01-05T12:00:01Z";

    private KeyedOneInputStreamOperatorTestHarness<String, Alert, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new StormSuppressionFunction(StormPolicy.DEFAULT)),
                StormSuppressionFunction::key, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static String light(int n) {
        return String.format("40001-LGT-%04d", n);
    }

    /** Light n went offline at T0 + n s, detected at T0 + n s; cleared (if so) at T0 + 600 + n s. */
    private void offline(int n, boolean cleared) throws Exception {
        Instant since = T0.plusSeconds(n);
        Instant clearedAt = T0.plusSeconds(600 + n);
        Alert alert = Alert.newBuilder().setAlertId("device-offline:" + light(n) + "@" + since)
                .setRule("device-offline").setSubject(light(n)).setCommune("40001").setSeverity(Severity.MINOR)
                .setState(cleared ? AlertState.CLEARED : AlertState.ACTIVE).setEpisodeStart(since)
                .setClearedAt(cleared ? clearedAt : null).setMessage("offline").build();
        harness.processElement(new StreamRecord<>(alert, (cleared ? clearedAt : since).toEpochMilli()));
    }

    private List<Alert> out() {
        return harness.extractOutputValues();
    }

    @Test
    void fiftyLightsOfflineWithinFiveMinutesBecomeOneGroupedAlertAfterTheFirstTwenty() throws Exception {
        for (int n = 50; n >= 1; n--) {   // arrival order does not matter, event time does
            offline(n, false);
        }
        harness.processWatermark(T0.plusSeconds(60).toEpochMilli());

        List<Alert> raised = out();
        assertThat(raised).hasSize(50);
        assertThat(raised.subList(0, 20)).extracting(Alert::getSubject)
                .containsExactly(IntStream.rangeClosed(1, 20).mapToObj(StormSuppressionFunctionTest::light)
                        .toArray(String[]::new));
        assertThat(raised.subList(20, 50)).allSatisfy(group -> {
            assertThat(group.getAlertId()).isEqualTo(STORM_ID);
            assertThat(group.getRule()).isEqualTo(StormGrouping.RULE);
            assertThat(group.getSubject()).isEqualTo("40001/device-offline");
            assertThat(group.getSeverity()).isEqualTo(Severity.MINOR);
            assertThat(group.getState()).isEqualTo(AlertState.ACTIVE);
            assertThat(group.getThreshold()).isEqualTo(20.0);
        });
        assertThat(raised.get(20).getValue()).as("the 21st opens the storm").isEqualTo(21.0);
        assertThat(raised.get(49).getValue()).isEqualTo(50.0);
        assertThat(raised.get(49).getMessage()).contains("50 device-offline alerts", "and 45 more");

        for (int n = 1; n <= 50; n++) {
            offline(n, true);
        }
        harness.processWatermark(T0.plusSeconds(700).toEpochMilli());

        List<Alert> cleared = out().subList(50, out().size());
        assertThat(cleared).filteredOn(a -> !a.getRule().equals(StormGrouping.RULE)).extracting(Alert::getSubject)
                .as("the twenty alerted on their own clear on their own")
                .containsExactly(IntStream.rangeClosed(1, 20).mapToObj(StormSuppressionFunctionTest::light)
                        .toArray(String[]::new));
        Alert last = cleared.get(cleared.size() - 1);
        assertThat(last.getAlertId()).isEqualTo(STORM_ID);
        assertThat(last.getState()).isEqualTo(AlertState.CLEARED);
        assertThat(last.getClearedAt()).isEqualTo(T0.plusSeconds(650));
        assertThat(cleared).filteredOn(a -> a.getState() == AlertState.CLEARED
                && a.getRule().equals(StormGrouping.RULE)).hasSize(1);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void eachAlertKeepsItsTimestampAndTheGroupedOneHasTheTimestampOfTheMemberThatOpenedIt() throws Exception {
        for (int n = 21; n >= 1; n--) {
            offline(n, false);
        }
        harness.processWatermark(T0.plusSeconds(60).toEpochMilli());

        List<StreamRecord<? extends Alert>> records = harness.extractOutputStreamRecords();
        assertThat(records).hasSize(21);
        assertThat(records.subList(0, 20)).extracting(StreamRecord::getTimestamp)
                .containsExactly(IntStream.rangeClosed(1, 20).mapToObj(n -> T0.plusSeconds(n).toEpochMilli())
                        .toArray(Long[]::new));
        assertThat(records.get(20).getValue().getAlertId()).isEqualTo(STORM_ID);
        assertThat(records.get(20).getTimestamp()).as("12:00:21, the 21st light").isEqualTo(
                Instant.parse("2026-01-05T12:00:21Z").toEpochMilli());
    }

    @Test
    void twentyAreNoStorm() throws Exception {
        for (int n = 1; n <= 20; n++) {
            offline(n, false);
        }
        harness.processWatermark(T0.plusSeconds(60).toEpochMilli());

        assertThat(out()).hasSize(20).noneMatch(a -> a.getRule().equals(StormGrouping.RULE));
    }

    @Test
    void flinkKeepsAMemberAsAPojoNotWithKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(StormGrouping.Member.class);
    }
}
