package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundTruthTest {

    private static final Commune VINH = Communes.byCode("16681");
    private static final Fleet VINH_FLEET = Fleet.of(List.of(VINH), 1);
    private static final Device CAMERA = VINH_FLEET.devices().get(2);
    private static final Fleet ONE_CAMERA = new Fleet(List.of(new Gateway(VINH, "gw-01", List.of(CAMERA))));
    /** Local 07:30, a whole minute. */
    private static final Instant MINUTE = Instant.parse("2025-11-25T00:30:00Z");
    private static final SignalModel SIGNALS = new SignalModel(2025);

    @Test
    void tenSecondWindowsOfACameraHoldOneReadingEach() {
        List<ExpectedWindow> windows =
                GroundTruth.windows(ONE_CAMERA, SIGNALS, Duration.ofSeconds(10), MINUTE, MINUTE.plusSeconds(60));

        // five numeric metrics; the text event has no window even where it occurs
        assertThat(windows).hasSize(6 * 5);
        List<ExpectedWindow> vehicles = windows.stream().filter(w -> w.metric().equals("vehicle_count")).toList();
        assertThat(vehicles).extracting(ExpectedWindow::windowStart).containsExactly(
                MINUTE, MINUTE.plusSeconds(10), MINUTE.plusSeconds(20),
                MINUTE.plusSeconds(30), MINUTE.plusSeconds(40), MINUTE.plusSeconds(50));
        for (ExpectedWindow window : vehicles) {
            double value = SIGNALS.value(CAMERA, "vehicle_count", window.windowStart());
            assertThat(window).isEqualTo(new ExpectedWindow("16681-CAM-0001", "vehicle_count", "count", "16681",
                    "gw-01", window.windowStart(), 1, value, value, value, value, value, value));
        }
    }

    @Test
    void aMinuteWindowOfACameraSumsItsSixReadings() {
        List<ExpectedWindow> windows =
                GroundTruth.windows(ONE_CAMERA, SIGNALS, Duration.ofMinutes(1), MINUTE, MINUTE.plusSeconds(60));

        assertThat(windows).extracting(ExpectedWindow::metric)
                .containsExactly("online", "vehicle_count", "person_count", "avg_speed", "bitrate");
        ExpectedWindow bitrate = windows.get(4);
        double[] values = new double[6];
        for (int i = 0; i < 6; i++) {
            values[i] = SIGNALS.value(CAMERA, "bitrate", MINUTE.plusSeconds(10L * i));
        }
        double sum = values[0] + values[1] + values[2] + values[3] + values[4] + values[5];
        assertThat(bitrate.count()).isEqualTo(6);
        assertThat(bitrate.unit()).isEqualTo("kbit/s");
        assertThat(bitrate.sum()).isEqualTo(sum);
        assertThat(bitrate.mean()).isEqualTo(sum / 6);
        assertThat(bitrate.min()).isEqualTo(Math.min(Math.min(Math.min(values[0], values[1]), Math.min(values[2],
                values[3])), Math.min(values[4], values[5])));
        assertThat(bitrate.max()).isEqualTo(Math.max(Math.max(Math.max(values[0], values[1]), Math.max(values[2],
                values[3])), Math.max(values[4], values[5])));
        assertThat(bitrate.first()).isEqualTo(values[0]);
        assertThat(bitrate.last()).isEqualTo(values[5]);
        ExpectedWindow online = windows.get(0);
        assertThat(online.unit()).isNull();
        assertThat(online.sum()).isEqualTo(6);
    }

    @Test
    void windowsShorterThanTheReportingIntervalOnlyExistWhereTheDeviceReported() {
        Device environment = VINH_FLEET.devices().get(0);
        Fleet oneStation = new Fleet(List.of(new Gateway(VINH, "gw-01", List.of(environment))));

        List<ExpectedWindow> windows =
                GroundTruth.windows(oneStation, SIGNALS, Duration.ofSeconds(10), MINUTE, MINUTE.plusSeconds(120));

        assertThat(windows).hasSize(2 * 10);
        assertThat(windows).extracting(ExpectedWindow::windowStart).containsOnly(MINUTE, MINUTE.plusSeconds(60));
        assertThat(windows).allSatisfy(window -> assertThat(window.count()).isEqualTo(1));
    }

    @Test
    void windowCountsAddUpToTheReadingsOfTheSpanAndSumsDoNotDependOnOrder() {
        Instant from = MINUTE.minusSeconds(300);
        Instant to = MINUTE.plusSeconds(600);

        List<ExpectedWindow> windows = GroundTruth.windows(VINH_FLEET, SIGNALS, Duration.ofMinutes(5), from, to);

        // every reading has a window but the text ones: a fault per lamp report, a program per speaker
        // report (15 each), and the camera events of the span
        long textReadings = 15 + 15 + eventsOf(CAMERA, from, to);
        assertThat(windows.stream().mapToLong(ExpectedWindow::count).sum())
                .isEqualTo(GroundTruth.readingCount(VINH_FLEET, from, to) - textReadings);
        for (ExpectedWindow window : windows) {
            Device device = VINH_FLEET.devices().stream()
                    .filter(d -> d.id().equals(window.deviceId())).findFirst().orElseThrow();
            List<Double> values = new ArrayList<>();
            for (long t = window.windowStart().getEpochSecond(); t < window.windowStart().getEpochSecond() + 300;
                    t += device.kind().intervalSeconds()) {
                values.add(SIGNALS.value(device, window.metric(), Instant.ofEpochSecond(t)));
            }
            double backwards = 0;
            for (int i = values.size() - 1; i >= 0; i--) {
                backwards += values.get(i);
            }
            assertThat(window.sum()).as(window.deviceId() + " " + window.metric()).isEqualTo(backwards);
        }
    }

    @Test
    void countsReadingsAndMessagesOfASpan() {
        Instant from = MINUTE;
        Instant to = MINUTE.plusSeconds(600);

        // CAM: 60 reports × 5 metrics and its events; ENV, LGT, SPK, GTW: 10 reports × 10, 8, 4 and 4 metrics;
        // AGR: 2 reports (:30, :35) × 6
        assertThat(GroundTruth.readingCount(VINH_FLEET, from, to))
                .isEqualTo(300 + eventsOf(CAMERA, from, to) + 100 + 80 + 40 + 40 + 12);
        assertThat(GroundTruth.messageCount(VINH_FLEET, from, to)).isEqualTo(60);
        // [:05, 1:05) holds the camera at :10 … 1:00 and ENV, LGT, SPK and GTW at 1:00
        assertThat(GroundTruth.readingCount(VINH_FLEET, from.plusSeconds(5), from.plusSeconds(65)))
                .isEqualTo(6 * 5 + eventsOf(CAMERA, from.plusSeconds(5), from.plusSeconds(65)) + 10 + 8 + 4 + 4);
        assertThat(GroundTruth.messageCount(VINH_FLEET, from.plusSeconds(5), from.plusSeconds(65))).isEqualTo(6);
        assertThat(GroundTruth.readingCount(VINH_FLEET, from.plusMillis(1), from.plusSeconds(10))).isZero();
        assertThat(GroundTruth.readingCount(VINH_FLEET, from, from)).isZero();
    }

    @Test
    void aCameraEventIsOneMoreReadingButNoWindow() {
        Instant event = firstEventOf(CAMERA, MINUTE);
        Instant window = Instant.ofEpochSecond(event.getEpochSecond() - Math.floorMod(event.getEpochSecond(), 60));

        assertThat(GroundTruth.readingCount(ONE_CAMERA, event, event.plusSeconds(10))).isEqualTo(6);
        assertThat(GroundTruth.windows(ONE_CAMERA, SIGNALS, Duration.ofMinutes(1), window, window.plusSeconds(60)))
                .extracting(ExpectedWindow::metric).doesNotContain("event").hasSize(5);
    }

    @Test
    void readingAndMessageCountsOfTheProvinceMatchWhatItsGatewaysPublish() {
        Fleet province = Fleet.province(Communes.all());
        Instant from = MINUTE;
        Instant to = MINUTE.plusSeconds(300);
        long readings = 0;
        long messages = 0;
        long events = 0;
        for (Instant time = from; time.isBefore(to); time = time.plusSeconds(1)) {
            for (Gateway gateway : province.gateways()) {
                List<Reading> due = SIGNALS.readingsDue(gateway, time);
                readings += due.size();
                messages += due.isEmpty() ? 0 : 1;
                events += due.stream().filter(reading -> reading.metric().name().equals("event")).count();
            }
        }

        assertThat(events).isPositive();
        assertThat(GroundTruth.readingCount(province, from, to)).isEqualTo(readings);
        // every gateway has cameras, which report every 10 s
        assertThat(GroundTruth.messageCount(province, from, to)).isEqualTo(messages).isEqualTo(250 * 30);
    }

    @Test
    void refusesSpansThatDoNotStartAndEndOnWindowBoundaries() {
        Duration minute = Duration.ofMinutes(1);

        assertThatThrownBy(() -> GroundTruth.windows(VINH_FLEET, SIGNALS, minute, MINUTE.plusSeconds(10),
                MINUTE.plusSeconds(120))).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("from");
        assertThatThrownBy(() -> GroundTruth.windows(VINH_FLEET, SIGNALS, minute, MINUTE, MINUTE.plusSeconds(90)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("to");
        assertThatThrownBy(() -> GroundTruth.windows(VINH_FLEET, SIGNALS, minute, MINUTE.plusMillis(1),
                MINUTE.plusSeconds(60))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GroundTruth.windows(VINH_FLEET, SIGNALS, Duration.ofMillis(1500), MINUTE,
                MINUTE.plusSeconds(60))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GroundTruth.windows(VINH_FLEET, SIGNALS, minute, MINUTE.plusSeconds(60), MINUTE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Camera events in [from, to), found through the model's text values. */
    private static long eventsOf(Device camera, Instant from, Instant to) {
        long events = 0;
        for (long t = from.getEpochSecond(); t < to.getEpochSecond(); t++) {
            if (t % 10 == 0 && SIGNALS.text(camera, "event", Instant.ofEpochSecond(t)) != null) {
                events++;
            }
        }
        return events;
    }

    private static Instant firstEventOf(Device camera, Instant from) {
        for (Instant time = from; ; time = time.plusSeconds(10)) {
            if (SIGNALS.text(camera, "event", time) != null) {
                return time;
            }
        }
    }
}
