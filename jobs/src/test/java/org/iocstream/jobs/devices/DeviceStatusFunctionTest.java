package org.iocstream.jobs.devices;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.types.PojoTestUtils;
import org.iocstream.schemas.DeviceInfo;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.Reading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceStatusFunctionTest {

    private static final Instant T0 = Instant.parse("2025-11-25T01:00:00Z");
    private static final Duration LATENESS = Duration.ofMinutes(2);
    private static final Duration FORGET_AFTER = Duration.ofMinutes(5);

    private KeyedTwoInputStreamOperatorTestHarness<String, Reading, DeviceInfo, DeviceStatus> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedCoProcessFunction(
                new DeviceStatusFunction(LATENESS, FORGET_AFTER), Reading::getDeviceId, DeviceInfo::getDeviceId,
                Types.STRING);
        // as SideInputWatermarks does: the registry never holds event time back
        harness.processWatermark2(new Watermark(Long.MAX_VALUE));
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void oneStatusEachMinuteOnlineUntilThreeIntervalsHavePassed() throws Exception {
        watermark(0);
        send(reading("16681-LGT-0001", "LGT", 5));
        watermark(240);

        // a 60 s lamp last seen at +5 s is online while the minute is at most +185 s; its one report is in the
        // minute (0, 60]
        assertThat(harness.extractOutputValues())
                .extracting(s -> seconds(s.getAt()) + " " + s.getOnline() + " " + s.getReports())
                .containsExactly("60 true 1", "120 true 0", "180 true 0", "240 false 0");
        assertThat(harness.extractOutputValues()).allSatisfy(s -> {
            assertThat(s.getDeviceId()).isEqualTo("16681-LGT-0001");
            assertThat(s.getKind()).isEqualTo("LGT");
            assertThat(s.getCommune()).isEqualTo("16681");
            assertThat(s.getGateway()).isEqualTo("gw-01");
            assertThat(s.getLastSeen()).isEqualTo(T0.plusSeconds(5));
        });
    }

    @Test
    void theEndOfABoundedInputEndsTheStatusesWhereItsDataEnded() throws Exception {
        watermark(0);
        send(reading("16681-LGT-0001", "LGT", 5));
        watermark(120);
        harness.processWatermark1(new Watermark(Long.MAX_VALUE));   // a replay's or a test's input has ended

        // no minute the data never reached, rather than a day of them until the device is forgotten
        assertThat(harness.extractOutputValues()).extracting(s -> seconds(s.getAt()) + " " + s.getOnline())
                .containsExactly("60 true", "120 true");
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void aCameraReportingEveryTenSecondsStillHasOneRowAMinute() throws Exception {
        watermark(0);
        for (int second = 0; second < 120; second += 10) {
            send(reading("16681-CAM-0001", "CAM", second));
        }
        watermark(120);

        // the reading at +0 s came with the watermark at +0 s, so the device's rows start after it, at +60 s;
        // (0, 60] holds +10 s ... +60 s and (60, 120] +70 s ... +110 s
        assertThat(harness.extractOutputValues()).extracting(s -> seconds(s.getAt()) + " " + s.getOnline()
                + " " + seconds(s.getLastSeen()) + " " + s.getReports())
                .containsExactly("60 true 60 6", "120 true 110 5");
    }

    @Test
    void aReportOfSeveralMetricsAtOneTimeCountsOnceInTheMinuteThatEndsWithIt() throws Exception {
        watermark(0);
        // a gateway's own telemetry at +60 s: the first reading on a minute starts the rows at that very minute
        for (String metric : new String[] {"uptime", "rssi", "queue_depth", "supply_voltage"}) {
            send(reading("16681-GTW-0001", "GTW", metric, 60));
        }
        send(reading("16681-GTW-0001", "GTW", "uptime", 120));
        send(reading("16681-GTW-0001", "GTW", "rssi", 120));
        watermark(180);

        // (0, 60] holds the report at +60 s, (60, 120] the one at +120 s, (120, 180] none
        assertThat(harness.extractOutputValues())
                .extracting(s -> seconds(s.getAt()) + " " + s.getOnline() + " " + s.getReports())
                .containsExactly("60 true 1", "120 true 1", "180 true 0");
    }

    @Test
    void aLateReadingThatOnlyAddsAReportRewritesItsMinute() throws Exception {
        watermark(0);
        send(reading("16681-LGT-0001", "LGT", 50));
        watermark(120);
        // +20 s, within the lateness: last seen at +60 s is still +50 s, but the minute now holds 2 reports
        send(reading("16681-LGT-0001", "LGT", 20));

        assertThat(harness.extractOutputValues())
                .extracting(s -> seconds(s.getAt()) + " " + seconds(s.getLastSeen()) + " " + s.getReports())
                .containsExactly("60 50 1", "120 50 0", "60 50 2");
    }

    @Test
    void aLateReadingWithinTheLatenessRewritesTheMinutesItChanges() throws Exception {
        watermark(0);
        send(reading("16681-CAM-0001", "CAM", 0));
        watermark(120);
        // a camera (10 s) last seen at 0 is offline at 60 and 120
        assertThat(harness.extractOutputValues()).extracting(s -> seconds(s.getAt()) + " " + s.getOnline())
                .containsExactly("60 false", "120 false");

        // +100 s arrives when the watermark is at +120 s: the minute +120 becomes online (20 s ≤ 30 s);
        // the minute +60 is before the reading and stays as it was
        send(reading("16681-CAM-0001", "CAM", 100));

        assertThat(harness.extractOutputValues()).hasSize(3).last().satisfies(s -> {
            assertThat(s.getAt()).isEqualTo(T0.plusSeconds(120));
            assertThat(s.getOnline()).isTrue();
            assertThat(s.getLastSeen()).isEqualTo(T0.plusSeconds(100));
            assertThat(s.getReports()).isEqualTo(1);
        });
    }

    @Test
    void aReadingLaterThanTheLatenessLeavesFinalMinutesAlone() throws Exception {
        watermark(0);
        send(reading("16681-CAM-0001", "CAM", 0));
        watermark(240);
        int emitted = harness.extractOutputValues().size();

        // +50 s would make the minute +60 online (10 s ≤ 30 s), but with the watermark at +240 s only minutes
        // after +120 s are open: +180 s and +240 s get the new last-seen and stay offline (130 s, 190 s > 30 s)
        send(reading("16681-CAM-0001", "CAM", 50));
        // +170 s makes +180 s online (10 s) and +240 s stays offline (70 s)
        send(reading("16681-CAM-0001", "CAM", 170));

        assertThat(harness.extractOutputValues().subList(emitted, harness.extractOutputValues().size()))
                .extracting(s -> seconds(s.getAt()) + " " + s.getOnline() + " " + seconds(s.getLastSeen()))
                .containsExactly("180 false 50", "240 false 50", "180 true 170", "240 false 170");
    }

    @Test
    void aRegisteredDeviceThatNeverReportedIsListedOffline() throws Exception {
        harness.processElement2(new StreamRecord<>(info("16681-SPK-0001", "SPK"), T0.toEpochMilli()));
        watermark(30);
        watermark(60);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
            assertThat(s.getAt()).isEqualTo(T0.plusSeconds(60));
            assertThat(s.getKind()).isEqualTo("SPK");
            assertThat(s.getCommune()).isEqualTo("16681");
            assertThat(s.getGateway()).isEqualTo("gw-02");
            assertThat(s.getLastSeen()).isNull();
            assertThat(s.getOnline()).isFalse();
            assertThat(s.getReports()).isZero();
        });
    }

    @Test
    void aDeviceOfUnknownKindHasNoOnlineState() throws Exception {
        watermark(0);
        send(reading("16681-XYZ-0001", null, 5));
        watermark(60);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(s -> {
            assertThat(s.getKind()).isNull();
            assertThat(s.getOnline()).isNull();
            assertThat(s.getLastSeen()).isEqualTo(T0.plusSeconds(5));
        });
    }

    @Test
    void aDeviceSilentForTheForgetTimeIsDroppedWithItsStateAndTimer() throws Exception {
        watermark(0);
        send(reading("16681-LGT-0001", "LGT", 5));
        assertThat(harness.numKeyedStateEntries()).isPositive();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        // forgotten at the first minute at least 5 min after +5 s: +360 s; the minutes before it are emitted
        watermark(300);
        assertThat(harness.numKeyedStateEntries()).isPositive();
        watermark(360);

        assertThat(harness.extractOutputValues()).extracting(s -> seconds(s.getAt()) + " " + s.getOnline())
                .containsExactly("60 true", "120 true", "180 true", "240 false", "300 false");
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();

        // a later reading makes it known again
        send(reading("16681-LGT-0001", "LGT", 400));
        watermark(420);
        assertThat(harness.extractOutputValues()).last()
                .extracting(s -> seconds(s.getAt()) + " " + s.getOnline()).isEqualTo("420 true");
    }

    @Test
    void theStateIsAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DeviceStatusState.class);
    }

    private void watermark(long seconds) throws Exception {
        harness.processWatermark1(new Watermark(T0.plusSeconds(seconds).toEpochMilli()));
    }

    private void send(Reading reading) throws Exception {
        harness.processElement1(new StreamRecord<>(reading, reading.getTime().toEpochMilli()));
    }

    private static long seconds(Instant at) {
        return Duration.between(T0, at).toSeconds();
    }

    private static Reading reading(String device, String kind, long seconds) {
        return reading(device, kind, "online", seconds);
    }

    private static Reading reading(String device, String kind, String metric, long seconds) {
        return Reading.newBuilder().setDeviceId(device).setMetric(metric).setTime(T0.plusSeconds(seconds))
                .setValue(1.0).setUnit("1/0").setCommune("16681").setGateway("gw-01").setIngestProtocol("mqtt")
                .setIngestTime(T0.plusSeconds(seconds)).setKind(kind).build();
    }

    private static DeviceInfo info(String device, String kind) {
        return DeviceInfo.newBuilder().setDeviceId(device).setKind(kind).setCommune("16681").setGateway("gw-02")
                .setUpdatedAt(T0).build();
    }
}
