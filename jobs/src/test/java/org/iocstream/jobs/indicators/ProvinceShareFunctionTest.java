package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.PeriodType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ProvinceShareFunction} under Flink's harness, keyed as {@link ProvinceShares#addTo} keys it, for a
 * province of four communes. Commune values carry their {@code receivedAt} (an emission boundary) as timestamp, as
 * the upstream operators' timers stamp them. Times are local (UTC+7) on 2026-04-01, whose day is
 * [2026-03-31T17:00Z, 2026-04-01T17:00Z); with a 30 min lateness its state is dropped at local 00:30 the next day.
 */
class ProvinceShareFunctionTest {

    private static final String RADIO = "INF_COMMUNE_RADIO_ICT";
    private static final String PHYS = "INF_COMMUNE_PHYS_DIGITAL";
    private static final List<String> COMMUNES = List.of("16681", "16684", "16687", "16690");
    private static final LocalDate DAY = LocalDate.parse("2026-04-01");
    private static final Duration LATENESS = Duration.ofMinutes(30);
    private static final Instant END = Instant.parse("2026-04-01T17:00:00Z");
    private static final Instant DROP = END.plus(LATENESS);

    private KeyedOneInputStreamOperatorTestHarness<String, IndicatorValue, IndicatorValue> harness;

