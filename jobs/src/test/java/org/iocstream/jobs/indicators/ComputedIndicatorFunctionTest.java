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
import org.iocstream.schemas.CommuneAggregate;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.PeriodType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ComputedIndicatorFunction} under Flink's two-input harness, keyed as {@link ComputedIndicators#addTo}
 * keys it. Times are local (UTC+7) on 2026-04-01, whose day is [2026-03-31T17:00Z, 2026-04-01T17:00Z); with a
 * 30 min lateness its state is dropped at local 00:30 the next day.
 */
class ComputedIndicatorFunctionTest {

    private static final LocalDate DAY = LocalDate.parse("2026-04-01");
    private static final Duration LATENESS = Duration.ofMinutes(30);
    private static final Instant END = Instant.parse("2026-04-01T17:00:00Z");

    private KeyedTwoInputStreamOperatorTestHarness<String, CommuneAggregate, DeviceStatus, IndicatorValue> harness;

    @BeforeEach
    void open() throws Exception {
        // a serialised copy, as Flink ships it to the task managers
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                InstantiationUtil.clone(new ComputedIndicatorFunction(LATENESS)),
                ComputedIndicators::key, ComputedIndicators::key, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void completenessIsEmittedAtTheNextTenMinuteBoundaryAndARefiredRowReplacesItsEarlierVersion() throws Exception {
        watermark(local("08:01"));
        row("16681", "LGT", "power", "08:00", 3, 4);
        row("16681", "ENV", "pm2_5", "08:00", 1, 1);
        row("16681", "SPK", "volume", "08:00", 5, 0);    // no registered speaker: expects nothing, not counted
        watermark(local("08:10").minusMillis(1));
        assertThat(harness.extractOutputValues()).isEmpty();

        watermark(local("08:10"));
        // (3 + 1) / (4 + 1); no status yet, so no availability
        assertThat(harness.extractOutputValues()).singleElement().satisfies(value -> {
            assertThat(value.getCode()).isEqualTo("OPS_DATA_COMPLETENESS");
            assertThat(value.getScope()).isEqualTo("16681");
            assertThat(value.getPeriodType()).isEqualTo(PeriodType.DAY);
            assertThat(value.getPeriodStart()).isEqualTo(DAY);
            assertThat(value.getValue()).isEqualTo(80.0);
            assertThat(value.getUnit()).isEqualTo("percent");
            assertThat(value.getSource()).isEqualTo("ioc-stream");
            assertThat(value.getReceivedAt()).isEqualTo(local("08:10"));
        });

        // the LGT window re-fired within the lateness (its minute is final at 08:31) with a 4th reading
        row("16681", "LGT", "power", "08:00", 4, 4);
        watermark(local("08:20"));

        // 5 / 5, not (3 + 1 + 4) / (4 + 1 + 4)
        assertThat(values()).containsExactly("OPS_DATA_COMPLETENESS 80.0 08:10", "OPS_DATA_COMPLETENESS 100.0 08:20");

        watermark(local("09:00"));    // nothing changed: nothing emitted
        assertThat(harness.extractOutputValues()).hasSize(2);
    }

    @Test
    void availabilityCountsKnownDeviceMinutesAndARewrittenStatusReplacesItsEarlierVersion() throws Exception {
        watermark(local("08:00"));
        status("16681-LGT-0001", "08:00", true);
        status("16681-LGT-0002", "08:00", false);
        status("16681-XXX-0001", "08:00", null);        // unknown kind: not counted
        status("16681-LGT-0001", "08:01", true);
        watermark(local("08:10"));

        // online 2 of 3 known device-minutes
        assertThat(values()).containsExactly("OPS_DEVICE_AVAILABILITY " + 200.0 / 3 + " 08:10");

        status("16681-LGT-0002", "08:00", true);        // a late reading: online at 08:00 after all
        watermark(local("08:20"));

        assertThat(values()).containsExactly("OPS_DEVICE_AVAILABILITY " + 200.0 / 3 + " 08:10",
                "OPS_DEVICE_AVAILABILITY 100.0 08:20");
    }

    @Test
    void manyChangesBetweenTwoBoundariesGiveOneValuePerIndicator() throws Exception {
        for (int minute = 0; minute < 10; minute++) {
            String at = String.format("08:%02d", minute);
            watermark(local(at));
            status("16681-CAM-0001", at, minute % 2 == 0);       // online at 08:00, 08:02, ... 08:08
            row("16681", "CAM", "bitrate", at, 6, 6);
        }
        watermark(local("08:10"));

        assertThat(values()).containsExactlyInAnyOrder("OPS_DATA_COMPLETENESS 100.0 08:10",
                "OPS_DEVICE_AVAILABILITY 50.0 08:10");
    }

    @Test
    void theDayClosesAtLocalMidnightWithEveryValueAndItsStateIsGoneAfterTheRetention() throws Exception {
        watermark(local("08:00"));
        row("16681", "LGT", "power", "08:00", 3, 4);
        status("16681-LGT-0001", "08:00", true);
        watermark(local("08:10"));
        watermark(END.minusMillis(1));
        assertThat(harness.extractOutputValues()).hasSize(2);

        // the close repeats the unchanged values, at local midnight
        watermark(END);
        assertThat(values()).containsExactlyInAnyOrder("OPS_DATA_COMPLETENESS 75.0 08:10",
                "OPS_DEVICE_AVAILABILITY 100.0 08:10", "OPS_DATA_COMPLETENESS 75.0 24:00",
                "OPS_DEVICE_AVAILABILITY 100.0 24:00");

        watermark(END.plus(LATENESS).minusMillis(1));
        assertThat(harness.numKeyedStateEntries()).isPositive();
        watermark(END.plus(LATENESS));
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.extractOutputValues()).hasSize(4);
    }

