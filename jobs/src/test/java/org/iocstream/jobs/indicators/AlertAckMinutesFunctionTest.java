package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.InstantiationUtil;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.PeriodType;
import org.iocstream.schemas.Severity;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AlertAckMinutesFunction} under Flink's harness, fed as {@link AlertAckMinutes#addTo} feeds it: every
 * lifecycle record through {@link AcknowledgedAlert#of}, keyed by scope and day. Alerts without a raise time unless a
 * test gives one, so the minutes run from the episode start. Times are local (UTC+7) on
 * 2026-04-01, whose day is [2026-03-31T17:00Z, 2026-04-01T17:00Z); with a 2 h acknowledgement window its state is
 * dropped at 02:00 local on 2 April.
 */
class AlertAckMinutesFunctionTest {

    private static final LocalDate DAY = LocalDate.parse("2026-04-01");
    private static final Duration WINDOW = Duration.ofHours(2);
    private static final Instant END = Instant.parse("2026-04-01T17:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, AcknowledgedAlert, IndicatorValue> harness;

    @BeforeEach
    void open() throws Exception {
        // a serialised copy, as Flink ships it to the task managers
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                InstantiationUtil.clone(new AlertAckMinutesFunction(WINDOW)), AcknowledgedAlert::scopeDay,
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void theMedianPerCommuneAndForTheProvinceOverEveryCommunesAlerts() throws Exception {
        watermark(local("09:00"));
        acknowledged("16681", "A", "08:00", 4);
        acknowledged("16681", "B", "08:10", 10);
        acknowledged("16681", "C", "08:20", 30);
        acknowledged("16684", "D", "08:00", 6);
        acknowledged("16684", "E", "08:30", 20);
        acknowledged(null, "F", "08:40", 2);                 // a province feed's stale-feed alert: province only
        watermark(local("09:10").minusMillis(1));
        assertThat(harness.extractOutputValues()).isEmpty();

        watermark(local("09:10"));
        // 16681: 4, 10, 30 -> 10; 16684: 6, 20 -> (6 + 20) / 2 = 13; 40: 2, 4, 6, 10, 20, 30 -> (6 + 10) / 2 = 8
        assertThat(values()).containsExactlyInAnyOrder("16681 10.0 09:10", "16684 13.0 09:10", "40 8.0 09:10");
        assertThat(harness.extractOutputValues()).allSatisfy(value -> {
            assertThat(value.getCode()).isEqualTo("OPS_ALERT_ACK_MINUTES");
            assertThat(value.getPeriodType()).isEqualTo(PeriodType.DAY);
            assertThat(value.getPeriodStart()).isEqualTo(DAY);
            assertThat(value.getUnit()).isEqualTo("minutes");
            assertThat(value.getSource()).isEqualTo("ioc-stream");
        });
    }

    @Test
    void theMinutesRunFromTheRaiseWhereTheAlertHasOneAndFromTheEpisodeStartWhereItHasNone() throws Exception {
        watermark(local("09:00"));
        raisedAndAcknowledged("16681", "A", "08:00", 60, 64);   // aqi-hourly: raised at 09:00, acknowledged 09:04
        raisedAndAcknowledged("16681", "B", "08:10", 3, 13);    // device-offline: raised at 08:13, acknowledged 08:23
        acknowledged("16681", "C", "08:20", 30);                // a stale feed, no raise time: 08:20 to 08:50
        raisedAndAcknowledged("16684", "D", "08:00", 60, 58);   // acknowledged at 08:58, before its raise at 09:00
        raisedAndAcknowledged("16684", "E", "08:30", 5, 11);    // raised at 08:35, acknowledged 08:41
        watermark(local("09:10"));

        // 16681: 4, 10, 30 -> 10 (from the starts it would be 13, 30, 64 -> 30); 16684: 0 (not -2), 6 -> 3;
        // 40: 0, 4, 6, 10, 30 -> 6
        assertThat(values()).containsExactlyInAnyOrder("16681 10.0 09:10", "16684 3.0 09:10", "40 6.0 09:10");
    }

    @Test
    void anAlertCountsOnceWithItsFirstAcknowledgementHoweverManyRecordsOfItCome() throws Exception {
        watermark(local("09:00"));
        acknowledged("16681", "A", "08:00", 4);
        acknowledged("16681", "B", "08:10", 10);
        watermark(local("09:10"));
        assertThat(values()).containsExactlyInAnyOrder("16681 7.0 09:10", "40 7.0 09:10");

        // A again: cleared, still acknowledged at 08:04; then an escalation that withdrew B's acknowledgement and
        // its second acknowledgement 50 min after the start; and an alert never acknowledged
        record("16681", "A", "08:00", AlertState.CLEARED, 4);
        record("16681", "B", "08:10", AlertState.ACTIVE, null);
        record("16681", "B", "08:10", AlertState.ACTIVE, 50);
        record("16681", "G", "08:20", AlertState.ACTIVE, null);
        watermark(local("09:30"));

        // still (4 + 10) / 2: nothing changed, nothing emitted
        assertThat(values()).hasSize(2);

        acknowledged("16681", "C", "08:30", 30);
        watermark(local("09:40"));
        // 4, 10, 30 -> 10; not 4, 4, 10, 30 -> 7 (A twice), nor 4, 30, 50 -> 30 (B's second acknowledgement)
        assertThat(values()).containsExactlyInAnyOrder("16681 7.0 09:10", "40 7.0 09:10", "16681 10.0 09:40",
                "40 10.0 09:40");
    }

    @Test
    void anAcknowledgementStampedBeforeTheEpisodeStartCountsAsZeroMinutes() throws Exception {
        watermark(local("09:00"));
        acknowledged("16681", "A", "08:00", -2);
        acknowledged("16681", "B", "08:10", 6);
        watermark(local("09:10"));

        // 0 and 6, not -2 and 6
        assertThat(values()).containsExactlyInAnyOrder("16681 3.0 09:10", "40 3.0 09:10");
    }

    @Test
    void anAlertCountsOnTheLocalDayItsEpisodeStartedAndALateAcknowledgementCorrectsTheDayAfterItsClose()
            throws Exception {
        watermark(local("23:50"));
        acknowledged("16681", "A", "23:55", 10);             // acknowledged at 00:05 on 2 April
        watermark(END.plus(Duration.ofMinutes(5)));
        // the day closed at midnight, the value went out then; an alert of 10:00 acknowledged at 00:07
        acknowledged("16681", "B", "10:00", 847);
        watermark(END.plus(Duration.ofMinutes(10)));

        assertThat(harness.extractOutputValues())
                .extracting(v -> v.getScope() + " " + v.getPeriodStart() + " " + v.getValue() + " "
                        + localTime(v.getReceivedAt()))
                .containsExactlyInAnyOrder("16681 2026-04-01 10.0 24:00", "40 2026-04-01 10.0 24:00",
                        "16681 2026-04-01 428.5 24:10", "40 2026-04-01 428.5 24:10");
    }

    @Test
    void theDaysStateIsGoneAfterTheAcknowledgementWindowAndALaterAcknowledgementIsDropped() throws Exception {
        watermark(local("09:00"));
        acknowledged("16681", "A", "08:00", 4);
        watermark(local("09:10"));
        assertThat(harness.extractOutputValues()).hasSize(2);

        watermark(END.plus(WINDOW).minusMillis(1));
        assertThat(harness.numKeyedStateEntries()).isPositive();
        watermark(END.plus(WINDOW));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        acknowledged("16681", "B", "08:30", 1080);            // acknowledged at 02:30 on 2 April: too late
        watermark(END.plus(Duration.ofDays(1)));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    @Test
    void addToBuildsTheOperatorWithItsUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        AlertAckMinutes.addTo(env.fromData(new AvroTypeInfo<>(Alert.class),
                alert("16681", "A", "08:00", AlertState.ACTIVE, 4)), AlertAckMinutes.DEFAULT_ACKNOWLEDGEMENT_WINDOW);
        List<String> uids = env.getTransformations().stream().map(Transformation::getUid).toList();
        assertThat(uids).contains(AlertAckMinutes.UID);
    }

    /** An active alert of {@code commune} acknowledged {@code minutes} after its start. */
    private void acknowledged(String commune, String id, String start, int minutes) throws Exception {
        record(commune, id, start, AlertState.ACTIVE, minutes);
    }

    /** An active alert of {@code commune} raised, then acknowledged, so many minutes after its start. */
    private void raisedAndAcknowledged(String commune, String id, String start, int raisedAfter,
            int acknowledgedAfter) throws Exception {
        Alert alert = alert(commune, id, start, AlertState.ACTIVE, acknowledgedAfter);
        send(Alert.newBuilder(alert).setRaisedAt(alert.getEpisodeStart().plus(Duration.ofMinutes(raisedAfter)))
                .build());
    }

    /** A lifecycle record, through {@link AcknowledgedAlert#of} as {@link AlertAckMinutes#addTo} sends it. */
    private void record(String commune, String id, String start, AlertState state, Integer acknowledgedAfter)
            throws Exception {
        send(alert(commune, id, start, state, acknowledgedAfter));
    }

    private void send(Alert alert) throws Exception {
        for (AcknowledgedAlert acknowledged : AcknowledgedAlert.of(alert)) {
            harness.processElement(new StreamRecord<>(acknowledged, alert.getEpisodeStart().toEpochMilli()));
        }
    }

    private static Alert alert(String commune, String id, String start, AlertState state, Integer acknowledgedAfter) {
        Instant episodeStart = local(start);
        Instant acknowledgedAt = acknowledgedAfter == null ? null
                : episodeStart.plus(Duration.ofMinutes(acknowledgedAfter));
        return Alert.newBuilder().setAlertId(id).setRule("camera-down").setSubject(id).setCommune(commune)
                .setSeverity(Severity.MINOR).setState(state).setEpisodeStart(episodeStart)
                .setClearedAt(state == AlertState.CLEARED ? episodeStart.plusSeconds(3600) : null)
                .setMessage("alert " + id).setAcknowledgedBy(acknowledgedAt == null ? null : "op1")
                .setAcknowledgedAt(acknowledgedAt).build();
    }

    private void watermark(Instant time) throws Exception {
        harness.processWatermark(new Watermark(time.toEpochMilli()));
    }

    private List<String> values() {
        return harness.extractOutputValues().stream()
                .map(v -> v.getScope() + " " + v.getValue() + " " + localTime(v.getReceivedAt()))
                .toList();
    }

    /** A local time on 2026-04-01 (UTC+7). */
    private static Instant local(String time) {
        return DAY.atTime(LocalTime.parse(time)).toInstant(ZoneOffset.ofHours(7));
    }

    /** The local time of an instant on 2026-04-01, "24:00" and beyond for the next day. */
    private static String localTime(Instant instant) {
        long minutes = Duration.between(DAY.atStartOfDay().toInstant(ZoneOffset.ofHours(7)), instant).toMinutes();
        return String.format("%02d:%02d", minutes / 60, minutes % 60);
    }
}
