package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.offset;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SignalModelTest {

    private static final ZoneOffset NGHE_AN = ZoneOffset.ofHours(7);
    private static final Fleet FLEET = Fleet.of(Communes.all(), 1);
    private static final Gateway VINH = FLEET.gateways().get(0);
    private static final Device VINH_ENV = device(VINH, DeviceKind.ENV);
    private static final Device VINH_LGT = device(VINH, DeviceKind.LGT);
    private static final Device VINH_SPK = device(VINH, DeviceKind.SPK);

    /** Physical ranges from DOMAIN.md section 2 (pm10 up to 2 × the pm2_5 ceiling). */
    private static final Map<String, double[]> RANGES = Map.ofEntries(
            Map.entry("pm2_5", new double[] {5, 300}),
            Map.entry("pm10", new double[] {0, 600}),
            Map.entry("no2", new double[] {10, 150}),
            Map.entry("temperature", new double[] {10, 42}),
            Map.entry("humidity", new double[] {40, 100}),
            Map.entry("noise", new double[] {35, 90}),
            Map.entry("lamp_on", new double[] {0, 1}),
            Map.entry("dim_level", new double[] {0, 100}),
            Map.entry("power", new double[] {0, 150}),
            Map.entry("ambient_light", new double[] {0, 100_000}),
            Map.entry("online", new double[] {0, 1}),
            Map.entry("vehicle_count", new double[] {0, 200}),
            Map.entry("person_count", new double[] {0, 200}),
            Map.entry("bitrate", new double[] {1000, 8000}),
            Map.entry("broadcasting", new double[] {0, 1}),
            Map.entry("volume", new double[] {0, 100}));
    private static final List<String> INTEGER_METRICS =
            List.of("lamp_on", "online", "broadcasting", "vehicle_count", "person_count");

    @Test
    void theSameSeedGivesTheSameValueWhateverTheOrderOfQuestions() {
        SignalModel first = new SignalModel(42);
        SignalModel second = new SignalModel(42);
        Instant time = Instant.parse("2025-11-25T00:30:00Z");

        double later = second.value(VINH_ENV, "pm2_5", time.plusSeconds(60));
        double asked = second.value(VINH_ENV, "pm2_5", time);

        assertThat(asked).isEqualTo(first.value(VINH_ENV, "pm2_5", time));
        assertThat(later).isEqualTo(first.value(VINH_ENV, "pm2_5", time.plusSeconds(60)));
    }

    @Test
    void differentSeedsGiveDifferentValues() {
        SignalModel one = new SignalModel(1);
        SignalModel two = new SignalModel(2);
        Instant start = Instant.parse("2025-11-25T00:00:00Z");

        int differing = 0;
        for (int minute = 0; minute < 60; minute++) {
            Instant time = start.plusSeconds(60L * minute);
            if (one.value(VINH_ENV, "pm2_5", time) != two.value(VINH_ENV, "pm2_5", time)) {
                differing++;
            }
        }
        assertThat(differing).isGreaterThan(30);
    }

    @Test
    void everyValueOfEveryKindStaysInRangeAndIsAMultipleOfAQuarter() {
        SignalModel signals = new SignalModel(7);
        // One commune of each region, with two devices of each kind.
        List<Device> sample = Fleet.of(List.of(Communes.byCode("16681"), Communes.byCode("17143"),
                Communes.byCode("16738"), firstOf(Region.MIDLAND)), 2).devices();
        // Every 37 minutes for a year: a step coprime with the day, so every time of day and season comes up.
        Instant start = Instant.parse("2025-01-01T00:00:00Z");
        for (Instant time = start; time.isBefore(start.plus(Duration.ofDays(365)));
                time = time.plus(Duration.ofMinutes(37))) {
            for (Device device : sample) {
                for (Metric metric : device.kind().metrics()) {
                    double value = signals.value(device, metric.name(), time);
                    double[] range = RANGES.get(metric.name());
                    String what = device.id() + " " + metric.name() + " at " + time;
                    assertThat(value).as(what).isBetween(range[0], range[1]);
                    assertThat(value * 4).as(what + " × 4").isEqualTo(Math.rint(value * 4));
                    if (INTEGER_METRICS.contains(metric.name())) {
                        assertThat(value).as(what).isEqualTo(Math.rint(value));
                    }
                }
            }
        }
    }

    @Test
    void pm10IsBetweenOnePointThreeAndTwiceThePm25() {
        SignalModel signals = new SignalModel(3);
        Instant start = Instant.parse("2025-11-25T00:00:00Z");
        for (int minute = 0; minute < 3 * 24 * 60; minute += 7) {
            Instant time = start.plusSeconds(60L * minute);
            double ratio = signals.value(VINH_ENV, "pm10", time) / signals.value(VINH_ENV, "pm2_5", time);
            assertThat(ratio).as("pm10 / pm2_5 at " + time).isBetween(1.3, 2.0);
        }
    }

    @Test
    void lampsAreOnLateAtNightAndOffAtNoon() {
        SignalModel signals = new SignalModel(11);
        for (int day = 1; day <= 28; day += 9) {
            for (Device lamp : List.of(VINH_LGT, device(FLEET.gateways().get(129), DeviceKind.LGT))) {
                Instant lateNight = local(2025, 6, day, 23, 0);
                Instant noon = local(2025, 6, day, 12, 0);

                assertThat(signals.value(lamp, "lamp_on", lateNight)).as(lamp.id() + " at " + lateNight).isEqualTo(1);
                assertThat(signals.value(lamp, "ambient_light", lateNight)).isLessThan(20);
                assertThat(signals.value(lamp, "dim_level", lateNight)).isEqualTo(50);
                assertThat(signals.value(lamp, "lamp_on", noon)).as(lamp.id() + " at " + noon).isEqualTo(0);
                assertThat(signals.value(lamp, "ambient_light", noon)).isGreaterThanOrEqualTo(20);
                assertThat(signals.value(lamp, "dim_level", noon)).isEqualTo(0);
                assertThat(signals.value(lamp, "power", noon)).isEqualTo(1);
            }
        }
    }

    @Test
    void aLitLampRunsAtFullOutputUntilTenAndDrawsRatedPowerTimesDimLevel() {
        SignalModel signals = new SignalModel(11);
        Instant evening = local(2025, 12, 10, 20, 0);
        Instant lateNight = local(2025, 12, 11, 2, 0);

        assertThat(signals.value(VINH_LGT, "dim_level", evening)).isEqualTo(100);
        assertThat(signals.value(VINH_LGT, "dim_level", lateNight)).isEqualTo(50);
        double fullPower = signals.value(VINH_LGT, "power", evening);
        double dimmedPower = signals.value(VINH_LGT, "power", lateNight);
        assertThat(fullPower).isBetween(60.0, 142.0);
        // (rated × 0.5 + 1) vs (rated + 1), each ± 1 W of jitter
        assertThat(dimmedPower).isCloseTo((fullPower - 1) / 2 + 1, offset(2.0));
    }

    @Test
    void urbanParticulatesAreHigherInTheMorningRushThanLateMorningAndMostBeforeDawn() {
        SignalModel signals = new SignalModel(5);
        double rush = 0;
        double lateMorning = 0;
        double night = 0;
        for (int day = 1; day <= 14; day++) {
            rush += signals.value(VINH_ENV, "pm2_5", local(2025, 11, day, 7, 30));
            lateMorning += signals.value(VINH_ENV, "pm2_5", local(2025, 11, day, 11, 0));
            night += signals.value(VINH_ENV, "pm2_5", local(2025, 11, day, 3, 0));
        }
        assertThat(rush).isGreaterThan(1.2 * lateMorning);
        assertThat(lateMorning).isGreaterThan(1.2 * night);
    }

    @Test
    void urbanAirIsWorseThanHighlandAirAtTheSameHour() {
        SignalModel signals = new SignalModel(5);
        Device highland = device(FLEET.gateways().stream()
                .filter(gateway -> gateway.commune().region() == Region.HIGHLAND).findFirst().orElseThrow(),
                DeviceKind.ENV);
        double urban = 0;
        double mountains = 0;
        for (int day = 1; day <= 14; day++) {
            urban += signals.value(VINH_ENV, "no2", local(2025, 11, day, 17, 30));
            mountains += signals.value(highland, "no2", local(2025, 11, day, 17, 30));
        }
        assertThat(urban).isGreaterThan(mountains);
    }

    @Test
    void afternoonsAreWarmerAndDrierThanNights() {
        SignalModel signals = new SignalModel(9);
        for (int day = 1; day <= 28; day += 3) {
            Instant afternoon = local(2025, 4, day, 14, 30);
            Instant night = local(2025, 4, day, 2, 30);
            assertThat(signals.value(VINH_ENV, "temperature", afternoon))
                    .isGreaterThan(signals.value(VINH_ENV, "temperature", night));
            assertThat(signals.value(VINH_ENV, "humidity", afternoon))
                    .isLessThan(signals.value(VINH_ENV, "humidity", night));
        }
    }

    @Test
    void speakersBroadcastOnTheCommuneSchedule() {
        SignalModel signals = new SignalModel(13);
        int day = 25;

        assertThat(signals.value(VINH_SPK, "broadcasting", local(2025, 11, day, 5, 29))).isEqualTo(0);
        assertThat(signals.value(VINH_SPK, "broadcasting", local(2025, 11, day, 5, 30))).isEqualTo(1);
        assertThat(signals.value(VINH_SPK, "broadcasting", local(2025, 11, day, 6, 14))).isEqualTo(1);
        assertThat(signals.value(VINH_SPK, "broadcasting", local(2025, 11, day, 6, 15))).isEqualTo(0);
        assertThat(signals.value(VINH_SPK, "broadcasting", local(2025, 11, day, 17, 44))).isEqualTo(1);
        assertThat(signals.value(VINH_SPK, "broadcasting", local(2025, 11, day, 12, 0))).isEqualTo(0);
        assertThat(signals.value(VINH_SPK, "volume", local(2025, 11, day, 17, 0))).isBetween(60.0, 90.0);
        assertThat(signals.value(VINH_SPK, "volume", local(2025, 11, day, 12, 0))).isEqualTo(0);
        assertThat(signals.value(VINH_SPK, "online", local(2025, 11, day, 12, 0))).isEqualTo(1);
    }

    @Test
    void readingsDueAreEveryMetricOfTheDevicesThatReportAtThatSecond() {
        SignalModel signals = new SignalModel(1);
        Instant onTheMinute = Instant.parse("2025-11-25T00:30:00Z");

        assertThat(signals.readingsDue(VINH, onTheMinute)).hasSize(6 + 4 + 4 + 3);
        assertThat(signals.readingsDue(VINH, onTheMinute.plusSeconds(10)))
                .extracting(reading -> reading.device().kind() + ":" + reading.metric().name())
                .containsExactly("CAM:online", "CAM:vehicle_count", "CAM:person_count", "CAM:bitrate");
        assertThat(signals.readingsDue(VINH, onTheMinute.plusSeconds(5))).isEmpty();
        assertThat(signals.readingsDue(VINH, onTheMinute)).allSatisfy(reading -> assertThat(reading.value())
                .isEqualTo(signals.value(reading.device(), reading.metric().name(), onTheMinute)));
    }

    @Test
    void refusesFractionalSecondsAndMetricsTheKindDoesNotHave() {
        SignalModel signals = new SignalModel(1);

        assertThatThrownBy(() -> signals.value(VINH_ENV, "pm2_5", Instant.parse("2025-11-25T00:30:00.5Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> signals.value(VINH_ENV, "lamp_on", Instant.parse("2025-11-25T00:30:00Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lamp_on");
    }

    private static Commune firstOf(Region region) {
        return Communes.all().stream().filter(commune -> commune.region() == region).findFirst().orElseThrow();
    }

    private static Instant local(int year, int month, int day, int hour, int minute) {
        return LocalDateTime.of(year, month, day, hour, minute).toInstant(NGHE_AN);
    }

    private static Device device(Gateway gateway, DeviceKind kind) {
        return gateway.devices().stream().filter(device -> device.kind() == kind).findFirst().orElseThrow();
    }
}