    @BeforeEach
    void open() throws Exception {
        // a serialised copy, as Flink ships it to the task managers
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                InstantiationUtil.clone(new ProvinceShareFunction(COMMUNES, LATENESS)), ProvinceShares::key,
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void threeCommunesOfFourCoveredGive75Percent() throws Exception {
        watermark(local("05:35"));
        commune(RADIO, "16681", 100, "05:40");
        commune(RADIO, "16684", 100, "05:40");
        commune(RADIO, "16687", 100, "05:40");
        watermark(local("05:40").minusMillis(1));
        assertThat(harness.extractOutputValues()).isEmpty();

        watermark(local("05:40"));
        // 16690 sent nothing and counts against: 3 / 4
        assertThat(harness.extractOutputValues()).singleElement().satisfies(value -> {
            assertThat(value.getCode()).isEqualTo(RADIO);
            assertThat(value.getScope()).isEqualTo("40");
            assertThat(value.getPeriodType()).isEqualTo(PeriodType.DAY);
            assertThat(value.getPeriodStart()).isEqualTo(DAY);
            assertThat(value.getValue()).isEqualTo(75.0);
            assertThat(value.getUnit()).isEqualTo("percent");
            assertThat(value.getSource()).isEqualTo("ioc-stream");
            assertThat(value.getReceivedAt()).isEqualTo(local("05:40"));
        });

        commune(RADIO, "16690", 0, "05:50");                // its 0 changes nothing
        watermark(local("06:00"));
        assertThat(harness.extractOutputValues()).hasSize(1);
    }

    @Test
    void theNewestValueOfACommuneCountsAndAnOlderOrEqualOneIsDropped() throws Exception {
        watermark(local("00:05"));
        commune(RADIO, "16681", 0, "00:10");
        commune(RADIO, "16684", 0, "00:10");
        watermark(local("00:10"));
        // the radio operator's watermark ran ahead: its 05:40 value comes while this one's is at 00:10, and counts
        // from 05:40, not from 00:20
        commune(RADIO, "16681", 100, "05:40");
        watermark(local("05:40"));
        // a replay of the first value, and a second value at the same instant: neither beats 05:40
        commune(RADIO, "16681", 0, "00:10");
        commune(RADIO, "16681", 0, "05:40");
        watermark(local("05:50"));
        commune(RADIO, "16684", 100, "05:50");
        watermark(local("06:00"));

        // 0 of 4, then 1 of 4, then 2 of 4
        assertThat(values()).containsExactly("0.0 00:10", "25.0 05:40", "50.0 06:00");
    }

    @Test
    void aValueWhoseBoundaryTheWatermarkHasPassedCountsFromTheNextOne() throws Exception {
        watermark(local("08:15"));
        commune(PHYS, "16681", 100, "08:10");
        watermark(local("08:20").minusMillis(1));
        assertThat(harness.extractOutputValues()).isEmpty();
        watermark(local("08:20"));

        assertThat(values()).containsExactly("25.0 08:20");
    }

    @Test
    void theTwoIndicatorsAndTheDaysAreKeptApart() throws Exception {
        watermark(local("00:05"));
        commune(PHYS, "16681", 100, "00:10");
        commune(PHYS, "16684", 100, "00:10");
        commune(RADIO, "16681", 100, "00:10");
        // the day before, corrected after its close
        harness.processElement(new StreamRecord<>(value(RADIO, "16681", DAY.minusDays(1), 100, local("00:10")),
                local("00:10").toEpochMilli()));
        watermark(local("00:10"));

        assertThat(harness.extractOutputValues())
                .extracting(v -> v.getCode() + " " + v.getPeriodStart() + " " + v.getValue())
                .containsExactlyInAnyOrder(PHYS + " 2026-04-01 50.0", RADIO + " 2026-04-01 25.0",
                        RADIO + " 2026-03-31 25.0");
    }

    @Test
    void valuesThatAreNoCommuneValueAreDroppedAndLeaveNoState() throws Exception {
        watermark(local("08:00"));
        commune(RADIO, "99999", 100, "08:10");              // not a commune of the province
        commune(RADIO, "40", 100, "08:10");                 // the province itself
        commune(RADIO, "16681", 50, "08:10");               // a commune is covered or not
        commune("OPS_CAMERA_UPTIME", "16681", 100, "08:10");
        harness.processElement(new StreamRecord<>(IndicatorValue.newBuilder(value(RADIO, "16681", DAY, 100,
                local("08:10"))).setPeriodType(PeriodType.MONTH).build(), local("08:10").toEpochMilli()));
        watermark(DROP);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void theDayClosesAtLocalMidnightWithItsShareAndItsStateIsGoneAtTheDrop() throws Exception {
        watermark(local("08:00"));
        commune(PHYS, "16681", 100, "08:10");
        commune(PHYS, "16684", 0, "08:10");
        watermark(END.minusMillis(1));
        assertThat(values()).containsExactly("25.0 08:10");

        // the upstream closes re-send the same values at midnight: the share is sent again once
        commune(PHYS, "16681", 100, "24:00");
        commune(PHYS, "16684", 0, "24:00");
        watermark(END);
        assertThat(values()).containsExactly("25.0 08:10", "25.0 24:00");

        watermark(DROP.minusMillis(1));
        // the day's counts and the communes' values (one map); none waits for a boundary
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        watermark(DROP);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    @Test
    void anUpstreamCorrectionAtItsDropStillCountsAndALaterValueIsLeftOut() throws Exception {
        watermark(local("23:55"));
        commune(RADIO, "16681", 0, "24:00");
        watermark(END);
        watermark(DROP.minusMillis(1));
        // the radio operator's last correction, at its own drop (the same instant as this day's)
        commune(RADIO, "16681", 100, "24:30");
        watermark(DROP);
        assertThat(values()).containsExactly("0.0 24:00", "25.0 24:30");
        assertThat(harness.numKeyedStateEntries()).isZero();

        // a value for the dropped day changes nothing and leaves nothing behind
        commune(RADIO, "16684", 100, "24:40");
        watermark(DROP.plus(Duration.ofHours(1)));
        assertThat(harness.extractOutputValues()).hasSize(2);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void onlyCommuneValuesOfTheTwoIndicatorsAreInputs() {
        assertThat(ProvinceShares.isInput(value(RADIO, "16681", DAY, 100, local("08:10")))).isTrue();
        assertThat(ProvinceShares.isInput(value(PHYS, "16681", DAY, 0, local("08:10")))).isTrue();
        assertThat(ProvinceShares.isInput(value(RADIO, "40", DAY, 75, local("08:10")))).isFalse();
        assertThat(ProvinceShares.isInput(value("OPS_CAMERA_UPTIME", "16681", DAY, 100, local("08:10"))))
                .isFalse();
        assertThat(ProvinceShares.key(value(RADIO, "16681", DAY, 100, local("08:10"))))
                .isEqualTo("INF_COMMUNE_RADIO_ICT/2026-04-01");
    }

    @Test
    void refusesAProvinceWithoutCommunesOrCountingItself() {
        assertThatThrownBy(() -> new ProvinceShareFunction(List.of(), LATENESS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs communes");
        assertThatThrownBy(() -> new ProvinceShareFunction(List.of("16681", "40"), LATENESS))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("40");
    }

    @Test
    void addToBuildsTheOperatorWithItsUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ProvinceShares.addTo(env.fromData(new AvroTypeInfo<>(IndicatorValue.class),
                value(RADIO, "16681", DAY, 100, local("08:10"))), COMMUNES, LATENESS);
        List<String> uids = env.getTransformations().stream().map(Transformation::getUid).toList();
        assertThat(uids).contains(ProvinceShares.UID);
    }

    private List<String> values() {
        return harness.extractOutputValues().stream()
                .map(v -> v.getValue() + " " + localTime(v.getReceivedAt()))
                .toList();
    }

    private void watermark(Instant time) throws Exception {
        harness.processWatermark(new Watermark(time.toEpochMilli()));
    }

    /** A commune's value for DAY, received (and stamped) at a local time, "24:00" and beyond for the next day. */
    private void commune(String code, String commune, double percent, String receivedAt) throws Exception {
        Instant at = local(receivedAt);
        harness.processElement(new StreamRecord<>(value(code, commune, DAY, percent, at), at.toEpochMilli()));
    }

    private static IndicatorValue value(String code, String scope, LocalDate day, double percent, Instant at) {
        return IndicatorValue.newBuilder().setCode(code).setScope(scope).setPeriodType(PeriodType.DAY)
                .setPeriodStart(day).setValue(percent).setUnit("percent").setSource("ioc-stream").setReceivedAt(at)
                .build();
    }

    /** A local time on 2026-04-01 (UTC+7); "24:00" and beyond are the next day. */
    private static Instant local(String time) {
        int hours = Integer.parseInt(time.substring(0, 2));
        return DAY.atTime(LocalTime.parse(String.format("%02d", hours % 24) + time.substring(2)))
                .plusDays(hours / 24).toInstant(ZoneOffset.ofHours(7));
    }

    /** The local time of an instant on 2026-04-01, "24:00" and beyond for the next day. */
    private static String localTime(Instant instant) {
        long minutes = Duration.between(DAY.atStartOfDay().toInstant(ZoneOffset.ofHours(7)), instant).toMinutes();
        return String.format("%02d:%02d", minutes / 60, minutes % 60);
    }
}
