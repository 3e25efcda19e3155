package org.iocstream.jobs.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.types.PojoTestUtils;
import org.apache.flink.util.InstantiationUtil;
import org.iocstream.jobs.alerts.AlertRulesFile;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.Reading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DeviceAlertFunctionTest {

    /** 10:00 local time (UTC+7): daylight, and the noise rule's day limit of 70 dBA. */
    private static final Instant T0 = Instant.parse("2026-01-05T03:00:00Z");
    private static final String LAMP = "40001-LGT-0001";
    private static final String STATION = "40001-ENV-0001";
    private static final String CAMERA = "40001-CAM-0001";

    private KeyedOneInputStreamOperatorTestHarness<String, Reading, Alert> harness;

    private void open(Duration evaluationDelay) throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DeviceAlertFunction(AlertRulesFile.defaults(), evaluationDelay)),
                Reading::getDeviceId, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static Reading reading(String device, String kind, String metric, long seconds, double value) {
        return Reading.newBuilder().setDeviceId(device).setMetric(metric).setTime(T0.plusSeconds(seconds))
                .setValue(value).setUnit("").setCommune("40001").setGateway("gw-01").setIngestProtocol("mqtt")
                .setIngestTime(T0.plusSeconds(seconds)).setKind(kind).build();
    }

    private void send(Reading reading) throws Exception {
        harness.processElement(new StreamRecord<>(reading, reading.getTime().toEpochMilli()));
    }

    private void lamp(long seconds, double on, double power, double ambient) throws Exception {
        send(reading(LAMP, "LGT", "ambient_light", seconds, ambient));
        send(reading(LAMP, "LGT", "lamp_on", seconds, on));
        send(reading(LAMP, "LGT", "power", seconds, power));
    }

    private void watermark(long seconds) throws Exception {
        harness.processWatermark(T0.plusSeconds(seconds).toEpochMilli());
    }

    /** The parts of an alert a test states by hand: id, severity, state, cleared at, value and threshold. */
    private List<String> alerts() {
        return harness.extractOutputValues().stream()
                .map(a -> a.getAlertId() + " " + a.getSeverity() + " " + a.getState() + " cleared=" + a.getClearedAt()
                        + " value=" + a.getValue() + " threshold=" + a.getThreshold())
                .toList();
    }

    @Test
    void aLampOnByDayIsRaisedAtFifteenMinutesAndClearedWhenItGoesOffOnceTheWatermarkPassesTheReports()
            throws Exception {
        open(Duration.ZERO);
        for (int minute = 0; minute <= 15; minute++) {
            lamp(minute * 60L, 1, 120, 2500);
        }
        lamp(16 * 60, 0, 0, 2600);
        assertThat(alerts()).as("nothing before the watermark").isEmpty();

        watermark(15 * 60 - 1);
        assertThat(alerts()).isEmpty();

        watermark(15 * 60);
        assertThat(alerts()).containsExactly(
                "lamp-on-by-day:40001-LGT-0001@2026-01-05T03:00:00Z MINOR ACTIVE cleared=null value=2500.0"
                        + " threshold=2000.0");

        watermark(16 * 60);
        assertThat(alerts()).last().isEqualTo(
                "lamp-on-by-day:40001-LGT-0001@2026-01-05T03:00:00Z MINOR CLEARED cleared=2026-01-05T03:16:00Z"
                        + " value=2600.0 threshold=2000.0");
        Alert cleared = harness.extractOutputValues().get(1);
        assertThat(cleared.getCommune()).isEqualTo("40001");
        assertThat(cleared.getMessage()).contains(LAMP, "lamp on by day", "2026-01-05T03:00:00Z");
    }

    @Test
    void reportsAreEvaluatedInEventTimeOrderWhateverTheirArrivalOrder() throws Exception {
        open(Duration.ZERO);
        // a camera without stream from 0 s; the report at 0 s arrives last, so a run from 10 s would raise at 310 s
        for (long s = 300; s >= 10; s -= 10) {
            send(reading(CAMERA, "CAM", "online", s, 1));
            send(reading(CAMERA, "CAM", "bitrate", s, 0));
        }
        send(reading(CAMERA, "CAM", "bitrate", 0, 0));
        send(reading(CAMERA, "CAM", "online", 0, 1));

        watermark(300);
        assertThat(alerts()).containsExactly(
                "camera-down:40001-CAM-0001@2026-01-05T03:00:00Z MINOR ACTIVE cleared=null value=null threshold=null");
    }

    @Test
    void aReadingWhoseReportWasAlreadyEvaluatedIsDroppedAndChangesNothing() throws Exception {
        open(Duration.ZERO);
        send(reading(CAMERA, "CAM", "online", 0, 0));
        send(reading(CAMERA, "CAM", "bitrate", 0, 0));
        watermark(10);
        int entries = harness.numKeyedStateEntries();
        int timers = harness.numEventTimeTimers();

        send(reading(CAMERA, "CAM", "online", 10, 1));   // 10 s is not after the watermark
        send(reading(CAMERA, "CAM", "bitrate", 10, 4096));

        assertThat(harness.numKeyedStateEntries()).isEqualTo(entries);
        assertThat(harness.numEventTimeTimers()).isEqualTo(timers);
        assertThat(alerts()).isEmpty();
    }

    @Test
    void aDeviceSilentForMoreThanThreeIntervalsIsOfflineFromItsLastReadingUntilItsNextOne() throws Exception {
        open(Duration.ZERO);
        send(reading(STATION, "ENV", "pm2_5", 0, 20));
        send(reading(STATION, "ENV", "pm2_5", 180, 21));   // exactly 3 × 60 s later: not offline
        watermark(359);
        assertThat(alerts()).isEmpty();

        watermark(360);
        assertThat(alerts()).containsExactly(
                "device-offline:40001-ENV-0001@2026-01-05T03:03:00Z MINOR ACTIVE cleared=null value=null"
                        + " threshold=null");

        send(reading(STATION, "ENV", "pm2_5", 600, 22));
        watermark(600);
        assertThat(alerts()).last().isEqualTo(
                "device-offline:40001-ENV-0001@2026-01-05T03:03:00Z MINOR CLEARED cleared=2026-01-05T03:10:00Z"
                        + " value=null threshold=null");
    }

    private static Reading event(String device, String kind, long seconds, String event) {
        return Reading.newBuilder(reading(device, kind, "event", seconds, 0)).setValue(null).setUnit(null)
                .setStringValue(event).build();
    }

    @Test
    void anAccidentOrSmokeSeenByACameraIsAMajorAlertFromItsReportAndOtherEventsAreNot() throws Exception {
        open(Duration.ZERO);
        for (long s = 0; s <= 40; s += 10) {
            send(reading(CAMERA, "CAM", "online", s, 1));
            send(reading(CAMERA, "CAM", "bitrate", s, 4000));
        }
        send(event(CAMERA, "CAM", 30, "fire_smoke"));   // arrives before the earlier accident
        send(event(CAMERA, "CAM", 10, "accident"));
        send(event(CAMERA, "CAM", 20, "congestion"));
        send(event(CAMERA, "CAM", 50, "accident"));       // a report of the event alone
        send(event(STATION, "ENV", 40, "accident"));      // not a camera
        watermark(49);

        assertThat(alerts()).containsExactly(
                "camera-event:40001-CAM-0001@2026-01-05T03:00:10Z MAJOR ACTIVE cleared=null value=null threshold=null",
                "camera-event:40001-CAM-0001@2026-01-05T03:00:30Z MAJOR ACTIVE cleared=null value=null threshold=null");
        assertThat(harness.extractOutputValues().get(0).getMessage())
                .isEqualTo("40001-CAM-0001: camera event accident at 2026-01-05T03:00:10Z");
        assertThat(harness.extractOutputValues().get(1).getMessage()).contains("fire_smoke");

        watermark(50);
        assertThat(alerts()).hasSize(3).last().isEqualTo(
                "camera-event:40001-CAM-0001@2026-01-05T03:00:50Z MAJOR ACTIVE cleared=null value=null threshold=null");
        watermark(50 + 29);
        assertThat(alerts()).as("nothing clears it here").hasSize(3);
    }

    @Test
    void theCameraEventsComeFromTheRulesFile() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(new DeviceAlertFunction(
                AlertRulesFile.parse("rules: []\ndevice-rules: {camera-event: {events: [intrusion]}}"),
                Duration.ZERO)), Reading::getDeviceId, Types.STRING);
        harness.open();
        send(event(CAMERA, "CAM", 0, "accident"));
        send(event(CAMERA, "CAM", 10, "intrusion"));
        watermark(10);

        assertThat(alerts()).containsExactly(
                "camera-event:40001-CAM-0001@2026-01-05T03:00:10Z MAJOR ACTIVE cleared=null value=null threshold=null");
    }

    @Test
    void theEndOfABoundedInputIsNoSilence() throws Exception {
        open(Duration.ZERO);
        send(reading(STATION, "ENV", "pm2_5", 0, 20));
        watermark(60);
        harness.processWatermark(Long.MAX_VALUE);   // a replay's or a test's input has ended

        assertThat(alerts()).isEmpty();
    }

    @Test
    void aMetricWithThresholdRulesIsWatchedByThem() throws Exception {
        open(Duration.ZERO);
        // noise above 70 dBA by day for 15 min raises; below 67 for 15 min clears, from the first value below
        for (int minute = 0; minute <= 15; minute++) {
            send(reading(STATION, "ENV", "noise", minute * 60L, 72.5));
        }
        for (int minute = 16; minute <= 31; minute++) {
            send(reading(STATION, "ENV", "noise", minute * 60L, 60));
        }
        watermark(31 * 60);

        assertThat(alerts()).containsExactly(
                "noise:40001-ENV-0001@2026-01-05T03:00:00Z MINOR ACTIVE cleared=null value=72.5 threshold=70.0",
                "noise:40001-ENV-0001@2026-01-05T03:00:00Z MINOR CLEARED cleared=2026-01-05T03:16:00Z value=60.0"
                        + " threshold=67.0");
    }

    /**
     * As the pipeline's {@code aqi-alerts} runs it: an hour behind, on a station's hourly series without a kind, here
     * {@code aqi_hourly} and {@code pm25_24h} stamped at the same hour starts. PM2.5 44, 46, 41, 40: raised at
     * 46 (over 45) at once, cleared at 40 at once; AQI 100 raises nothing; no device rule, no offline watch.
     */
    @Test
    void theHourlyPm25MeanRaisesOver45AndClearsAt40UnderTheDefaultRules() throws Exception {
        open(Duration.ofHours(1));
        double[] pm25 = {44, 46, 41, 40};
        for (int hour = 0; hour < pm25.length; hour++) {
            send(reading(STATION, null, "aqi_hourly", hour * 3600L, 100));
            send(reading(STATION, null, "pm25_24h", hour * 3600L, pm25[hour]));
        }
        watermark(4 * 3600 - 1); // hour 3 is evaluated once event time is an hour past its start
        assertThat(alerts()).containsExactly(
                "pm25-24h:40001-ENV-0001@2026-01-05T04:00:00Z WARNING ACTIVE cleared=null value=46.0 threshold=45.0");

        watermark(4 * 3600);
        assertThat(alerts()).last().isEqualTo("pm25-24h:40001-ENV-0001@2026-01-05T04:00:00Z WARNING CLEARED"
                + " cleared=2026-01-05T06:00:00Z value=40.0 threshold=40.0");
        assertThat(alerts()).hasSize(2);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    @Test
    void whenNothingIsPendingOnlyTheOfflineWatchIsLeftAndADeviceWithoutOneLeavesNothing() throws Exception {
        open(Duration.ZERO);
        for (int minute = 0; minute <= 15; minute++) {
            lamp(minute * 60L, 1, 120, 2500);
        }
        lamp(16 * 60, 0, 0, 2500);
        assertThat(harness.numEventTimeTimers()).as("one per report").isEqualTo(17);

        watermark(16 * 60);
        assertThat(alerts()).hasSize(2);
        assertThat(harness.numEventTimeTimers()).as("the offline timer at 16 min + 3 min").isEqualTo(1);
        assertThat(harness.numKeyedStateEntries()).as("the device mark").isEqualTo(1);

        watermark(19 * 60);
        assertThat(alerts()).hasSize(3);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("the open offline alert").isEqualTo(1);

        // a device of no known kind has no offline rule
        send(reading("40001-XYZ-0001", null, "noise", 20 * 60, 50));
        watermark(20 * 60);
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).as("still only the lamp's mark").isEqualTo(1);
    }

    @Test
    void anEvaluationDelayWaitsForReadingsThatComeLaterThanTheWatermark() throws Exception {
        open(Duration.ofMinutes(10));
        send(reading(STATION, "ENV", "pm2_5", 0, 20));
        watermark(400);   // past 3 intervals after 0 s, not past them plus the delay
        send(reading(STATION, "ENV", "pm2_5", 120, 21));   // a store-and-forward backlog, behind the watermark
        watermark(120 + 180 + 600 - 1);

        assertThat(alerts()).as("the device was heard from at 120 s").isEmpty();
        assertThat(harness.numEventTimeTimers()).as("the offline watch from 120 s").isEqualTo(1);
    }

    /** Rule, state and record timestamp of each alert out: the moment in event time it was decided. */
    private List<String> decided() {
        return harness.extractOutputStreamRecords().stream()
                .map(r -> r.getValue().getRule() + " " + r.getValue().getState() + " at "
                        + Instant.ofEpochMilli(r.getTimestamp()))
                .toList();
    }

    @Test
    void eachAlertIsStampedWithItsTimersTimeTheReportPlusTheDelayOrTheOfflineTimer() throws Exception {
        open(Duration.ofMinutes(2));
        for (int minute = 0; minute <= 15; minute++) {
            lamp(minute * 60L, 1, 120, 2500);
        }
        watermark(30 * 60);

        // lit by day from 03:00: the report at 03:15 completes the 15 min, evaluated 2 min later; nothing after it,
        // so offline at 03:15 + 3 × 60 s + 2 min
        assertThat(decided()).containsExactly(
                "lamp-on-by-day ACTIVE at 2026-01-05T03:17:00Z",
                "device-offline ACTIVE at 2026-01-05T03:20:00Z");
    }

    @Test
    void theFunctionAndItsRulesCanBeShippedToTheCluster() throws Exception {
        open(Duration.ZERO);
        assertThat(InstantiationUtil.clone(new DeviceAlertFunction(AlertRulesFile.defaults(), Duration.ZERO)))
                .isNotNull();
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DeviceAlertFunction.DeviceMark.class);
    }
}
