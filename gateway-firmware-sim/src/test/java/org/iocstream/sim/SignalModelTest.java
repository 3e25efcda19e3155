package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SignalModelTest {

    private static final ZoneOffset NGHE_AN = ZoneOffset.ofHours(7);
    private static final Fleet FLEET = Fleet.of(Communes.all(), 1);
    private static final Gateway VINH = FLEET.gateways().get(0);
    private static final Device VINH_ENV = device(VINH, DeviceKind.ENV);
    private static final Device VINH_LGT = device(VINH, DeviceKind.LGT);
    private static final Device VINH_SPK = device(VINH, DeviceKind.SPK);
    /** Quế Phong, a highland commune whose first station stands on a river. */
    private static final Commune QUE_PHONG = Communes.byCode("16738");
    /** Quỳnh Văn, a coastal lowland commune. */
    private static final Commune QUYNH_VAN = Communes.byCode("17143");
    private static final Fleet PROVINCE = Fleet.province(Communes.all());

    /** Physical ranges from DOMAIN.md section 2 (pm10 up to 2 × the pm2_5 ceiling, water level in 0-10 m). */
    private static final Map<String, double[]> RANGES = Map.ofEntries(
            Map.entry("pm2_5", new double[] {5, 300}),
            Map.entry("pm10", new double[] {0, 600}),
            Map.entry("no2", new double[] {10, 150}),
            Map.entry("so2", new double[] {2, 60}),
            Map.entry("co", new double[] {300, 4000}),
            Map.entry("o3", new double[] {20, 200}),
            Map.entry("temperature", new double[] {10, 42}),
            Map.entry("humidity", new double[] {40, 100}),
            Map.entry("noise", new double[] {35, 90}),
            Map.entry("rainfall", new double[] {0, 60}),
            Map.entry("water_level", new double[] {0, 1000}),
            Map.entry("soil_moisture", new double[] {10, 60}),
            Map.entry("soil_temperature", new double[] {12, 40}),
            Map.entry("air_temperature", new double[] {12, 40}),
            Map.entry("light", new double[] {0, 100_000}),
            Map.entry("ph", new double[] {4.5, 8}),
            Map.entry("ec", new double[] {0.2, 3}),
            Map.entry("lamp_on", new double[] {0, 1}),
            Map.entry("dim_level", new double[] {0, 100}),
            Map.entry("power", new double[] {0, 150}),
            Map.entry("energy", new double[] {0, 2_000_000}),
            Map.entry("ambient_light", new double[] {0, 100_000}),
            Map.entry("motion", new double[] {0, 50}),
            Map.entry("voltage", new double[] {200, 240}),
            Map.entry("online", new double[] {0, 1}),
            Map.entry("vehicle_count", new double[] {0, 200}),
            Map.entry("person_count", new double[] {0, 200}),
            Map.entry("avg_speed", new double[] {5, 70}),
            Map.entry("bitrate", new double[] {1000, 8000}),
            Map.entry("broadcasting", new double[] {0, 1}),
            Map.entry("volume", new double[] {0, 100}),
            Map.entry("uptime", new double[] {0, 32 * 86_400}),
            Map.entry("queue_depth", new double[] {0, 0}),
            Map.entry("rssi", new double[] {-110, -50}),
            Map.entry("supply_voltage", new double[] {10, 15}));
    private static final List<String> INTEGER_METRICS = List.of("lamp_on", "online", "broadcasting", "vehicle_count",
            "person_count", "motion", "uptime", "queue_depth");
    private static final Map<String, Set<String>> TEXTS = Map.of(
            "fault", Set.of("ok", "lamp_failure", "driver_fault", "overvoltage", "comms"),
            "event", Set.of("accident", "congestion", "crowd", "intrusion", "fire_smoke"),
            "program", Set.of("source_news", "commune_news", "emergency", "none"));

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
    void aWholeGatewayHourIsTheSameSenmlForTheSameSeedAndDifferentForAnother() {
        Gateway vinh = PROVINCE.gateways().get(0);
        Instant start = local(2026, 3, 2, 7, 0);

        String first = gatewayHour(new SignalModel(2026), vinh, start);

        assertThat(first).isEqualTo(gatewayHour(new SignalModel(2026), vinh, start));
        assertThat(first).isNotEqualTo(gatewayHour(new SignalModel(2027), vinh, start));
        assertThat(first).contains("\"n\":\"fault\",\"vs\":\"ok\"", "\"n\":\"energy\",\"u\":\"Wh\"",
                "16681-GTW-0001:", "\"n\":\"avg_speed\"");
    }

    @Test
    void everyValueStaysInItsRangeOnAQuarterGridAllYearInEveryRegion() {
        SignalModel signals = new SignalModel(7);
        List<Device> sample = Fleet.of(List.of(Communes.byCode("16681"), QUYNH_VAN, QUE_PHONG,
                firstOf(Region.MIDLAND)), 2).devices();
        assertThat(sample).anySatisfy(device -> assertThat(device.reports("water_level")).isTrue());
        // Every 97 minutes for a year: a step coprime with the day, so every time of day and season comes up.
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (Instant time = start; time.isBefore(start.plus(Duration.ofDays(365)));
                time = time.plus(Duration.ofMinutes(97))) {
            for (Device device : sample) {
                for (Metric metric : device.metrics()) {
                    String what = device.id() + " " + metric.name() + " at " + time;
                    if (!metric.numeric()) {
                        String text = signals.text(device, metric.name(), time);
                        if (text != null || !metric.name().equals("event")) {
                            assertThat(text).as(what).isIn(TEXTS.get(metric.name()));
                        }
                        continue;
                    }
                    double value = signals.value(device, metric.name(), time);
                    double[] range = RANGES.get(metric.name());
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
    void overASimulatedDayLampsAreOnAtElevenAtNightAndOffAtNoon() {
        SignalModel signals = new SignalModel(11);
        List<Device> lamps = PROVINCE.devices().stream().filter(device -> device.kind() == DeviceKind.LGT)
                .filter(device -> device.id().endsWith("-LGT-0001") || device.id().endsWith("-LGT-0020")).toList();
        assertThat(lamps).hasSizeGreaterThan(200);
        for (Device lamp : lamps) {
            Instant noon = local(2026, 6, 10, 12, 0);
            Instant lateNight = local(2026, 6, 10, 23, 0);

            assertThat(signals.value(lamp, "lamp_on", noon)).as(lamp.id() + " at noon").isEqualTo(0);
            assertThat(signals.value(lamp, "ambient_light", noon)).isGreaterThanOrEqualTo(20);
            assertThat(signals.value(lamp, "dim_level", noon)).isEqualTo(0);
            assertThat(signals.value(lamp, "power", noon)).isEqualTo(1);
            assertThat(signals.value(lamp, "lamp_on", lateNight)).as(lamp.id() + " at 23:00").isEqualTo(1);
            assertThat(signals.value(lamp, "ambient_light", lateNight)).isLessThan(20);
            assertThat(signals.value(lamp, "dim_level", lateNight)).isIn(50.0, 100.0);
        }
    }

    @Test
    void aLampIsFullUntilTenThenHalfUnlessItSawMotionInTheLastFiveMinutesAndDrawsRatedTimesDim() {
        SignalModel signals = new SignalModel(11);
        List<Device> lamps = List.of(VINH_LGT, device(gatewayIn(Region.HIGHLAND), DeviceKind.LGT));
        Instant from = local(2026, 12, 10, 16, 0);
        int dimmedReports = 0;
        int heldByMotion = 0;
        for (Device lamp : lamps) {
            List<Double> motions = new ArrayList<>();
            List<Double> ratedWatts = new ArrayList<>();
            for (Instant time = from; time.isBefore(from.plus(Duration.ofHours(18))); time = time.plusSeconds(60)) {
                String what = lamp.id() + " at " + time;
                double motion = signals.value(lamp, "motion", time);
                motions.add(motion);
                double dim = signals.value(lamp, "dim_level", time);
                double power = signals.value(lamp, "power", time);
                if (signals.value(lamp, "lamp_on", time) == 0) {
                    assertThat(dim).as(what).isZero();
                    assertThat(power).as(what).isEqualTo(1);
                    continue;
                }
                int hour = time.atOffset(NGHE_AN).getHour();
                boolean motionInLastFive = motions.subList(Math.max(0, motions.size() - 5), motions.size())
                        .stream().anyMatch(count -> count > 0);
                if (hour >= 22 || hour < 12) {
                    assertThat(dim).as(what).isEqualTo(motionInLastFive ? 100 : 50);
                    dimmedReports += dim == 50 ? 1 : 0;
                    heldByMotion += dim == 100 ? 1 : 0;
                } else {
                    assertThat(dim).as(what).isEqualTo(100);
                }
                ratedWatts.add((power - 1) / (dim / 100));
            }
            // (power - 1 W standby) / (dim / 100) is the rated power ± 1 W of jitter and 0.125 W of rounding
            double lowest = ratedWatts.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
            double highest = ratedWatts.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
            assertThat(highest - lowest).as(lamp.id()).isLessThanOrEqualTo(2 * 1.125 / 0.5);
            assertThat(lowest).as(lamp.id()).isGreaterThanOrEqualTo(60 - 1.125 / 0.5);
            assertThat(highest).as(lamp.id()).isLessThanOrEqualTo(140 + 1.125 / 0.5);
        }
        assertThat(dimmedReports).isGreaterThan(100);
        assertThat(heldByMotion).isGreaterThan(10);
    }

    @Test
    void energyNeverDecreasesAndGrowsDailyByAboutTheSampledPower() {
        SignalModel signals = new SignalModel(17);
        List<Device> lamps = List.of(VINH_LGT, device(gatewayIn(Region.HIGHLAND), DeviceKind.LGT),
                device(gatewayIn(Region.MIDLAND), DeviceKind.LGT));
        Instant from = local(2026, 4, 1, 0, 0);
        for (Device lamp : lamps) {
            double previous = signals.value(lamp, "energy", from);
            double sampledWattHours = 0;
            Instant time = from;
            for (int day = 1; day <= 3; day++) {
                double startOfDay = signals.value(lamp, "energy", time);
                sampledWattHours = 0;
                for (int report = 0; report < 1440; report++) {
                    sampledWattHours += signals.value(lamp, "power", time) / 60;
                    time = time.plusSeconds(60);
                    double energy = signals.value(lamp, "energy", time);
                    assertThat(energy).as(lamp.id() + " at " + time).isGreaterThanOrEqualTo(previous);
                    previous = energy;
                }
                assertThat(previous - startOfDay).as(lamp.id() + " day " + day)
                        .isBetween(0.9 * sampledWattHours, 1.1 * sampledWattHours);
            }
            assertThat(sampledWattHours).isGreaterThan(24);
        }
    }

    @Test
    void energyCountsFromInstallationAndKeepsGrowingForYears() {
        SignalModel signals = new SignalModel(17);
        Instant installed = VINH_LGT.installedAt();

        assertThat(signals.value(VINH_LGT, "energy", Instant.ofEpochSecond(installed.getEpochSecond()))).isZero();
        assertThat(signals.value(VINH_LGT, "energy", Instant.ofEpochSecond(installed.getEpochSecond() - 86_400)))
                .isZero();
        double previous = 0;
        for (int day = 1; day <= 3 * 365; day += 5) {
            double energy = signals.value(VINH_LGT, "energy", Instant.ofEpochSecond(installed.getEpochSecond())
                    .plus(Duration.ofDays(day)));
            // at least the standby 1 W, at most 150 W, for the 5 days since the previous sample
            assertThat(energy - previous).as("day " + day).isBetween(5 * 24.0 - 24, 5 * 24 * 150.0);
            previous = energy;
        }
    }

    @Test
    void overASimulatedWeekdayVinhParticulatesAreHigherAtRushHourThanAtThreeInTheMorning() {
        SignalModel signals = new SignalModel(5);
        List<Device> stations = devicesOf("16681", DeviceKind.ENV);
        assertThat(stations).hasSize(6);
        // Tuesday 1 December 2026
        double rush = mean(signals, stations, "pm2_5", local(2026, 12, 1, 7, 30));
        double night = mean(signals, stations, "pm2_5", local(2026, 12, 1, 3, 0));

        assertThat(rush).isGreaterThan(1.5 * night);
        assertThat(mean(signals, stations, "no2", local(2026, 12, 1, 7, 30)))
                .isGreaterThan(mean(signals, stations, "no2", local(2026, 12, 1, 3, 0)));
        assertThat(mean(signals, stations, "co", local(2026, 12, 1, 7, 30)))
                .isGreaterThan(mean(signals, stations, "co", local(2026, 12, 1, 3, 0)));
    }

    @Test
    void ozoneIsHigherAtTwoInTheAfternoonThanAtSixInTheMorning() {
        SignalModel signals = new SignalModel(5);
        List<Device> stations = PROVINCE.devices().stream().filter(device -> device.kind() == DeviceKind.ENV).toList();
        for (int day = 1; day <= 28; day += 9) {
            for (Device station : stations) {
                assertThat(signals.value(station, "o3", local(2026, 7, day, 14, 0))).as(station.id())
                        .isGreaterThan(signals.value(station, "o3", local(2026, 7, day, 6, 0)));
            }
        }
    }

    @Test
    void urbanAirIsWorseThanHighlandAirAtTheSameHour() {
        SignalModel signals = new SignalModel(5);
        Device highland = device(gatewayIn(Region.HIGHLAND), DeviceKind.ENV);
        double urban = 0;
        double mountains = 0;
        for (int day = 1; day <= 14; day++) {
            urban += signals.value(VINH_ENV, "no2", local(2025, 11, day, 17, 30));
            mountains += signals.value(highland, "no2", local(2025, 11, day, 17, 30));
        }
        assertThat(urban).isGreaterThan(mountains);
    }

    @Test
    void weekdaysHaveMoreRushHourTrafficAndWeekendsBusierMarkets() {
        SignalModel signals = new SignalModel(21);
        List<Device> cameras = devicesOf("16681", DeviceKind.CAM);
        assertThat(cameras).hasSize(40);
        // Monday 7 and Saturday 12 December 2026
        assertThat(sum(signals, cameras, "vehicle_count", local(2026, 12, 7, 7, 30)))
                .isGreaterThan(1.3 * sum(signals, cameras, "vehicle_count", local(2026, 12, 12, 7, 30)));
        assertThat(sum(signals, cameras, "person_count", local(2026, 12, 12, 6, 30)))
                .isGreaterThan(1.1 * sum(signals, cameras, "person_count", local(2026, 12, 7, 6, 30)));
        assertThat(sum(signals, cameras, "avg_speed", local(2026, 12, 7, 7, 30)))
                .isLessThan(sum(signals, cameras, "avg_speed", local(2026, 12, 7, 3, 0)));
    }

    @Test
    void afternoonsAreWarmerAndDrierThanNights() {
        SignalModel signals = new SignalModel(9);
        List<Device> stations = PROVINCE.devices().stream().filter(device -> device.kind() == DeviceKind.ENV).toList();
        for (int day = 1; day <= 28; day += 3) {
            Instant afternoon = local(2026, 4, day, 14, 30);
            Instant night = local(2026, 4, day, 2, 30);
            assertThat(mean(signals, stations, "temperature", afternoon))
                    .isGreaterThan(mean(signals, stations, "temperature", night));
            assertThat(mean(signals, stations, "humidity", afternoon))
                    .isLessThan(mean(signals, stations, "humidity", night));
        }
    }

    @Test
    void rainFallsMostlyInTheStormSeasonAndWetsTheAirWashesOutParticulatesWetsTheSoilAndLeachesIt() {
        SignalModel signals = new SignalModel(4);
        Gateway vinh = Fleet.of(List.of(Communes.byCode("16681")), 1).gateways().get(0);
        Device station = device(vinh, DeviceKind.ENV);
        Device field = device(vinh, DeviceKind.AGR);
        List<String> effects = List.of("humidity", "pm2_5", "temperature", "soil_moisture", "ec");
        double[] whileRaining = new double[effects.size()];
        double[] whileDry = new double[effects.size()];
        int raining = 0;
        int dry = 0;
        double stormSeason = 0;
        double winter = 0;
        int samples = 0;
        int withoutRain = 0;
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (Instant time = start; time.isBefore(start.plus(Duration.ofDays(365))); time = time.plusSeconds(1500)) {
            double rain = signals.value(station, "rainfall", time);
            int month = time.atOffset(NGHE_AN).getMonthValue();
            samples++;
            withoutRain += rain == 0 ? 1 : 0;
            stormSeason += month >= 8 && month <= 10 ? rain : 0;
            winter += month == 12 || month <= 2 ? rain : 0;
            if (month < 8 || month > 10 || (rain > 0 && rain < 2)) {
                continue;
            }
            double[] sums = rain >= 2 ? whileRaining : whileDry;
            for (int i = 0; i < effects.size(); i++) {
                Device device = i < 3 ? station : field;
                sums[i] += signals.value(device, effects.get(i), time);
            }
            raining += rain >= 2 ? 1 : 0;
            dry += rain == 0 ? 1 : 0;
        }
        assertThat(withoutRain).isGreaterThan(samples * 7 / 10);
        assertThat(stormSeason).isGreaterThan(4 * winter);
        assertThat(raining).isGreaterThan(30);
        assertThat(whileRaining[0] / raining).as("humidity").isGreaterThan(whileDry[0] / dry + 5);
        assertThat(whileRaining[1] / raining).as("pm2_5").isLessThan(whileDry[1] / dry);
        assertThat(whileRaining[2] / raining).as("temperature").isLessThan(whileDry[2] / dry);
        assertThat(whileRaining[3] / raining).as("soil_moisture").isGreaterThan(whileDry[3] / dry + 5);
        assertThat(whileRaining[4] / raining).as("ec").isLessThan(whileDry[4] / dry);
    }

    @Test
    void gioLaoSpellsBringHotDryAfternoonsInSummer() {
        SignalModel signals = new SignalModel(8);
        Device inland = device(Fleet.of(List.of(firstOf(Region.MIDLAND)), 1).gateways().get(0), DeviceKind.ENV);
        double hottest = 0;
        double humidityThen = 100;
        for (Instant day = local(2026, 5, 1, 14, 30); day.isBefore(local(2026, 9, 1, 0, 0));
                day = day.plus(Duration.ofDays(1))) {
            double temperature = signals.value(inland, "temperature", day);
            if (temperature > hottest) {
                hottest = temperature;
                humidityThen = signals.value(inland, "humidity", day);
            }
        }
        assertThat(hottest).isGreaterThanOrEqualTo(38);
        assertThat(humidityThen).isLessThan(55);
        double winterHottest = 0;
        for (Instant day = local(2026, 1, 1, 14, 30); day.isBefore(local(2026, 3, 1, 0, 0));
                day = day.plus(Duration.ofDays(1))) {
            winterHottest = Math.max(winterHottest, signals.value(inland, "temperature", day));
        }
        assertThat(winterHottest).isLessThan(32);
    }

    @Test
    void riverLevelsRiseAfterHeavyRain() {
        SignalModel signals = new SignalModel(4);
        Device river = Fleet.of(List.of(QUE_PHONG), 1).devices().get(0);
        assertThat(river.reports("water_level")).isTrue();
        double lowest = Double.MAX_VALUE;
        double highest = 0;
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (Instant time = start; time.isBefore(start.plus(Duration.ofDays(365))); time = time.plusSeconds(3 * 3600)) {
            double level = signals.value(river, "water_level", time);
            lowest = Math.min(lowest, level);
            highest = Math.max(highest, level);
        }
        assertThat(highest - lowest).isGreaterThan(100);
        assertThatThrownBy(() -> signals.value(VINH_ENV, "water_level", start))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("river");
    }

    @Test
    void overASimulatedDaySpeakersBroadcastTheNewsAtQuarterToSixAndQuarterPastFiveOnly() {
        SignalModel signals = new SignalModel(13);
        for (Device speaker : devicesOf("16681", DeviceKind.SPK)) {
            assertThat(signals.value(speaker, "broadcasting", local(2026, 11, 25, 5, 45))).isEqualTo(1);
            assertThat(signals.text(speaker, "program", local(2026, 11, 25, 5, 45))).isEqualTo("source_news");
            assertThat(signals.value(speaker, "volume", local(2026, 11, 25, 5, 45))).isBetween(60.0, 90.0);
            assertThat(signals.value(speaker, "broadcasting", local(2026, 11, 25, 17, 15))).isEqualTo(1);
            assertThat(signals.text(speaker, "program", local(2026, 11, 25, 17, 15))).isEqualTo("commune_news");
            assertThat(signals.value(speaker, "broadcasting", local(2026, 11, 25, 12, 0))).isEqualTo(0);
            assertThat(signals.text(speaker, "program", local(2026, 11, 25, 12, 0))).isEqualTo("none");
            assertThat(signals.value(speaker, "volume", local(2026, 11, 25, 12, 0))).isEqualTo(0);
            assertThat(signals.value(speaker, "online", local(2026, 11, 25, 12, 0))).isEqualTo(1);
        }
        assertThat(signals.value(VINH_SPK, "broadcasting", local(2026, 11, 25, 5, 29))).isEqualTo(0);
        assertThat(signals.value(VINH_SPK, "broadcasting", local(2026, 11, 25, 5, 30))).isEqualTo(1);
        assertThat(signals.value(VINH_SPK, "broadcasting", local(2026, 11, 25, 6, 15))).isEqualTo(0);
        assertThat(signals.value(VINH_SPK, "broadcasting", local(2026, 11, 25, 17, 44))).isEqualTo(1);
    }

    @Test
    void theSoilFollowsTheAirLaterAndLessAndFieldsAreDarkAtNight() {
        SignalModel signals = new SignalModel(6);
        Device field = device(gatewayIn(Region.LOWLAND), DeviceKind.AGR);
        double airRange = 0;
        double soilRange = 0;
        for (int day = 1; day <= 20; day++) {
            airRange += signals.value(field, "air_temperature", local(2026, 4, day, 14, 30))
                    - signals.value(field, "air_temperature", local(2026, 4, day, 2, 30));
            soilRange += signals.value(field, "soil_temperature", local(2026, 4, day, 16, 30))
                    - signals.value(field, "soil_temperature", local(2026, 4, day, 4, 30));
            assertThat(signals.value(field, "light", local(2026, 4, day, 23, 0))).isZero();
            assertThat(signals.value(field, "light", local(2026, 4, day, 12, 0))).isGreaterThan(10_000);
        }
        assertThat(soilRange).isPositive().isLessThan(airRange);
    }

    @Test
    void gatewaysCountUptimeFromTheirMonthlyRebootAndHearWorseInTheMountains() {
        SignalModel signals = new SignalModel(3);
        Device vinhGateway = device(VINH, DeviceKind.GTW);
        Device mountainGateway = device(gatewayIn(Region.HIGHLAND), DeviceKind.GTW);
        Instant lateInMonth = local(2026, 3, 28, 12, 0);

        double uptime = signals.value(vinhGateway, "uptime", lateInMonth);
        assertThat(signals.value(vinhGateway, "uptime", lateInMonth.plusSeconds(60))).isEqualTo(uptime + 60);
        // rebooted between 03:00 and 03:30 on the 1st: 27 days and 8.5 to 9 hours before
        assertThat(uptime).isBetween(27 * 86_400.0 + 8.5 * 3600, 27 * 86_400.0 + 9 * 3600);
        assertThat(signals.value(vinhGateway, "uptime", local(2026, 4, 1, 4, 0))).isLessThanOrEqualTo(3600);
        assertThat(signals.value(vinhGateway, "queue_depth", lateInMonth)).isZero();
        assertThat(signals.value(mountainGateway, "rssi", lateInMonth))
                .isLessThan(signals.value(vinhGateway, "rssi", lateInMonth));
    }

    @Test
    void readingsDueAreEveryMetricOfTheDevicesThatReportAtThatSecond() {
        SignalModel signals = new SignalModel(1);
        Instant onTheQuarterHour = Instant.parse("2025-11-25T00:30:00Z");

        assertThat(signals.readingsDue(VINH, onTheQuarterHour))
                .extracting(reading -> reading.device().kind() + ":" + reading.metric().name())
                .containsExactly("ENV:pm2_5", "ENV:pm10", "ENV:no2", "ENV:so2", "ENV:co", "ENV:o3", "ENV:temperature",
                        "ENV:humidity", "ENV:noise", "ENV:rainfall",
                        "LGT:lamp_on", "LGT:dim_level", "LGT:power", "LGT:energy", "LGT:ambient_light", "LGT:motion",
                        "LGT:voltage", "LGT:fault",
                        "CAM:online", "CAM:vehicle_count", "CAM:person_count", "CAM:avg_speed", "CAM:bitrate",
                        "SPK:online", "SPK:broadcasting", "SPK:volume", "SPK:program",
                        "AGR:soil_moisture", "AGR:soil_temperature", "AGR:air_temperature", "AGR:light", "AGR:ph",
                        "AGR:ec",
                        "GTW:uptime", "GTW:queue_depth", "GTW:rssi", "GTW:supply_voltage");
        assertThat(signals.readingsDue(VINH, onTheQuarterHour.plusSeconds(60))).hasSize(10 + 8 + 5 + 4 + 4);
        assertThat(signals.readingsDue(VINH, onTheQuarterHour.plusSeconds(10)))
                .extracting(reading -> reading.device().kind() + ":" + reading.metric().name())
                .containsExactly("CAM:online", "CAM:vehicle_count", "CAM:person_count", "CAM:avg_speed", "CAM:bitrate");
        assertThat(signals.readingsDue(VINH, onTheQuarterHour.plusSeconds(5))).isEmpty();
        assertThat(signals.readingsDue(VINH, onTheQuarterHour)).allSatisfy(reading -> {
            if (reading.metric().numeric()) {
                assertThat(reading.value())
                        .isEqualTo(signals.value(reading.device(), reading.metric().name(), onTheQuarterHour));
            } else {
                assertThat(reading.text())
                        .isEqualTo(signals.text(reading.device(), reading.metric().name(), onTheQuarterHour));
            }
        });
        Gateway river = Fleet.of(List.of(QUE_PHONG), 1).gateways().get(0);
        assertThat(signals.readingsDue(river, onTheQuarterHour)).extracting(reading -> reading.metric().name())
                .containsOnlyOnce("water_level");
    }

    @Test
    void camerasReportARareEventOnlyAtTheReportsWhereOneOccurs() {
        SignalModel signals = new SignalModel(12);
        Device camera = device(VINH, DeviceKind.CAM);
        Gateway cameraOnly = new Gateway(VINH.commune(), "gw-01", List.of(camera));
        Instant from = Instant.parse("2026-03-01T00:00:00Z");
        int reports = 0;
        List<Instant> eventTimes = new ArrayList<>();
        for (Instant time = from; time.isBefore(from.plus(Duration.ofDays(10))); time = time.plusSeconds(10)) {
            List<Reading> readings = signals.readingsDue(cameraOnly, time);
            reports++;
            String event = signals.text(camera, "event", time);
            if (event == null) {
                assertThat(readings).hasSize(5);
            } else {
                assertThat(readings).hasSize(6);
                assertThat(readings.get(5).text()).isEqualTo(event);
                eventTimes.add(time);
            }
        }
        // about one in 8,640 reports
        assertThat(eventTimes).hasSizeBetween(2, 40);
        assertThat(reports).isEqualTo(86_400);
        assertThat(signals.text(camera, "event", eventTimes.get(0)))
                .isEqualTo(new SignalModel(12).text(camera, "event", eventTimes.get(0)));
    }

    @Test
    void refusesFractionalSecondsMetricsTheDeviceDoesNotHaveAndTheWrongKindOfValue() {
        SignalModel signals = new SignalModel(1);
        Instant time = Instant.parse("2025-11-25T00:30:00Z");

        assertThatThrownBy(() -> signals.value(VINH_ENV, "pm2_5", Instant.parse("2025-11-25T00:30:00.5Z")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole seconds");
        assertThatThrownBy(() -> signals.value(VINH_ENV, "lamp_on", time))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lamp_on");
        assertThatThrownBy(() -> signals.value(VINH_LGT, "fault", time))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fault");
        assertThatThrownBy(() -> signals.text(VINH_LGT, "power", time))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("power");
        assertThatThrownBy(() -> signals.text(VINH_ENV, "pm2_5", time))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("pm2_5");
    }

    private static String gatewayHour(SignalModel signals, Gateway gateway, Instant start) {
        StringBuilder packs = new StringBuilder();
        for (Instant time = start; time.isBefore(start.plusSeconds(3600)); time = time.plusSeconds(1)) {
            packs.append(SenmlEncoder.encode(signals.readingsDue(gateway, time))).append('\n');
        }
        return packs.toString();
    }

    private static double mean(SignalModel signals, List<Device> devices, String metric, Instant time) {
        return sum(signals, devices, metric, time) / devices.size();
    }

    private static double sum(SignalModel signals, List<Device> devices, String metric, Instant time) {
        double sum = 0;
        for (Device device : devices) {
            sum += signals.value(device, metric, time);
        }
        return sum;
    }

    private static List<Device> devicesOf(String commune, DeviceKind kind) {
        return PROVINCE.devices().stream()
                .filter(device -> device.commune().code().equals(commune) && device.kind() == kind).toList();
    }

    private static Gateway gatewayIn(Region region) {
        return FLEET.gateways().stream().filter(gateway -> gateway.commune().region() == region).findFirst()
                .orElseThrow();
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