    @Test
    void aRowRefiredAfterTheCloseIsEmittedAsALaterCorrection() throws Exception {
        watermark(local("23:50"));
        row("16681", "LGT", "power", "23:59", 3, 4);
        watermark(END.plus(Duration.ofMinutes(5)));
        // the close; the 23:59 window is final at 00:30 + 1 min, so it may still re-fire
        row("16681", "LGT", "power", "23:59", 4, 4);
        watermark(END.plus(LATENESS));

        assertThat(values()).containsExactly("OPS_DATA_COMPLETENESS 75.0 24:00",
                "OPS_DATA_COMPLETENESS 100.0 24:10");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aRowForAMinuteAlreadyFinalIsDroppedAndLeavesNoState() throws Exception {
        watermark(local("09:00"));
        row("16681", "LGT", "power", "08:29", 3, 4);    // final at 08:29 + 1 min + 30 min = 09:00
        status("16681-LGT-0001", "08:29", true);
        watermark(END.plus(LATENESS));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aMinutesContributionsAreForgottenOnceItIsFinal() throws Exception {
        watermark(local("08:00"));
        row("16681", "LGT", "power", "08:00", 3, 4);
        status("16681-LGT-0001", "08:00", true);
        watermark(local("08:10"));
        // totals, the rows of 08:00 and the statuses of 08:00
        assertThat(harness.numKeyedStateEntries()).isEqualTo(3);

        watermark(local("08:40"));                          // 08:00 is final since 08:31
        status("16681-LGT-0001", "08:40", false);
        watermark(local("08:50"));

        // totals and the statuses of 08:40 (the rows of 08:00 are gone); the totals still hold 08:00
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);

        watermark(local("09:20"));                          // 08:40 is final since 09:11
        row("16681", "LGT", "power", "09:20", 4, 4);
        watermark(local("09:30"));

        // totals and the rows of 09:20; 1 of 2 device-minutes online, 7 of 8 readings
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(values()).containsExactly("OPS_DATA_COMPLETENESS 75.0 08:10",
                "OPS_DEVICE_AVAILABILITY 100.0 08:10", "OPS_DEVICE_AVAILABILITY 50.0 08:50",
                "OPS_DATA_COMPLETENESS 87.5 09:30");
    }

    @Test
    void communesAndTheProvinceAndDaysAreKeptApart() throws Exception {
        watermark(local("00:05"));
        row("16681", "LGT", "power", "00:00", 3, 4);
        row("40", "LGT", "power", "00:00", 9, 10);          // the province row of the same minute
        // 23:59 on the day before, re-fired within the lateness: that day has closed, so it goes out at its close
        harness.processElement1(new StreamRecord<>(communeRow("16681", "LGT", "power",
                local("00:00").minusSeconds(60), 0, 4)));
        watermark(local("00:10"));

        assertThat(harness.extractOutputValues())
                .extracting(v -> v.getScope() + " " + v.getPeriodStart() + " " + v.getValue() + " " + v.getReceivedAt())
                .containsExactlyInAnyOrder("16681 2026-03-31 0.0 2026-03-31T17:00:00Z",
                        "16681 2026-04-01 75.0 2026-03-31T17:10:00Z", "40 2026-04-01 90.0 2026-03-31T17:10:00Z");
    }

    @Test
    void addToBuildsTheOperatorWithItsUid() {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ComputedIndicators.addTo(env.fromData(new AvroTypeInfo<>(CommuneAggregate.class), communeRow("16681", "LGT",
                        "power", "08:00", 3, 4)),
                env.fromData(new AvroTypeInfo<>(DeviceStatus.class), deviceStatus("16681-LGT-0001", "08:00", true)),
                LATENESS);
        List<String> uids = env.getTransformations().stream().map(Transformation::getUid).toList();
        assertThat(uids).contains(ComputedIndicators.UID);
    }

    private List<String> values() {
        return harness.extractOutputValues().stream()
                .map(v -> v.getCode() + " " + v.getValue() + " " + localTime(v.getReceivedAt()))
                .toList();
    }

    private void watermark(Instant time) throws Exception {
        harness.processBothWatermarks(new Watermark(time.toEpochMilli()));
    }

    private void row(String commune, String kind, String metric, String minute, long count, double expected)
            throws Exception {
        CommuneAggregate row = communeRow(commune, kind, metric, minute, count, expected);
        harness.processElement1(new StreamRecord<>(row, row.getWindowEnd().toEpochMilli() - 1));
    }

    private void status(String device, String minute, Boolean online) throws Exception {
        DeviceStatus status = deviceStatus(device, minute, online);
        harness.processElement2(new StreamRecord<>(status, status.getAt().toEpochMilli()));
    }

    private static CommuneAggregate communeRow(String commune, String kind, String metric, String minute, long count,
            double expected) {
        return communeRow(commune, kind, metric, local(minute), count, expected);
    }

    private static CommuneAggregate communeRow(String commune, String kind, String metric, Instant start, long count,
            double expected) {
        return CommuneAggregate.newBuilder().setCommune(commune).setKind(kind).setMetric(metric).setUnit(null)
                .setWindowStart(start).setWindowEnd(start.plusSeconds(60)).setCount(count).setMin(0).setMax(0)
                .setSum(0).setMean(0).setDevicesReporting(count).setDevicesRegistered((long) expected)
                .setExpectedReadings(expected).setCompleteness(expected > 0 ? count / expected : null)
                .setCommunes(1).build();
    }

    private static DeviceStatus deviceStatus(String device, String minute, Boolean online) {
        return DeviceStatus.newBuilder().setDeviceId(device).setKind(device.substring(6, 9))
                .setCommune(device.substring(0, 5)).setGateway("gw-01").setLastSeen(local(minute)).setOnline(online)
                .setAt(local(minute)).build();
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
