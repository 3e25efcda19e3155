package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
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
import org.iocstream.schemas.AqiPeriod;
import org.iocstream.schemas.AqiValue;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.PeriodType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link AqiGoodDaysFunction} under Flink's harness, keyed as {@link AqiGoodDays#addTo} keys it. A commune's AQI^d
 * comes as {@code CommuneAqiFunction} sends it: stamped with the day's last millisecond, before the watermark
 * passes local midnight (UTC+7). April 2026 is [2026-03-31T17:00Z, 2026-04-30T17:00Z); with a 30 min lateness its
 * state is dropped at 00:30 local on 1 May.
 */
class AqiGoodDaysFunctionTest {

    private static final Duration LATENESS = Duration.ofMinutes(30);
    private static final Instant MAY = Instant.parse("2026-04-30T17:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, AqiValue, IndicatorValue> harness;

    @BeforeEach
    void open() throws Exception {
        // a serialised copy, as Flink ships it to the task managers
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                InstantiationUtil.clone(new AqiGoodDaysFunction(LATENESS)), AqiGoodDays::key, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void eachDaysAqiIsEmittedAtLocalMidnightAsTheMonthsShareOfGoodDaysSoFar() throws Exception {
        day("16681", "2026-04-01", 45);
        watermark(midnightAfter("2026-04-01").minusMillis(1));
        assertThat(harness.extractOutputValues()).isEmpty();
        watermark(midnightAfter("2026-04-01"));
        assertThat(harness.extractOutputValues()).singleElement().satisfies(value -> {
            assertThat(value.getCode()).isEqualTo("OPS_AQI_GOOD_DAYS");
            assertThat(value.getScope()).isEqualTo("16681");
            assertThat(value.getPeriodType()).isEqualTo(PeriodType.MONTH);
            assertThat(value.getPeriodStart()).isEqualTo(LocalDate.parse("2026-04-01"));
            assertThat(value.getValue()).isEqualTo(100.0);
            assertThat(value.getUnit()).isEqualTo("percent");
            assertThat(value.getSource()).isEqualTo("ioc-stream");
            assertThat(value.getReceivedAt()).isEqualTo(midnightAfter("2026-04-01"));
        });

        day("16681", "2026-04-02", 120);                    // Poor
        watermark(midnightAfter("2026-04-02"));
        day("16681", "2026-04-03", 100);                    // Moderate: still good
        watermark(midnightAfter("2026-04-03"));
        day("16681", "2026-04-04", 101);                    // Poor
        watermark(midnightAfter("2026-04-04"));

        // 1 of 1, 1 of 2, 2 of 3, 2 of 4
        assertThat(values()).containsExactly("100.0 2026-04-02T00:00", "50.0 2026-04-03T00:00",
                100.0 * 2 / 3 + " 2026-04-04T00:00", "50.0 2026-04-05T00:00");
    }

    @Test
    void aDayEmittedAgainReplacesItsEarlierAqiAndIsEmittedOnlyIfItCrosses100() throws Exception {
        day("16681", "2026-04-01", 45);
        watermark(midnightAfter("2026-04-01"));
        day("16681", "2026-04-02", 120);
        watermark(midnightAfter("2026-04-02"));
        assertThat(values()).containsExactly("100.0 2026-04-02T00:00", "50.0 2026-04-03T00:00");

        // a late reading within the lateness recomputes 2 April: Moderate, so 2 good days of 2, not 2 of 3
        sameDayAgain("16681", "2026-04-02", 95, midnightAfter("2026-04-02").plusSeconds(5 * 60));
        // and again, still Moderate: the same share, nothing to emit
        sameDayAgain("16681", "2026-04-02", 90, midnightAfter("2026-04-02").plusSeconds(25 * 60));
        assertThat(values()).containsExactly("100.0 2026-04-02T00:00", "50.0 2026-04-03T00:00",
                "100.0 2026-04-03T00:10");
        watermark(midnightAfter("2026-04-02").plusSeconds(40 * 60));
        assertThat(values()).hasSize(3);
    }

    @Test
    void aDayIsEmittedNoEarlierThanItsEndWhateverTheWatermark() throws Exception {
        day("16681", "2026-04-01", 45);                     // no watermark yet
        watermark(midnightAfter("2026-04-01").minusMillis(1));
        assertThat(harness.extractOutputValues()).isEmpty();
        watermark(midnightAfter("2026-04-01"));
        assertThat(values()).containsExactly("100.0 2026-04-02T00:00");
    }

    @Test
    void monthsAndCommunesAreKeptApart() throws Exception {
        day("16681", "2026-04-30", 40);
        day("16681", "2026-05-01", 140);
        day("16684", "2026-04-30", 180);
        watermark(midnightAfter("2026-05-01"));

        assertThat(harness.extractOutputValues())
                .extracting(v -> v.getScope() + " " + v.getPeriodStart() + " " + v.getValue() + " " + v.getReceivedAt())
                .containsExactlyInAnyOrder("16681 2026-04-01 100.0 2026-04-30T17:00:00Z",
                        "16684 2026-04-01 0.0 2026-04-30T17:00:00Z", "16681 2026-05-01 0.0 2026-05-01T17:00:00Z");
    }

    @Test
    void theMonthsStateIsGoneAtItsEndPlusTheLatenessAndALaterValueIsDropped() throws Exception {
        day("16681", "2026-04-29", 60);
        watermark(midnightAfter("2026-04-29"));
        day("16681", "2026-04-30", 160);
        watermark(MAY);
        assertThat(values()).containsExactly("100.0 2026-04-30T00:00", "50.0 2026-05-01T00:00");

        // the last day recomputed after the month closed, within the lateness: a correction
        sameDayAgain("16681", "2026-04-30", 80, MAY.plusSeconds(12 * 60));
        watermark(MAY.plus(LATENESS).minusMillis(1));
        assertThat(values()).containsExactly("100.0 2026-04-30T00:00", "50.0 2026-05-01T00:00",
                "100.0 2026-05-01T00:20");
        assertThat(harness.numKeyedStateEntries()).isPositive();

        watermark(MAY.plus(LATENESS));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        // too late: no new state, nothing emitted
        harness.processElement(new StreamRecord<>(communeDay("16681", "2026-04-30", 170)));
        watermark(MAY.plus(Duration.ofDays(1)));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(values()).hasSize(3);
    }

    @Test
    void onlyCommuneDailyValuesAreInputs() {
        AqiValue communeDay = communeDay("16681", "2026-04-01", 45);
        assertThat(AqiGoodDays.isInput(communeDay)).isTrue();
        assertThat(AqiGoodDays.isInput(AqiValue.newBuilder(communeDay).setPeriod(AqiPeriod.HOUR).build())).isFalse();
        assertThat(AqiGoodDays.isInput(AqiValue.newBuilder(communeDay).setScope("station")
                .setDeviceId("16681-ENV-0001").build())).isFalse();
    }

    @Test
    void addToBuildsTheOperatorWithItsUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        AqiGoodDays.addTo(env.fromData(new AvroTypeInfo<>(AqiValue.class), communeDay("16681", "2026-04-01", 45)),
                LATENESS);
        List<String> uids = env.getTransformations().stream().map(Transformation::getUid).toList();
        assertThat(uids).contains(AqiGoodDays.UID);
    }

    /** A day's value as it first comes: just before the watermark passes its end. */
    private void day(String commune, String day, int aqi) throws Exception {
        AqiValue value = communeDay(commune, day, aqi);
        harness.processElement(new StreamRecord<>(value, midnightAfter(day).toEpochMilli() - 1));
    }

    /** A day's value recomputed, arriving with the watermark at {@code watermark}. */
    private void sameDayAgain(String commune, String day, int aqi, Instant watermark) throws Exception {
        watermark(watermark);
        day(commune, day, aqi);
    }

    private void watermark(Instant time) throws Exception {
        harness.processWatermark(new Watermark(time.toEpochMilli()));
    }

    private List<String> values() {
        return harness.extractOutputValues().stream()
                .map(v -> v.getValue() + " " + v.getReceivedAt().atOffset(ZoneOffset.ofHours(7)).toLocalDateTime())
                .toList();
    }

    private static AqiValue communeDay(String commune, String day, int aqi) {
        return AqiValue.newBuilder().setScope("commune").setDeviceId(null).setCommune(commune)
                .setPeriod(AqiPeriod.DAY).setPeriodStart(midnightAfter(day).minus(Duration.ofDays(1))).setAqi(aqi)
                .setCategory("ANY").setDominant("pm2_5").setCapped(false).setPm25(aqi).setStations(1).build();
    }

    /** Local midnight (UTC+7) at the end of a day. */
    private static Instant midnightAfter(String day) {
        return LocalDate.parse(day).plusDays(1).atStartOfDay().toInstant(ZoneOffset.ofHours(7));
    }
}
