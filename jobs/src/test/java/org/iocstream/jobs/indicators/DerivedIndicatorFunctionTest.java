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
import org.apache.flink.util.InstantiationUtil;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.PeriodType;
import org.iocstream.schemas.WindowAggregate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DerivedIndicatorFunction} under Flink's two-input harness (windows, statuses), keyed as
 * {@link DerivedIndicators#addTo} keys it.
 * Times are local (UTC+7) on 2026-04-01, whose day is [2026-03-31T17:00Z, 2026-04-01T17:00Z); with a 30 min
 * lateness a minute is final 31 min after its start and the day's state is dropped at local 00:30 the next day.
 * Lamps are rated 100 W (the default), the schedule is 05:30-06:15 and 17:00-17:45 and the night 18:00-06:00.
 * A status stamped {@code at} covers the minute (at - 1 min, at], the same minute as the window starting at - 1 min.
 */
class DerivedIndicatorFunctionTest {

    private static final LocalDate DAY = LocalDate.parse("2026-04-01");
    private static final Duration LATENESS = Duration.ofMinutes(30);
    private static final Instant END = Instant.parse("2026-04-01T17:00:00Z");

    private KeyedTwoInputStreamOperatorTestHarness<String, WindowAggregate, DeviceStatus, IndicatorValue> harness;

    @BeforeEach
    void open() throws Exception {
        // a serialised copy, as Flink ships it to the task managers
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                InstantiationUtil.clone(new DerivedIndicatorFunction(LATENESS)), DerivedIndicators::key,
                DerivedIndicators::key, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void cameraUptimeIsStreamingOverReportedCameraMinutesAndARefiredWindowReplacesItsEarlierVersion()
            throws Exception {
        watermark(local("08:01"));
        window("16681-CAM-0001", "CAM", "online", "08:00", 6, 1, 1);
        window("16681-CAM-0001", "CAM", "bitrate", "08:00", 6, 2000, 4000);    // streaming
        window("16681-CAM-0002", "CAM", "online", "08:00", 6, 1, 1);
        window("16681-CAM-0002", "CAM", "bitrate", "08:00", 6, 0, 3000);       // one report at 0: down
        window("16681-CAM-0001", "CAM", "online", "08:01", 6, 1, 1);           // no bitrate (yet): down
        watermark(local("08:10").minusMillis(1));
        assertThat(harness.extractOutputValues()).isEmpty();

        watermark(local("08:10"));
        // 1 of 3 camera-minutes with a report
        assertThat(harness.extractOutputValues()).singleElement().satisfies(value -> {
            assertThat(value.getCode()).isEqualTo("OPS_CAMERA_UPTIME");
            assertThat(value.getScope()).isEqualTo("16681");
            assertThat(value.getPeriodType()).isEqualTo(PeriodType.DAY);
            assertThat(value.getPeriodStart()).isEqualTo(DAY);
            assertThat(value.getValue()).isEqualTo(100.0 / 3);
            assertThat(value.getUnit()).isEqualTo("percent");
            assertThat(value.getSource()).isEqualTo("ioc-stream");
            assertThat(value.getReceivedAt()).isEqualTo(local("08:10"));
        });

        // re-fired within the lateness: the 0 kbit/s report was a late duplicate's neighbour, and a late bitrate
        window("16681-CAM-0002", "CAM", "bitrate", "08:00", 6, 1500, 3000);
        window("16681-CAM-0001", "CAM", "bitrate", "08:01", 6, 2500, 2500);
        watermark(local("08:20"));

        // 3 of 3, not 3 of 5
        assertThat(values()).containsExactly("OPS_CAMERA_UPTIME " + 100.0 / 3 + " 08:10",
                "OPS_CAMERA_UPTIME 100.0 08:20");
    }

    @Test
    void broadcastCoverageCountsScheduledSpeakerMinutesAgainstEverySpeakerAndTheScheduleElapsed() throws Exception {
        watermark(local("05:20"));
        window("16681-SPK-0002", "SPK", "broadcasting", "05:20", 1, 0, 0);     // before the slot: a speaker
        for (int minute = 30; minute < 40; minute++) {
            String at = "05:" + minute;
            watermark(local(at));
            window("16681-SPK-0001", "SPK", "broadcasting", at, 1, 1, 1);
            window("16681-SPK-0002", "SPK", "broadcasting", at, 1, 0, 0);
        }
        watermark(local("05:40"));
        // 05:20 went out at 05:30: 2 speakers, no scheduled minute yet, undefined; at 05:40: 10 of 2 × 10
        assertThat(values()).containsExactly("OPS_BROADCAST_COVERAGE 50.0 05:40");

        // speaker 2's 05:35 window re-fired with a late report of 1 (any 1 in a minute counts)
        window("16681-SPK-0002", "SPK", "broadcasting", "05:35", 2, 0, 1);
        watermark(local("05:50"));

        // 11 of 2 × 20 scheduled minutes elapsed by 05:50
        assertThat(values()).containsExactly("OPS_BROADCAST_COVERAGE 50.0 05:40",
                "OPS_BROADCAST_COVERAGE 27.5 05:50");
    }

    @Test
    void aRegisteredCameraThatSendsNothingLowersUptimeAndAMinuteWithAStatusAndWindowsCountsOnce() throws Exception {
        watermark(local("08:00"));
        for (int minute = 0; minute < 5; minute++) {
            String start = later("08:00", minute);
            String at = later("08:00", minute + 1);
            // camera 1 streams, its status before or after its windows; camera 2 is only listed by its statuses
            if (minute % 2 == 0) {
                statusAt("16681-CAM-0001", at, true);
            }
            window("16681-CAM-0001", "CAM", "online", start, 6, 1, 1);
            window("16681-CAM-0001", "CAM", "bitrate", start, 6, 2000, 4000);
            if (minute % 2 == 1) {
                statusAt("16681-CAM-0001", at, true);
            }
            statusAt("16681-CAM-0002", at, false);
        }
        watermark(local("08:10"));

        // 5 streaming of 2 cameras × 5 minutes: not 5 of 5 (windows alone), nor 5 of 15 (status and windows apart)
        assertThat(values()).containsExactly("OPS_CAMERA_UPTIME 50.0 08:10");
    }

    @Test
    void aRewrittenStatusChangesNothingAndLateWindowsTurnAListedMinuteStreaming() throws Exception {
        watermark(local("08:00"));
        statusAt("16681-CAM-0001", "08:01", true);
        statusAt("16681-CAM-0002", "08:01", false);
        window("16681-CAM-0001", "CAM", "online", "08:00", 6, 1, 1);
        window("16681-CAM-0001", "CAM", "bitrate", "08:00", 6, 2000, 4000);
        watermark(local("08:10"));
        assertThat(values()).containsExactly("OPS_CAMERA_UPTIME 50.0 08:10");

        // camera 2's readings came late: its status for 08:00 is rewritten (twice), still one camera-minute
        statusAt("16681-CAM-0002", "08:01", true);
        statusAt("16681-CAM-0002", "08:01", true);
        watermark(local("08:20"));
        assertThat(values()).containsExactly("OPS_CAMERA_UPTIME 50.0 08:10");

        // its windows fire, and its status is rewritten once more: 2 of 2, not 2 of 3
        window("16681-CAM-0002", "CAM", "online", "08:00", 6, 1, 1);
        window("16681-CAM-0002", "CAM", "bitrate", "08:00", 6, 2500, 2500);
        statusAt("16681-CAM-0002", "08:01", true);
        watermark(local("08:30"));
        assertThat(values()).containsExactly("OPS_CAMERA_UPTIME 50.0 08:10", "OPS_CAMERA_UPTIME 100.0 08:30");
    }

    @Test
    void aSpeakerWithStatusesAndNoWindowCountsItsScheduledMinutesAsNotBroadcast() throws Exception {
        watermark(local("05:20"));
        statusAt("16681-SPK-0002", "05:21", true);                            // before the slot: a speaker
        for (int minute = 30; minute < 40; minute++) {
            String start = "05:" + minute;
            String at = later(start, 1);
            watermark(local(start));
            window("16681-SPK-0001", "SPK", "broadcasting", start, 1, 1, 1);
            statusAt("16681-SPK-0001", at, true);
            statusAt("16681-SPK-0002", at, true);                             // online, silent: no window
        }
        watermark(local("05:40"));

        // 10 of 2 speakers × 10 scheduled minutes, not 10 of 1 × 10
        assertThat(values()).containsExactly("OPS_BROADCAST_COVERAGE 50.0 05:40");
    }

    @Test
    void aCommuneWhoseOnlySpeakerIsSilentIsAt0FromTheFirstBoundaryInTheSchedule() throws Exception {
        for (int minute = 20; minute <= 50; minute++) {
            String at = "05:" + minute;
            watermark(local(at));
            statusAt("16681-SPK-0001", at, true);
        }
        watermark(local("05:50"));

        // nothing scheduled by the 05:30 boundary (undefined); 0 of 1 × 10 at 05:40 and 0 of 1 × 20 at 05:50
        assertThat(values()).containsExactly("OPS_BROADCAST_COVERAGE 0.0 05:40", "OPS_BROADCAST_COVERAGE 0.0 05:50");
    }

    @Test
    void theEndOfABoundedInputCountsAStatusMinuteAsDataReached() throws Exception {
        watermark(local("05:30"));
        for (int minute = 30; minute < 40; minute++) {
            String start = "05:" + minute;
            if (minute < 35) {
                window("16681-SPK-0001", "SPK", "broadcasting", start, 1, 1, 1);
            }
            statusAt("16681-SPK-0002", later(start, 1), true);
        }
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));

        // the windows reached 05:35, the statuses 05:40: 5 of 2 × 10 minutes, not 5 of 2 × 5 nor 5 of 2 × 90
        assertThat(harness.extractOutputValues().stream().filter(value -> value.getReceivedAt().equals(END)))
                .singleElement().satisfies(value -> {
                    assertThat(value.getCode()).isEqualTo("OPS_BROADCAST_COVERAGE");
                    assertThat(value.getValue()).isEqualTo(25.0);
                });
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void statusesAloneCloseTheDayTheStatusAtMidnightIsItsLastMinuteAndTheStateIsGoneAtTheDrop() throws Exception {
        watermark(local("23:50"));
        statusAt("16681-CAM-0001", "23:51", false);
        statusAt("16681-SPK-0001", "23:51", false);
        DeviceStatus atMidnight = DeviceStatus.newBuilder(status("16681-CAM-0001", "23:59", false)).setAt(END)
                .build();
        harness.processElement2(new StreamRecord<>(atMidnight, END.toEpochMilli()));
        watermark(END);
        // 0 of 2 camera-minutes (23:50, 23:59); the day is observed from 23:50 on, after its last broadcast slot, so
        // the speaker has no coverage
        assertThat(values()).containsExactly("OPS_CAMERA_UPTIME 0.0 24:00");

        statusAt("16681-CAM-0001", "23:01", false);     // 23:00 was final at 23:31: dropped
        statusAt("16681-CAM-0001", "23:45", false);     // 23:44 is final at 24:15: a correction, 0 of 3
        watermark(END.plus(LATENESS).minusMillis(1));
        assertThat(values()).containsExactly("OPS_CAMERA_UPTIME 0.0 24:00", "OPS_CAMERA_UPTIME 0.0 24:10");
        assertThat(harness.numKeyedStateEntries()).isPositive();

        watermark(END.plus(LATENESS));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        statusAt("16681-CAM-0001", "23:59", false);     // after the drop: dropped, no new state
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    @Test
    void lightingSavingIsTheCountersRiseAgainstTheLampsAtFullPowerThroughTheNightSoFar() throws Exception {
        watermark(local("00:00"));
        lamp("16681-LGT-0001", "00:00", 1000, 1000, 1000, 1000);
        lamp("16681-LGT-0002", "00:00", 500, 500, 500, 500);
        watermark(local("00:01"));
        lamp("16681-LGT-0001", "00:01", 1001.5, 1001.5, 1001.5, 1001.5);
        // replaced in the minute: 500 -> 501 -> 502, then a new counter at 0.5: 1 + 1 + 0.5
        lamp("16681-LGT-0002", "00:01", 501, 0.5, 502, 0.5);
        watermark(local("00:02"));
        lamp("16681-LGT-0001", "00:02", 1003, 1003, 1003, 1003);
        watermark(local("00:10"));
        // 3 + 2.5 Wh against 2 lamps × 100 W × 1/6 h = 33.33 Wh: 1 - 5.5 / 33.33 = 83.5 %
        assertThat(values()).singleElement().satisfies(value ->
                assertThat(Double.parseDouble(value.split(" ")[1])).isCloseTo(83.5, within()));

        // lamp 1's 00:02 window re-fired with a second reading: 4 Wh, not 3 + 4; 6.5 of 66.67 Wh
        lamp("16681-LGT-0001", "00:02", 1003, 1003, 1004, 1004);
        watermark(local("00:20"));
        assertThat(percent(1)).isCloseTo(90.25, within());

        // 00:00-00:02 are final at 00:33 and folded at 00:50 (after its value); the chain goes on from 1004
        watermark(local("00:40"));
        lamp("16681-LGT-0001", "00:40", 1010, 1010, 1010, 1010);
        watermark(local("00:50"));
        assertThat(percent(2)).isCloseTo(100 * (1 - 12.5 / (200 * 50.0 / 60)), within());   // 92.5
        lamp("16681-LGT-0001", "00:50", 1012, 1012, 1012, 1012);
        watermark(local("01:00"));
        // 6.5 folded + 6 + 2 = 14.5 of 200 Wh
        assertThat(percent(3)).isCloseTo(92.75, within());
        // the same Wh as kWh beside each saving: 5.5, 6.5, 12.5 and 14.5 Wh
        assertThat(kilowattHours()).containsExactly("0.0055 kWh 00:10", "0.0065 kWh 00:20", "0.0125 kWh 00:50",
                "0.0145 kWh 01:00");
        // totals, the lamps' last final values and the windows of 00:40 and 00:50: one entry per state here
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);
    }

    @Test
    void theDayClosesAtLocalMidnightWithEveryValueAndItsStateIsGoneAfterTheRetention() throws Exception {
        watermark(local("08:00"));
        window("16681-CAM-0001", "CAM", "online", "08:00", 6, 1, 1);
        window("16681-CAM-0001", "CAM", "bitrate", "08:00", 6, 2000, 4000);
        for (int minute = 0; minute < 10; minute++) {
            String at = "17:0" + minute;
            watermark(local(at));
            window("16681-SPK-0001", "SPK", "broadcasting", at, 1, 1, 1);
        }
        watermark(local("20:00"));
        lamp("16681-LGT-0001", "20:00", 100, 100, 100, 100);
        watermark(local("20:01"));
        lamp("16681-LGT-0001", "20:01", 101.5, 101.5, 101.5, 101.5);
        watermark(END.minusMillis(1));
        int beforeClose = percentages().size();
        int energiesBeforeClose = kilowattHours().size();

        watermark(END);
        // the close repeats every value, at local midnight, over the day as observed, from its first data at 08:00:
        // 10 of 1 × 45 scheduled minutes (the evening slot), 1.5 Wh of 100 W × 6 h (18:00-24:00)
        List<String> close = values().subList(beforeClose, values().size());
        assertThat(close).hasSize(3).contains("OPS_CAMERA_UPTIME 100.0 24:00",
                "OPS_BROADCAST_COVERAGE " + 1000.0 / 45 + " 24:00");
        assertThat(Double.parseDouble(close.get(2).split(" ")[1])).isCloseTo(99.75, within());
        assertThat(kilowattHours().subList(energiesBeforeClose, kilowattHours().size()))
                .containsExactly("0.0015 kWh 24:00");

        watermark(END.plus(LATENESS).minusMillis(1));
        assertThat(harness.numKeyedStateEntries()).isPositive();
        watermark(END.plus(LATENESS));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(percentages()).hasSize(beforeClose + 3);
    }

    @Test
    void theEndOfABoundedInputElapsesTheDayOnlyAsFarAsItsDataReached() throws Exception {
        watermark(local("00:00"));
        lamp("16681-LGT-0001", "00:00", 1000, 1000, 1000, 1000);
        lamp("16681-LGT-0002", "00:00", 0, 0, 0, 0);
        lamp("16681-LGT-0003", "00:00", 0, 0, 0, 0);
        for (int minute = 30; minute < 40; minute++) {
            String at = "05:" + minute;
            watermark(local(at));
            window("16681-SPK-0001", "SPK", "broadcasting", at, 1, 1, 1);
        }
        lamp("16681-LGT-0001", "05:39", 1850, 1850, 1850, 1850);
        lamp("16681-LGT-0002", "05:39", 0, 0, 0, 0);
        lamp("16681-LGT-0003", "05:39", 0, 0, 0, 0);
        harness.processBothWatermarks(new Watermark(Long.MAX_VALUE));

        // The data reached 05:40 (the end of the last window): 10 of 1 × 10 scheduled minutes, and 850 Wh against
        // 3 lamps × 100 W × 5 h 40 min = 1700 Wh. Not 10 of 90 minutes and 850 of 3600 Wh up to midnight.
        List<IndicatorValue> close = harness.extractOutputValues().stream()
                .filter(value -> value.getReceivedAt().equals(END))
                .toList();
        assertThat(close).extracting(IndicatorValue::getCode)
                .containsExactly("OPS_BROADCAST_COVERAGE", "OPS_LIGHTING_ENERGY_SAVING", "OPS_LIGHTING_ENERGY");
        assertThat(close.get(0).getValue()).isEqualTo(100.0);
        assertThat(close.get(1).getValue()).isCloseTo(50.0, within());
        assertThat(close.get(2).getValue()).isCloseTo(0.85, within());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aWindowForAMinuteAlreadyFinalIsDroppedAndLeavesNoState() throws Exception {
        watermark(local("09:00"));
        window("16681-CAM-0001", "CAM", "online", "08:29", 6, 1, 1);   // final at 08:29 + 1 min + 30 min
        window("16681-SPK-0001", "SPK", "broadcasting", "08:29", 1, 1, 1);
        lamp("16681-LGT-0001", "08:29", 1, 1, 1, 1);
        watermark(END.plus(LATENESS));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aNegativeCounterIsNoReadingAndLeavesNoLamp() throws Exception {
        watermark(local("20:00"));
        lamp("16681-LGT-0001", "20:00", -1, -1, -1, -1);
        watermark(local("20:10"));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void onlyOneMinuteWindowsOfTheDerivedMetricsAreInputs() {
        assertThat(DerivedIndicators.isInput(aggregate("16681-CAM-0001", "CAM", "online", local("08:00"), 1, 1, 1)))
                .isTrue();
        assertThat(DerivedIndicators.isInput(aggregate("16681-LGT-0001", "LGT", "energy", local("08:00"), 1, 1, 1)))
                .isTrue();
        assertThat(DerivedIndicators.isInput(aggregate("16681-LGT-0001", "LGT", "power", local("08:00"), 1, 1, 1)))
                .isFalse();
        assertThat(DerivedIndicators.isInput(aggregate("16681-SPK-0001", null, "broadcasting", local("08:00"), 1, 1,
                1))).isFalse();
        WindowAggregate tenSeconds = aggregate("16681-CAM-0001", "CAM", "online", local("08:00"), 1, 1, 1);
        tenSeconds.setWindowEnd(local("08:00").plusSeconds(10));
        assertThat(DerivedIndicators.isInput(tenSeconds)).isFalse();
    }

    @Test
    void onlyCameraAndSpeakerStatusesAreInputs() {
        assertThat(DerivedIndicators.isInput(status("16681-CAM-0001", "08:01", true))).isTrue();
        assertThat(DerivedIndicators.isInput(status("16681-SPK-0001", "08:01", true))).isTrue();
        assertThat(DerivedIndicators.isInput(status("16681-LGT-0001", "08:01", true))).isFalse();
        assertThat(DerivedIndicators.isInput(DeviceStatus.newBuilder(status("16681-CAM-0001", "08:01", true))
                .setKind(null).build())).isFalse();
    }

    @Test
    void addToBuildsTheOperatorWithItsUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        DerivedIndicators.addTo(env.fromData(new AvroTypeInfo<>(WindowAggregate.class),
                        aggregate("16681-CAM-0001", "CAM", "online", local("08:00"), 6, 1, 1)),
                env.fromData(new AvroTypeInfo<>(DeviceStatus.class), status("16681-CAM-0001", "08:01", true)),
                LATENESS);
        List<String> uids = env.getTransformations().stream().map(Transformation::getUid).toList();
        assertThat(uids).contains(DerivedIndicators.UID);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }

    private double percent(int index) {
        return percentages().get(index).getValue();
    }

    private List<String> values() {
        return percentages().stream()
                .map(v -> v.getCode() + " " + v.getValue() + " " + localTime(v.getReceivedAt()))
                .toList();
    }

    /** The outputs but the lighting energy in kWh, which comes with each lighting saving. */
    private List<IndicatorValue> percentages() {
        return harness.extractOutputValues().stream().filter(v -> !v.getCode().equals("OPS_LIGHTING_ENERGY"))
                .toList();
    }

    /** Each lighting energy emitted, in kWh, with its local time. */
    private List<String> kilowattHours() {
        return harness.extractOutputValues().stream().filter(v -> v.getCode().equals("OPS_LIGHTING_ENERGY"))
                .map(v -> v.getValue() + " " + v.getUnit() + " " + localTime(v.getReceivedAt()))
                .toList();
    }

    private void watermark(Instant time) throws Exception {
        harness.processBothWatermarks(new Watermark(time.toEpochMilli()));
    }

    private void window(String device, String kind, String metric, String minute, long count, double min,
            double max) throws Exception {
        WindowAggregate window = aggregate(device, kind, metric, local(minute), count, min, max);
        harness.processElement1(new StreamRecord<>(window, window.getWindowEnd().toEpochMilli() - 1));
    }

    /** The device's status stamped {@code at}, for the minute before it; sent with {@code at} as its timestamp. */
    private void statusAt(String device, String at, boolean online) throws Exception {
        DeviceStatus status = status(device, at, online);
        harness.processElement2(new StreamRecord<>(status, status.getAt().toEpochMilli()));
    }

    private static DeviceStatus status(String device, String at, boolean online) {
        return DeviceStatus.newBuilder().setDeviceId(device).setKind(device.substring(6, 9))
                .setCommune(device.substring(0, 5)).setGateway("gw-01").setLastSeen(online ? local(at) : null)
                .setOnline(online).setAt(local(at)).setReports(online ? 1 : 0).build();
    }

    private void lamp(String device, String minute, double first, double min, double max, double last)
            throws Exception {
        WindowAggregate window = aggregate(device, "LGT", "energy", local(minute), 1, min, max);
        window.setFirst(first);
        window.setLast(last);
        harness.processElement1(new StreamRecord<>(window, window.getWindowEnd().toEpochMilli() - 1));
    }

    private static WindowAggregate aggregate(String device, String kind, String metric, Instant start, long count,
            double min, double max) {
        return WindowAggregate.newBuilder().setDeviceId(device).setMetric(metric).setUnit(null)
                .setCommune(device.substring(0, 5)).setGateway("gw-01").setWindowStart(start)
                .setWindowEnd(start.plusSeconds(60)).setCount(count).setMin(min).setMax(max).setSum(min)
                .setMean(min).setFirst(min).setLast(max).setKind(kind).build();
    }

    /** A local time {@code minutes} after {@code time}, as HH:mm. */
    private static String later(String time, int minutes) {
        return LocalTime.parse(time).plusMinutes(minutes).toString();
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
