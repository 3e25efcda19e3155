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
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.PojoTestUtils;
import org.apache.flink.util.InstantiationUtil;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.PeriodType;
import org.iocstream.schemas.Reading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link RadioIctFunction} under Flink's two-input harness, keyed as {@link RadioIctIndicator#addTo} keys it.
 * Times are local (UTC+7) on 2026-04-01, whose day is [2026-03-31T17:00Z, 2026-04-01T17:00Z); with a 30 min
 * lateness its state is dropped at local 00:30 the next day ("24:30").
 */
class RadioIctFunctionTest {

    private static final LocalDate DAY = LocalDate.parse("2026-04-01");
    private static final Duration LATENESS = Duration.ofMinutes(30);
    private static final Instant END = Instant.parse("2026-04-01T17:00:00Z");
    private static final Instant DROP = END.plus(LATENESS);

    private KeyedTwoInputStreamOperatorTestHarness<String, Reading, DeviceStatus, IndicatorValue> harness;

    @BeforeEach
    void open() throws Exception {
        // a serialised copy, as Flink ships it to the task managers
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                InstantiationUtil.clone(new RadioIctFunction(LATENESS)),
                RadioIctIndicator::key, RadioIctIndicator::key, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void aCommuneIsAt100FromTheBoundaryAfterItsLastSpeakerRelayedSourceNews() throws Exception {
        watermark(local("00:00"));
        status("16681-SPK-0001", "00:00", true);
        status("16681-SPK-0002", "00:00", true);
        watermark(local("00:10"));
        // two speakers, neither relayed yet
        assertThat(harness.extractOutputValues()).singleElement().satisfies(value -> {
            assertThat(value.getCode()).isEqualTo("INF_COMMUNE_RADIO_ICT");
            assertThat(value.getScope()).isEqualTo("16681");
            assertThat(value.getPeriodType()).isEqualTo(PeriodType.DAY);
            assertThat(value.getPeriodStart()).isEqualTo(DAY);
            assertThat(value.getValue()).isEqualTo(0.0);
            assertThat(value.getUnit()).isEqualTo("percent");
            assertThat(value.getSource()).isEqualTo("ioc-stream");
            assertThat(value.getReceivedAt()).isEqualTo(local("00:10"));
        });

        watermark(local("05:30"));
        program("16681-SPK-0001", "05:30", "source_news");
        watermark(local("05:40"));
        // 1 of 2: still 0, nothing new to say
        assertThat(harness.extractOutputValues()).hasSize(1);

        program("16681-SPK-0002", "05:41", "source_news");
        program("16681-SPK-0001", "05:41", "source_news");  // a speaker relaying again adds nothing
        watermark(local("05:50"));
        watermark(local("06:30"));

        assertThat(values()).containsExactly("0.0 00:10", "100.0 05:50");
    }

    @Test
    void otherProgramsAndMetricsDoNotCountButAKindlessSourceNewsReadingOfAKnownSpeakerDoes() throws Exception {
        watermark(local("05:30"));
        status("16681-SPK-0001", "05:30", true);
        status("16681-SPK-0002", "05:30", true);
        program("16681-SPK-0001", "05:30", "commune_news");
        program("16681-SPK-0001", "05:31", "none");
        harness.processElement1(new StreamRecord<>(reading("16681-SPK-0001", "broadcasting", "05:32", null, "SPK")));
        harness.processElement1(new StreamRecord<>(reading("16681-SPK-0002", "program", "05:32", "source_news", null)));
        // a light cannot relay the news: not a speaker's reading
        harness.processElement1(new StreamRecord<>(reading("16681-SPK-0001", "program", "05:33", "source_news",
                "LGT")));
        watermark(local("05:40"));
        watermark(END);

        // speaker 2 relayed, speaker 1 did not: 0 at 05:40 and at the close
        assertThat(values()).containsExactly("0.0 05:40", "0.0 24:00");
    }

    @Test
    void aRegisteredSpeakerThatNeverReportedCountsAgainstItsCommune() throws Exception {
        watermark(local("05:30"));
        status("16681-SPK-0001", "05:30", true);
        program("16681-SPK-0001", "05:30", "source_news");
        watermark(local("05:40"));
        // a speaker in the registry that never reported: listed offline, never seen
        harness.processElement2(new StreamRecord<>(DeviceStatus.newBuilder().setDeviceId("16681-SPK-0003")
                .setKind("SPK").setCommune("16681").setGateway("gw-01").setLastSeen(null).setOnline(false)
                .setAt(local("05:40")).build()));
        watermark(local("05:50"));

        assertThat(values()).containsExactly("100.0 05:40", "0.0 05:50");
    }

    @Test
    void aCommuneWithoutSpeakersHasNoValueAndLeavesNoState() throws Exception {
        watermark(local("05:30"));
        status("16681-LGT-0001", "05:30", true);                 // not a speaker
        program("16681-SPK-0009", "05:30", "source_news");       // relayed, but no status names it a speaker
        watermark(DROP);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void theDayClosesAtLocalMidnightWithItsValueAndItsStateIsGoneAtTheDrop() throws Exception {
        watermark(local("05:30"));
        status("16681-SPK-0001", "05:30", true);
        program("16681-SPK-0001", "05:30", "source_news");
        watermark(END.minusMillis(1));
        assertThat(values()).containsExactly("100.0 05:40");

        watermark(END);
        assertThat(values()).containsExactly("100.0 05:40", "100.0 24:00");

        watermark(DROP.minusMillis(1));
        // the day's counts, its speaker and the speaker that relayed
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
        watermark(DROP);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    @Test
    void lateInputsAfterTheCloseAddToTheDayUntilItIsDroppedAndAreLeftOutAfterwards() throws Exception {
        watermark(local("23:50"));
        status("16681-SPK-0001", "23:50", true);
        program("16681-SPK-0001", "05:30", "source_news");      // a morning reading, very late
        watermark(END.plus(Duration.ofMinutes(1)));
        // the close said 100; then a status rewritten late names a second speaker, which did not relay
        status("16681-SPK-0002", "23:59", false);
        watermark(END.plus(Duration.ofMinutes(12)));
        // and that speaker's morning reading comes in even later
        program("16681-SPK-0002", "06:00", "source_news");
        watermark(DROP.minusMillis(1));
        assertThat(values()).containsExactly("100.0 24:00", "0.0 24:10", "100.0 24:20");

        watermark(DROP);
        // the day is dropped: a third speaker can no longer change it, and leaves nothing behind
        status("16681-SPK-0003", "23:59", true);
        watermark(DROP.plus(Duration.ofHours(1)));
        assertThat(harness.extractOutputValues()).hasSize(3);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aCorrectionJustBeforeTheDropIsEmittedAtTheDrop() throws Exception {
        watermark(local("23:50"));
        status("16681-SPK-0001", "23:50", true);
        watermark(END.plus(Duration.ofMinutes(25)));
        program("16681-SPK-0001", "06:00", "source_news");
        watermark(DROP);

        // the next boundary after 00:25 would be 00:30 anyway; the drop emits it and clears
        assertThat(values()).containsExactly("0.0 24:00", "100.0 24:30");
        assertThat(harness.numKeyedStateEntries()).isZero();
    }

    @Test
    void communesAndDaysAreKeptApart() throws Exception {
        watermark(local("00:05"));
        status("16681-SPK-0001", "00:00", true);
        program("16681-SPK-0001", "00:01", "source_news");
        status("16684-SPK-0001", "00:00", true);
        // the same speaker on the day before: its day closed at 00:00, so it goes out at its close
        harness.processElement2(new StreamRecord<>(speakerStatus("16681-SPK-0001", local("00:00").minusSeconds(60),
                true)));
        watermark(local("00:10"));

        assertThat(harness.extractOutputValues())
                .extracting(v -> v.getScope() + " " + v.getPeriodStart() + " " + v.getValue() + " " + v.getReceivedAt())
                .containsExactlyInAnyOrder("16681 2026-03-31 0.0 2026-03-31T17:00:00Z",
                        "16681 2026-04-01 100.0 2026-03-31T17:10:00Z", "16684 2026-04-01 0.0 2026-03-31T17:10:00Z");
    }

    @Test
    void onlySourceNewsProgramReadingsAndSpeakerStatusesAreInputs() {
        assertThat(RadioIctFunction.isRelayReading(reading("16681-SPK-0001", "program", "05:30", "source_news",
                "SPK"))).isTrue();
        assertThat(RadioIctFunction.isRelayReading(reading("16681-SPK-0001", "program", "05:30", "source_news",
                null))).isTrue();
        assertThat(RadioIctFunction.isRelayReading(reading("16681-SPK-0001", "program", "17:00", "commune_news",
                "SPK"))).isFalse();
        assertThat(RadioIctFunction.isRelayReading(reading("16681-SPK-0001", "program", "05:30", "source_news",
                "CAM"))).isFalse();
        assertThat(RadioIctFunction.isRelayReading(reading("16681-SPK-0001", "fault", "05:30", "source_news",
                "SPK"))).isFalse();
        assertThat(RadioIctFunction.isSpeakerStatus(speakerStatus("16681-SPK-0001", local("05:30"), true))).isTrue();
        assertThat(RadioIctFunction.isSpeakerStatus(DeviceStatus.newBuilder(speakerStatus("16681-SPK-0001",
                local("05:30"), true)).setKind(null).build())).isFalse();
    }

    @Test
    void theDaysCountsAreAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(CoverageDay.class);
    }

    @Test
    void addToBuildsTheOperatorWithItsUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        RadioIctIndicator.addTo(env.fromData(new AvroTypeInfo<>(Reading.class),
                        reading("16681-SPK-0001", "program", "05:30", "source_news", "SPK")),
                env.fromData(new AvroTypeInfo<>(DeviceStatus.class), speakerStatus("16681-SPK-0001", local("05:30"),
                        true)),
                LATENESS);
        List<String> uids = env.getTransformations().stream().map(Transformation::getUid).toList();
        assertThat(uids).contains(RadioIctIndicator.UID);
    }

    private List<String> values() {
        return harness.extractOutputValues().stream()
                .map(v -> v.getValue() + " " + localTime(v.getReceivedAt()))
                .toList();
    }

    private void watermark(Instant time) throws Exception {
        harness.processBothWatermarks(new Watermark(time.toEpochMilli()));
    }

    private void program(String device, String time, String program) throws Exception {
        Reading reading = reading(device, "program", time, program, "SPK");
        harness.processElement1(new StreamRecord<>(reading, reading.getTime().toEpochMilli()));
    }

    private void status(String device, String minute, boolean online) throws Exception {
        DeviceStatus status = DeviceStatus.newBuilder(speakerStatus(device, local(minute), online))
                .setKind(device.substring(6, 9)).build();
        harness.processElement2(new StreamRecord<>(status, status.getAt().toEpochMilli()));
    }

    private static Reading reading(String device, String metric, String time, String text, String kind) {
        Instant at = local(time);
        return Reading.newBuilder().setDeviceId(device).setMetric(metric).setTime(at)
                .setValue(text == null ? 1.0 : null).setStringValue(text).setUnit(null)
                .setCommune(device.substring(0, 5)).setGateway("gw-01").setKind(kind).setIngestProtocol("mqtt")
                .setIngestTime(at.plusSeconds(1)).build();
    }

    private static DeviceStatus speakerStatus(String device, Instant minute, boolean online) {
        return DeviceStatus.newBuilder().setDeviceId(device).setKind("SPK").setCommune(device.substring(0, 5))
                .setGateway("gw-01").setLastSeen(minute).setOnline(online).setAt(minute).build();
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
