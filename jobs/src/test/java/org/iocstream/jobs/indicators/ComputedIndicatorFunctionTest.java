package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.groups.Tuple.tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.Collector;
import org.apache.flink.util.InstantiationUtil;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.PeriodType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link ComputedIndicatorFunction} under Flink's harness, fed as {@link ComputedIndicators#addTo} feeds it: every
 * status and its province copy ({@link ComputedIndicators#withProvinceCopy}), keyed by
 * {@link ComputedIndicators#key}. Times are local (UTC+7) on 2026-04-01, whose day is [2026-03-31T17:00Z,
 * 2026-04-01T17:00Z); a status at {@code at} covers the minute (at - 1 min, at]. With a 30 min lateness a day's
 * state is dropped at local 00:30 the next day.
 */
class ComputedIndicatorFunctionTest {

    private static final LocalDate DAY = LocalDate.parse("2026-04-01");
    private static final Duration LATENESS = Duration.ofMinutes(30);
    private static final Instant END = Instant.parse("2026-04-01T17:00:00Z");

    private KeyedOneInputStreamOperatorTestHarness<String, DeviceStatus, IndicatorValue> harness;

    @BeforeEach
    void open() throws Exception {
        // a serialised copy, as Flink ships it to the task managers
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                InstantiationUtil.clone(new ComputedIndicatorFunction(LATENESS)), ComputedIndicators::key,
                Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void everyIndicatorOfACommuneAndTheProvinceAtTheNextTenMinuteBoundary() throws Exception {
        watermark(local("08:00"));
        status("16681-LGT-0001", "08:01", true, 1);
        status("16681-LGT-0002", "08:01", false, 0);    // registered, never reported: owes its report all the same
        status("16681-CAM-0001", "08:01", true, 6);
        status("16681-GTW-0001", "08:01", true, 1);
        watermark(local("08:10").minusMillis(1));
        assertThat(harness.extractOutputValues()).isEmpty();

        watermark(local("08:10"));

        // completeness (1 + 0 + 6 + 1) / (1 + 1 + 6 + 1); availability without the gateway: 2 of 3 device-minutes,
        // LGT 1 of 2, CAM 1 of 1; the gateway 1 of 1; a camera and a light were online
        assertThat(values("16681")).containsExactlyInAnyOrder(
                "OPS_DATA_COMPLETENESS " + 800.0 / 9 + " 08:10",
                "OPS_DEVICE_AVAILABILITY " + 200.0 / 3 + " 08:10",
                "OPS_DEVICE_AVAILABILITY/CAM 100.0 08:10",
                "OPS_DEVICE_AVAILABILITY/LGT 50.0 08:10",
                "OPS_GATEWAY_UPTIME 100.0 08:10",
                "INF_COMMUNE_PHYS_DIGITAL 100.0 08:10");
        // the province has the same devices here, and no physical-digital value (a share of communes, built
        // elsewhere from the commune values)
        assertThat(values("40")).containsExactlyInAnyOrder(
                "OPS_DATA_COMPLETENESS " + 800.0 / 9 + " 08:10",
                "OPS_DEVICE_AVAILABILITY " + 200.0 / 3 + " 08:10",
                "OPS_DEVICE_AVAILABILITY/CAM 100.0 08:10",
                "OPS_DEVICE_AVAILABILITY/LGT 50.0 08:10",
                "OPS_GATEWAY_UPTIME 100.0 08:10");
        assertThat(harness.extractOutputValues()).allSatisfy(value -> {
            assertThat(value.getPeriodType()).isEqualTo(PeriodType.DAY);
            assertThat(value.getPeriodStart()).isEqualTo(DAY);
            assertThat(value.getUnit()).isEqualTo("percent");
            assertThat(value.getSource()).isEqualTo("ioc-stream");
        });
    }

    @Test
    void aRewrittenStatusReplacesItsEarlierVersionAndOnlyChangedValuesGoOut() throws Exception {
        watermark(local("08:00"));
        status("16681-LGT-0001", "08:01", true, 1);
        status("16681-LGT-0002", "08:01", false, 0);
        status("16681-CAM-0001", "08:01", true, 6);
        watermark(local("08:10"));
        int first = harness.extractOutputValues().size();
        int communeFirst = values("16681").size();

        status("16681-LGT-0002", "08:01", true, 1);     // a late reading: the lamp reported after all
        watermark(local("08:20"));

        // 8 / 8 and 3 of 3, not (1 + 0 + 6 + 1) / (1 + 1 + 6 + 1) and 3 of 4; CAM and physical-digital unchanged
        assertThat(values("16681").subList(communeFirst, values("16681").size())).containsExactlyInAnyOrder(
                "OPS_DATA_COMPLETENESS 100.0 08:20",
                "OPS_DEVICE_AVAILABILITY 100.0 08:20",
                "OPS_DEVICE_AVAILABILITY/LGT 100.0 08:20");

        watermark(local("09:00"));    // nothing changed: nothing emitted
        assertThat(harness.extractOutputValues()).hasSize(first + 6);
    }

    @Test
    void aGatewayCountsOnlyInTheGatewayUptime() throws Exception {
        watermark(local("08:00"));
        status("16681-GTW-0001", "08:01", true, 1);
        status("16681-GTW-0001", "08:02", false, 0);
        status("16681-SPK-0001", "08:01", true, 1);
        status("16681-SPK-0001", "08:02", true, 1);
        watermark(local("08:10"));

        // availability and SPK 2 of 2, untouched by the gateway's offline minute; uptime 1 of 2; completeness
        // counts the gateway's telemetry, 3 of 4; a speaker is not physical-digital infrastructure
        assertThat(values("16681")).containsExactlyInAnyOrder(
                "OPS_DATA_COMPLETENESS 75.0 08:10",
                "OPS_DEVICE_AVAILABILITY 100.0 08:10",
                "OPS_DEVICE_AVAILABILITY/SPK 100.0 08:10",
                "OPS_GATEWAY_UPTIME 50.0 08:10",
                "INF_COMMUNE_PHYS_DIGITAL 0.0 08:10");
    }

    @Test
    void aDeviceReportingEveryFiveMinutesDoesNotExceedAHundredPercent() throws Exception {
        watermark(local("08:00"));
        for (int minute = 1; minute <= 10; minute++) {
            // reports at 08:01 and 08:06, every 300 s, and none in the minutes between
            status("16681-AGR-0001", String.format("08:%02d", minute), true, minute % 5 == 1 ? 1 : 0);
        }
        watermark(local("08:10"));

        // 2 reports / (10 minutes × 0.2)
        assertThat(harness.extractOutputValues()).filteredOn(v -> v.getCode().equals("OPS_DATA_COMPLETENESS"))
                .hasSize(2).allSatisfy(v -> assertThat(v.getValue()).isCloseTo(100.0, within(1e-9)));
    }

    @Test
    void physicalDigitalFollowsARewriteThatTakesTheOnlyOnlineMinuteAway() throws Exception {
        watermark(local("08:00"));
        status("16681-ENV-0001", "08:01", true, 1);
        status("16681-ENV-0001", "08:02", false, 0);
        watermark(local("08:10"));
        status("16681-ENV-0001", "08:01", false, 0);
        watermark(local("08:20"));

        assertThat(values("16681")).filteredOn(v -> v.startsWith("INF_COMMUNE_PHYS_DIGITAL"))
                .containsExactly("INF_COMMUNE_PHYS_DIGITAL 100.0 08:10", "INF_COMMUNE_PHYS_DIGITAL 0.0 08:20");
    }

    @Test
    void manyChangesBetweenTwoBoundariesGiveOneValuePerIndicator() throws Exception {
        for (int minute = 1; minute <= 10; minute++) {
            String at = String.format("08:%02d", minute);
            watermark(local(at).minusSeconds(60));
            status("16681-CAM-0001", at, minute % 2 == 0, 6);     // online at 08:02, 08:04, ... 08:10
        }
        watermark(local("08:10"));

        assertThat(values("16681")).containsExactlyInAnyOrder("OPS_DATA_COMPLETENESS 100.0 08:10",
                "OPS_DEVICE_AVAILABILITY 50.0 08:10", "OPS_DEVICE_AVAILABILITY/CAM 50.0 08:10",
                "INF_COMMUNE_PHYS_DIGITAL 100.0 08:10");
    }

    @Test
    void theStatusAtMidnightClosesItsDayWhichRepeatsEveryValueAndItsStateIsGoneAfterTheRetention()
            throws Exception {
        watermark(local("23:50"));
        status("16681-LGT-0001", "23:59", true, 1);
        status("16681-LGT-0001", "24:00", true, 1);     // covers 23:59-24:00: the last minute of 2026-04-01
        status("16681-LGT-0001", "24:01", false, 0);    // the first of 2026-04-02
        watermark(END.minusMillis(1));
        assertThat(values("16681")).isEmpty();

        // the close, at local midnight: 2 of 2 minutes; the next day has its own values at 00:10
        watermark(END);
        assertThat(harness.extractOutputValues()).filteredOn(v -> v.getScope().equals("16681"))
                .extracting(v -> v.getPeriodStart() + " " + v.getCode()
                        + (v.getKind() == null ? "" : "/" + v.getKind()) + " " + v.getValue())
                .containsExactlyInAnyOrder("2026-04-01 OPS_DATA_COMPLETENESS 100.0",
                        "2026-04-01 OPS_DEVICE_AVAILABILITY 100.0", "2026-04-01 OPS_DEVICE_AVAILABILITY/LGT 100.0",
                        "2026-04-01 INF_COMMUNE_PHYS_DIGITAL 100.0");
        watermark(END.plus(EmissionCadence.INTERVAL));
        assertThat(harness.extractOutputValues()).filteredOn(v -> v.getScope().equals("16681")
                        && v.getPeriodStart().equals(DAY.plusDays(1)))
                .extracting(v -> v.getCode() + (v.getKind() == null ? "" : "/" + v.getKind()) + " " + v.getValue())
                .containsExactlyInAnyOrder("OPS_DATA_COMPLETENESS 0.0", "OPS_DEVICE_AVAILABILITY 0.0",
                        "OPS_DEVICE_AVAILABILITY/LGT 0.0", "INF_COMMUNE_PHYS_DIGITAL 0.0");

        // 2026-04-01 is dropped at 00:30; 2026-04-02 (its 00:01 minute, its totals) stays
        watermark(END.plus(LATENESS).minusMillis(1));
        long beforeDrop = harness.numKeyedStateEntries();
        watermark(END.plus(LATENESS));
        // totals and the last minute of 2026-04-01, for the commune and the province
        assertThat(beforeDrop - harness.numKeyedStateEntries()).isEqualTo(4);
    }

    @Test
    void aRewriteAfterTheCloseIsEmittedAsALaterCorrectionAndTheDayLeavesNoState() throws Exception {
        watermark(local("23:50"));
        status("16681-LGT-0001", "23:59", true, 1);
        watermark(END.plus(Duration.ofMinutes(5)));
        // the close; 23:59 is final at 23:59 + 30 min, so it may still be rewritten
        status("16681-LGT-0001", "23:59", false, 0);
        watermark(END.plus(LATENESS));

        assertThat(values("16681")).filteredOn(v -> v.startsWith("OPS_DEVICE_AVAILABILITY "))
                .containsExactly("OPS_DEVICE_AVAILABILITY 100.0 24:00", "OPS_DEVICE_AVAILABILITY 0.0 24:10");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aStatusForAMinuteAlreadyFinalIsDroppedAndLeavesNoState() throws Exception {
        watermark(local("09:00"));
        status("16681-LGT-0001", "08:30", true, 1);     // (08:29, 08:30] is final at 08:30 + 30 min = 09:00
        watermark(END.plus(LATENESS));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aMinutesContributionsAreForgottenOnceItIsFinal() throws Exception {
        watermark(local("08:00"));
        status("16681-LGT-0001", "08:01", true, 1);
        watermark(local("08:10"));
        // per key (the commune and the province): the totals and the map of minutes, holding 08:00-08:01
        assertThat(harness.numKeyedStateEntries()).isEqualTo(4);

        // 08:01 is final since 08:31, and forgotten at the next timer, the close
        watermark(END.minusMillis(1));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(4);
        watermark(END);

        // the totals alone, and they still hold 08:01
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
        assertThat(values("16681")).filteredOn(v -> v.startsWith("OPS_DEVICE_AVAILABILITY "))
                .containsExactly("OPS_DEVICE_AVAILABILITY 100.0 08:10", "OPS_DEVICE_AVAILABILITY 100.0 24:00");
    }

    @Test
    void addToCopiesEveryStatusForTheProvinceAndBuildsTheOperatorWithItsUid() {
        DeviceStatus status = deviceStatus("16681-LGT-0001", "08:01", true, 1);
        List<DeviceStatus> copies = new ArrayList<>();
        ComputedIndicators.withProvinceCopy(status, collector(copies::add));
        assertThat(copies).extracting(DeviceStatus::getCommune).containsExactly("16681", "40");
        assertThat(copies).extracting(DeviceStatus::getDeviceId, DeviceStatus::getAt, DeviceStatus::getOnline,
                DeviceStatus::getReports).containsOnly(
                        tuple("16681-LGT-0001", local("08:01"), true, 1));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        ComputedIndicators.addTo(env.fromData(new AvroTypeInfo<>(DeviceStatus.class), status), LATENESS);
        List<String> uids = env.getTransformations().stream().map(Transformation::getUid).toList();
        assertThat(uids).contains(ComputedIndicators.UID);
    }

    /** Each value of a scope as "CODE[/KIND] value hh:mm" (the receivedAt, local). */
    private List<String> values(String scope) {
        return harness.extractOutputValues().stream()
                .filter(v -> v.getScope().equals(scope))
                .map(v -> v.getCode() + (v.getKind() == null ? "" : "/" + v.getKind()) + " " + v.getValue() + " "
                        + localTime(v.getReceivedAt()))
                .toList();
    }

    private void watermark(Instant time) throws Exception {
        harness.processWatermark(new Watermark(time.toEpochMilli()));
    }

    /** A status and its province copy, as {@link ComputedIndicators#addTo} sends them. */
    private void status(String device, String at, Boolean online, int reports) {
        DeviceStatus status = deviceStatus(device, at, online, reports);
        ComputedIndicators.withProvinceCopy(status, collector(copy -> {
            try {
                harness.processElement(new StreamRecord<>(copy, copy.getAt().toEpochMilli()));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }));
    }

    private static Collector<DeviceStatus> collector(Consumer<DeviceStatus> sink) {
        return new Collector<>() {
            @Override
            public void collect(DeviceStatus record) {
                sink.accept(record);
            }

            @Override
            public void close() {
            }
        };
    }

    private static DeviceStatus deviceStatus(String device, String at, Boolean online, int reports) {
        return DeviceStatus.newBuilder().setDeviceId(device).setKind(device.substring(6, 9))
                .setCommune(device.substring(0, 5)).setGateway("gw-01").setLastSeen(local(at)).setOnline(online)
                .setAt(local(at)).setReports(reports).build();
    }

    /** A local time on 2026-04-01 (UTC+7); "24:00" and beyond are the next day. */
    private static Instant local(String time) {
        int hours = Integer.parseInt(time.substring(0, 2));
        LocalTime clock = LocalTime.of(hours % 24, Integer.parseInt(time.substring(3, 5)));
        return DAY.plusDays(hours / 24).atTime(clock).toInstant(ZoneOffset.ofHours(7));
    }

    /** The local time of an instant on 2026-04-01, "24:00" and beyond for the next day. */
    private static String localTime(Instant instant) {
        long minutes = Duration.between(DAY.atStartOfDay().toInstant(ZoneOffset.ofHours(7)), instant).toMinutes();
        return String.format("%02d:%02d", minutes / 60, minutes % 60);
    }
}
