package org.iocstream.jobs.airquality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.dag.Transformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.operators.StreamOperatorFactory;
import org.apache.flink.streaming.api.transformations.OneInputTransformation;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.iocstream.jobs.telemetry.SeriesKey;
import org.iocstream.schemas.AqiPeriod;
import org.iocstream.schemas.AqiValue;
import org.iocstream.schemas.Reading;
import org.junit.jupiter.api.Test;

/**
 * The three stateful operators exactly as {@link AirQuality#addTo} wires them (taken from the graph by uid), under
 * Flink's operator harness. Every expected value is worked out by hand from DOMAIN.md's tables and examples.
 */
class AirQualityTest {

    private static final long HOUR = 3_600_000L;
    /** Local midnight of 25 Nov 2025 in Asia/Ho_Chi_Minh (UTC+7). */
    private static final long DAY = Instant.parse("2025-11-24T17:00:00Z").toEpochMilli();
    private static final Duration LATENESS = Duration.ofMinutes(10);
    private static final long L = LATENESS.toMillis();
    private static final String STATION = "16681-ENV-0001";

    // ---------------------------------------------------------------------------------------------- hour windows

    @Test
    void anHourWindowGivesTheHoursMeanAndALateReadingWithinTheLatenessRewritesIt() throws Exception {
        try (var harness = meanHarness()) {
            harness.open();
            long h = DAY + 9 * HOUR;
            sendReading(harness, reading(STATION, "pm2_5", h, 20));
            sendReading(harness, reading(STATION, "pm2_5", h + 60_000, 30));
            sendReading(harness, reading(STATION, "pm2_5", h + HOUR - 1, 40)); // the hour's last millisecond
            sendReading(harness, reading(STATION, "pm2_5", h + HOUR, 1000));   // the next hour
            sendReading(harness, reading(STATION, "no2", h + 60_000, 118.7));
            harness.processWatermark(h + HOUR - 1);

            assertThat(harness.extractOutputValues()).extracting(HourlyMean::toString).containsExactlyInAnyOrder(
                    STATION + ":pm2_5@" + h + "=30.0 (3)",
                    STATION + ":no2@" + h + "=118.7 (1)");
            assertThat(harness.extractOutputValues()).allSatisfy(mean -> {
                assertThat(mean.commune).isEqualTo("16681");
                assertThat(mean.gateway).isEqualTo("gw-01");
                assertThat(mean.kind).isEqualTo("ENV");
            });

            // 5 min after the hour, within the 10 min lateness: the hour again with all four readings
            harness.processWatermark(h + HOUR + 5 * 60_000);
            sendReading(harness, reading(STATION, "pm2_5", h + 1_800_000, 50));
            List<HourlyMean> out = harness.extractOutputValues();
            assertThat(out).hasSize(3);
            assertThat(out.get(2)).hasToString(STATION + ":pm2_5@" + h + "=35.0 (4)");

            // the hour's state is kept until its last millisecond + the lateness, then dropped
            harness.processWatermark(h + HOUR - 1 + L - 1);
            int withNextHour = harness.numKeyedStateEntries();
            harness.processWatermark(h + HOUR - 1 + L);
            assertThat(harness.numKeyedStateEntries()).isLessThan(withNextHour);
            harness.processWatermark(h + 2 * HOUR - 1 + L);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    // --------------------------------------------------------------------------------------- station hourly AQI

    /**
     * DOMAIN.md's worked example: PM2.5 hourly means 26.9 … 20.6 (oldest to current) give NowCast 20.27 (w 0.613)
     * and AQI(PM2.5) = 2 × 20.27 = 40.5 → 41; O3 136.1 → 50 × 136.1 / 160 = 42.5 → 43; NO2 118.7 →
     * 50 + 50 × 18.7 / 100 = 59.35 → 59; AQI^h = 59 (the decision prints 60; its formula gives 59).
     */
    @Test
    void theDecisionsHourlyExampleGives59AndAnAqiHourlyReadingAtTheHoursStart() throws Exception {
        double[] pm25OldestFirst = {26.9, 24.7, 20.5, 23.5, 19.5, 16.5, 19.0, 16.5, 20.3, 22.4, 19.6, 20.6};
        long first = DAY + HOUR; // 01:00 … 12:00 local, within one local day
        long current = first + 11 * HOUR;
        try (var harness = stationHarness()) {
            harness.open();
            for (int i = 0; i < 12; i++) {
                long hour = first + i * HOUR;
                sendMean(harness, mean(STATION, "pm2_5", hour, pm25OldestFirst[i]));
                if (hour == current) {
                    sendMean(harness, mean(STATION, "o3", hour, 136.1));
                    sendMean(harness, mean(STATION, "no2", hour, 118.7));
                }
                harness.processWatermark(hour + HOUR - 1);
            }

            List<AqiValue> values = harness.extractOutputValues();
            // the first hour alone has no NowCast (1 of its last 3 hours), so no AQI; the 11 others have one
            assertThat(values).hasSize(11);
            assertThat(values).extracting(v -> v.getPeriodStart().toEpochMilli())
                    .startsWith(first + HOUR).endsWith(current);
            AqiValue value = values.get(10);
            assertThat(value.getScope()).isEqualTo("station");
            assertThat(value.getDeviceId()).isEqualTo(STATION);
            assertThat(value.getCommune()).isEqualTo("16681");
            assertThat(value.getPeriod()).isEqualTo(AqiPeriod.HOUR);
            assertThat(value.getPeriodStart()).isEqualTo(Instant.ofEpochMilli(current));
            assertThat(value.getPm25()).isEqualTo(41);
            assertThat(value.getO31h()).isEqualTo(43);
            assertThat(value.getNo2()).isEqualTo(59);
            assertThat(value.getPm10()).isNull();
            assertThat(value.getCo()).isNull();
            assertThat(value.getSo2()).isNull();
            assertThat(value.getO38h()).isNull();
            assertThat(value.getAqi()).isEqualTo(59);
            assertThat(value.getCategory()).isEqualTo("MODERATE");
            assertThat(value.getDominant()).isEqualTo("no2");
            assertThat(value.getCapped()).isFalse();
            assertThat(value.getStations()).isEqualTo(1);

            List<Reading> readings = readings(harness.getSideOutput(StationAqiFunction.HOURLY_READINGS));
            assertThat(readings).hasSize(11);
            Reading reading = readings.get(10);
            assertThat(reading.getDeviceId()).isEqualTo(STATION);
            assertThat(reading.getMetric()).isEqualTo("aqi_hourly");
            assertThat(reading.getTime()).isEqualTo(Instant.ofEpochMilli(current));
            assertThat(reading.getValue()).isEqualTo(59.0);
            assertThat(reading.getUnit()).isEmpty();
            assertThat(reading.getCommune()).isEqualTo("16681");
            assertThat(reading.getGateway()).isEqualTo("gw-01");
            assertThat(reading.getKind()).isEqualTo("ENV");
        }
    }

    /**
     * PM2.5 30 (current hour), nothing in the hour before, 20 two hours before: the missing hour has weight 0, so
     * w = 20 / 30 = 2/3 and NowCast = (30 + (2/3)² × 20) / (1 + (2/3)²) = 350 / 13 = 26.92 → 50 + 2 × 1.92 =
     * 53.85 → 54. Read as a zero, it would give w = 0.5 and (30 + 0.25 × 20) / 1.75 = 20 → 40. Then an hour with
     * only one of its last three hours (the two before it missing) has no NowCast and so no AQI.
     */
    @Test
    void aMissingHourHasWeightZeroAndTwoMissingOfTheLastThreeGiveNoAqi() throws Exception {
        long h = DAY + 5 * HOUR;
        try (var harness = stationHarness()) {
            harness.open();
            sendMean(harness, mean(STATION, "pm2_5", h - 2 * HOUR, 20));
            harness.processWatermark(h - HOUR - 1);
            harness.processWatermark(h - 1); // the hour before: no mean, no output
            sendMean(harness, mean(STATION, "pm2_5", h, 30));
            harness.processWatermark(h + HOUR - 1);

            assertThat(harness.extractOutputValues()).singleElement().satisfies(value -> {
                assertThat(value.getPeriodStart()).isEqualTo(Instant.ofEpochMilli(h));
                assertThat(value.getPm25()).isEqualTo(54);
                assertThat(value.getAqi()).isEqualTo(54);
                assertThat(value.getDominant()).isEqualTo("pm2_5");
            });

            // h + 3 h: c1 present, c2 (h + 2 h) and c3 (h + 1 h) missing; h itself is c4 and does not help
            sendMean(harness, mean(STATION, "pm2_5", h + 3 * HOUR, 25));
            sendMean(harness, mean(STATION, "no2", h + 3 * HOUR, 300)); // a gas alone gives no AQI
            harness.processWatermark(h + 4 * HOUR - 1);
            assertThat(harness.extractOutputValues()).hasSize(1);
            assertThat(harness.getSideOutput(StationAqiFunction.HOURLY_READINGS)).hasSize(1);
        }
    }

    /**
     * PM2.5 20 and 20: NowCast 20 → 40. The current hour re-fired with 30: w = 2/3, NowCast = (30 + 2/3 × 20) /
     * (5/3) = 26 → 50 + 2 × 1 = 52, emitted again for the same hour, and the aqi_hourly reading with the same
     * identity. A re-fire with the same mean emits nothing.
     */
    @Test
    void aRefiredHourWithAChangedMeanIsComputedAgainInFull() throws Exception {
        long h = DAY + 5 * HOUR;
        try (var harness = stationHarness()) {
            harness.open();
            sendMean(harness, mean(STATION, "pm2_5", h - HOUR, 20));
            harness.processWatermark(h - 1);
            sendMean(harness, mean(STATION, "pm2_5", h, 20));
            harness.processWatermark(h + HOUR - 1);
            assertThat(harness.extractOutputValues()).extracting(AqiValue::getAqi).containsExactly(40);

            harness.processWatermark(h + HOUR + 5 * 60_000);
            sendMean(harness, mean(STATION, "pm2_5", h, 30)); // the window re-fired with a late reading
            harness.processWatermark(h + HOUR + 5 * 60_000 + 1);

            List<AqiValue> values = harness.extractOutputValues();
            assertThat(values).extracting(AqiValue::getAqi).containsExactly(40, 52);
            assertThat(values.get(1).getPeriodStart()).isEqualTo(Instant.ofEpochMilli(h));
            List<Reading> readings = readings(harness.getSideOutput(StationAqiFunction.HOURLY_READINGS));
            assertThat(readings).extracting(r -> r.getDeviceId() + "/" + r.getMetric() + "@" + r.getTime() + "="
                    + r.getValue()).containsExactly(
                    STATION + "/aqi_hourly@" + Instant.ofEpochMilli(h) + "=40.0",
                    STATION + "/aqi_hourly@" + Instant.ofEpochMilli(h) + "=52.0");
            assertThat(readings.get(0).getIngestTime()).isEqualTo(readings.get(1).getIngestTime());

            sendMean(harness, mean(STATION, "pm2_5", h, 30)); // the same mean again
            harness.processWatermark(h + HOUR + 6 * 60_000);
            assertThat(harness.extractOutputValues()).hasSize(2);
        }
    }

    /** With a lateness over an hour, a change to an hour also recomputes the later hour whose NowCast uses it. */
    @Test
    void aChangedHourAlsoRecomputesTheLaterHoursAlreadyEmitted() throws Exception {
        long h = DAY + 5 * HOUR;
        try (var harness = stationHarness(Duration.ofHours(2))) {
            harness.open();
            sendMean(harness, mean(STATION, "pm2_5", h - HOUR, 20));
            sendMean(harness, mean(STATION, "pm2_5", h, 20));
            sendMean(harness, mean(STATION, "pm2_5", h + HOUR, 20));
            harness.processWatermark(h + 2 * HOUR - 1);
            assertThat(harness.extractOutputValues()).extracting(AqiValue::getAqi).containsExactly(40, 40);

            // h changes to 30: hour h as above (52); hour h + 1 h: c1 20, c2 30, c3 20, w = 2/3,
            // (20 + 2/3 × 30 + 4/9 × 20) / (1 + 2/3 + 4/9) = (180 + 180 + 80) / 19 = 440 / 19 = 23.16 → 46.3 → 46
            sendMean(harness, mean(STATION, "pm2_5", h, 30));
            harness.processWatermark(h + 2 * HOUR);
            List<AqiValue> values = harness.extractOutputValues();
            assertThat(values).extracting(v -> v.getPeriodStart().toEpochMilli() + "=" + v.getAqi())
                    .containsExactly(h + "=40", (h + HOUR) + "=40", h + "=52", (h + HOUR) + "=46");
        }
    }

    // ---------------------------------------------------------------------------------------- station daily AQI

    /**
     * DOMAIN.md's daily example, built from hourly means of one local day (25 Nov 2025, 00:00-24:00 ICT): PM2.5
     * 55.7 every hour → 24-h mean 55.7 → 100 + 50 × 5.7 / 30 = 109.5 → 110; O3 8 consecutive hours 114.6, 100 and
     * six of 83.3 (0 otherwise) → largest 8-h mean 714.4 / 8 = 89.3 → 44.65 → 45, largest 1-h mean 114.6 →
     * 35.8 → 36; NO2 130.8 in one hour (40 otherwise) → 65.4 → 65; AQI^d = 110.
     */
    @Test
    void theDecisionsDailyExampleGives110AtTheEndOfTheLocalDayAndThenNoStateIsLeft() throws Exception {
        try (var harness = stationHarness()) {
            harness.open();
            for (int i = 0; i < 24; i++) {
                long hour = DAY + i * HOUR;
                sendMean(harness, mean(STATION, "pm2_5", hour, 55.7));
                double o3 = i == 10 ? 114.6 : i == 11 ? 100 : i >= 12 && i < 18 ? 83.3 : 0;
                sendMean(harness, mean(STATION, "o3", hour, o3));
                sendMean(harness, mean(STATION, "no2", hour, i == 20 ? 130.8 : 40));
                harness.processWatermark(hour + HOUR - 2);
                assertThat(harness.extractOutputValues()).noneMatch(v -> v.getPeriod() == AqiPeriod.DAY);
                harness.processWatermark(hour + HOUR - 1);
            }

            List<AqiValue> days = harness.extractOutputValues().stream()
                    .filter(v -> v.getPeriod() == AqiPeriod.DAY).toList();
            assertThat(days).singleElement().satisfies(day -> {
                assertThat(day.getPeriodStart()).isEqualTo(Instant.parse("2025-11-24T17:00:00Z"));
                assertThat(day.getDeviceId()).isEqualTo(STATION);
                assertThat(day.getPm25()).isEqualTo(110);
                assertThat(day.getO38h()).isEqualTo(45);
                assertThat(day.getO31h()).isEqualTo(36);
                assertThat(day.getNo2()).isEqualTo(65);
                assertThat(day.getAqi()).isEqualTo(110);
                assertThat(day.getCategory()).isEqualTo("POOR");
                assertThat(day.getDominant()).isEqualTo("pm2_5");
            });
            assertThat(harness.extractOutputValues().stream().filter(v -> v.getPeriod() == AqiPeriod.HOUR))
                    .hasSize(23); // the first hour has no NowCast

            // the day's last 7 hours are kept for the next day's 8-h means, until that day's end + the lateness
            assertThat(harness.numKeyedStateEntries()).isPositive();
            long nextDayEnd = DAY + 48 * HOUR;
            harness.processWatermark(nextDayEnd - 1 + L - 1);
            assertThat(harness.numKeyedStateEntries()).isPositive();
            harness.processWatermark(nextDayEnd - 1 + L);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
            // the next day had no means: no value for it
            assertThat(harness.extractOutputValues().stream().filter(v -> v.getPeriod() == AqiPeriod.DAY))
                    .hasSize(1);
        }
    }

    @Test
    void aDayWithFewerThan18HoursOfParticulatesHasNoDailyAqi() throws Exception {
        try (var harness = stationHarness()) {
            harness.open();
            for (int i = 0; i < 17; i++) {
                sendMean(harness, mean(STATION, "pm10", DAY + i * HOUR, 80));
                sendMean(harness, mean(STATION, "no2", DAY + i * HOUR, 40));
            }
            harness.processWatermark(DAY + 24 * HOUR - 1);
            assertThat(harness.extractOutputValues()).noneMatch(v -> v.getPeriod() == AqiPeriod.DAY);
            // PM10 80 every hour: NowCast 80 → 50 + 50 × 30 / 100 = 65 for the 16 hours with one before them
            assertThat(harness.extractOutputValues()).hasSize(16).allSatisfy(v -> assertThat(v.getAqi()).isEqualTo(65));
        }
    }

    // --------------------------------------------------------------------------------------------- commune AQI

    @Test
    void aCommunesHourIsTheLargestOfItsStationsAndARecomputedStationReplacesItsValue() throws Exception {
        long h = DAY + 5 * HOUR;
        try (var harness = communeHarness()) {
            harness.open();
            // S1: the hourly example (PM2.5 41, O3 43, NO2 59); S2: PM2.5 30, PM10 72
            sendValue(harness, station("16681-ENV-0001", h, 59, 41, null, 43, 59));
            sendValue(harness, station("16681-ENV-0002", h, 72, 30, 72, null, null));
            harness.processWatermark(h + HOUR - 1);

            assertThat(harness.extractOutputValues()).singleElement().satisfies(value -> {
                assertThat(value.getScope()).isEqualTo("commune");
                assertThat(value.getDeviceId()).isNull();
                assertThat(value.getCommune()).isEqualTo("16681");
                assertThat(value.getPeriod()).isEqualTo(AqiPeriod.HOUR);
                assertThat(value.getPeriodStart()).isEqualTo(Instant.ofEpochMilli(h));
                assertThat(value.getAqi()).isEqualTo(72);
                assertThat(value.getDominant()).isEqualTo("pm10");
                assertThat(value.getCategory()).isEqualTo("MODERATE");
                assertThat(value.getPm25()).isEqualTo(41);
                assertThat(value.getPm10()).isEqualTo(72);
                assertThat(value.getO31h()).isEqualTo(43);
                assertThat(value.getNo2()).isEqualTo(59);
                assertThat(value.getStations()).isEqualTo(2);
            });

            // S2 recomputed after a late reading: 45 (PM10 45) replaces its 72, so the commune is S1's 59 (NO2)
            harness.processWatermark(h + HOUR + 5 * 60_000);
            sendValue(harness, station("16681-ENV-0002", h, 45, 30, 45, null, null));
            harness.processWatermark(h + HOUR + 5 * 60_000 + 1);
            List<AqiValue> values = harness.extractOutputValues();
            assertThat(values).hasSize(2);
            assertThat(values.get(1).getAqi()).isEqualTo(59);
            assertThat(values.get(1).getDominant()).isEqualTo("no2");
            assertThat(values.get(1).getPm10()).isEqualTo(45);
            assertThat(values.get(1).getStations()).isEqualTo(2);

            harness.processWatermark(h + HOUR - 1 + L - 1);
            assertThat(harness.numKeyedStateEntries()).isPositive();
            harness.processWatermark(h + HOUR - 1 + L);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    @Test
    void aCommunesDayIsTheLargestOfItsStationsDaysAndAnHourEndingWithTheDayStaysApart() throws Exception {
        long lastHour = DAY + 23 * HOUR;
        try (var harness = communeHarness()) {
            harness.open();
            AqiValue day1 = dayValue("16681-ENV-0001", 110, 110, 65);
            AqiValue day2 = dayValue("16681-ENV-0002", 80, 80, 90);
            sendValue(harness, day1);
            sendValue(harness, day2);
            sendValue(harness, station("16681-ENV-0001", lastHour, 60, 60, null, null, null));
            harness.processWatermark(DAY + 24 * HOUR - 1);

            List<AqiValue> values = harness.extractOutputValues();
            assertThat(values).extracting(v -> v.getPeriod() + "@" + v.getPeriodStart() + "=" + v.getAqi() + "/"
                    + v.getDominant() + "/" + v.getStations()).containsExactlyInAnyOrder(
                    "DAY@" + Instant.ofEpochMilli(DAY) + "=110/pm2_5/2",
                    "HOUR@" + Instant.ofEpochMilli(lastHour) + "=60/pm2_5/1");
            assertThat(values).filteredOn(v -> v.getPeriod() == AqiPeriod.DAY).singleElement()
                    .satisfies(v -> assertThat(v.getNo2()).isEqualTo(90));
            harness.processWatermark(DAY + 24 * HOUR - 1 + L);
            assertThat(harness.numKeyedStateEntries()).isZero();
            assertThat(harness.numEventTimeTimers()).isZero();
        }
    }

    // ------------------------------------------------------------------------------------------------- helpers

    private static AqiValue station(String device, long hour, int aqi, Integer pm25, Integer pm10, Integer o3,
            Integer no2) {
        return AqiValue.newBuilder().setScope("station").setDeviceId(device).setCommune("16681")
                .setPeriod(AqiPeriod.HOUR).setPeriodStart(Instant.ofEpochMilli(hour)).setAqi(aqi)
                .setCategory("MODERATE").setDominant("x").setCapped(false).setPm25(pm25).setPm10(pm10)
                .setO31h(o3).setNo2(no2).setStations(1).build();
    }

    private static AqiValue dayValue(String device, int aqi, int pm25, int no2) {
        return AqiValue.newBuilder().setScope("station").setDeviceId(device).setCommune("16681")
                .setPeriod(AqiPeriod.DAY).setPeriodStart(Instant.ofEpochMilli(DAY)).setAqi(aqi)
                .setCategory("POOR").setDominant("pm2_5").setCapped(false).setPm25(pm25).setNo2(no2)
                .setStations(1).build();
    }

    private static Reading reading(String device, String metric, long millis, double value) {
        return Reading.newBuilder().setDeviceId(device).setMetric(metric).setTime(Instant.ofEpochMilli(millis))
                .setValue(value).setUnit("ug/m3").setCommune("16681").setGateway("gw-01").setIngestProtocol("mqtt")
                .setIngestTime(Instant.ofEpochMilli(millis)).setKind("ENV").build();
    }

    private static HourlyMean mean(String device, String metric, long hourStart, double mean) {
        return new HourlyMean(device, metric, hourStart, mean, 60, "16681", "gw-01", "ENV");
    }

    private static List<Reading> readings(ConcurrentLinkedQueue<StreamRecord<Reading>> records) {
        return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
    }

    private static void sendReading(KeyedOneInputStreamOperatorTestHarness<?, Reading, ?> harness, Reading reading)
            throws Exception {
        harness.processElement(new StreamRecord<>(reading, reading.getTime().toEpochMilli()));
    }

    /** As the window sends it: stamped with the hour's last millisecond. */
    private static void sendMean(KeyedOneInputStreamOperatorTestHarness<?, HourlyMean, ?> harness, HourlyMean mean)
            throws Exception {
        harness.processElement(new StreamRecord<>(mean, mean.hourStart + HOUR - 1));
    }

    /** As the station operator sends it: stamped with the period's last millisecond. */
    private static void sendValue(KeyedOneInputStreamOperatorTestHarness<?, AqiValue, ?> harness, AqiValue value)
            throws Exception {
        harness.processElement(new StreamRecord<>(value, CommuneAqiFunction.periodEnd(value) - 1));
    }

    private static KeyedOneInputStreamOperatorTestHarness<SeriesKey, Reading, HourlyMean> meanHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(operator("aqi-hourly-mean", LATENESS), SeriesKey::of,
                TypeInformation.of(SeriesKey.class));
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, HourlyMean, AqiValue> stationHarness()
            throws Exception {
        return stationHarness(LATENESS);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, HourlyMean, AqiValue> stationHarness(
            Duration lateness) throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(operator("aqi-station", lateness), HourlyMean::station,
                Types.STRING);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, AqiValue, AqiValue> communeHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(operator("aqi-commune", LATENESS), AqiValue::getCommune,
                Types.STRING);
    }

    @SuppressWarnings("unchecked")
    private static <OUT> StreamOperatorFactory<OUT> operator(String uid, Duration lateness) {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        AirQuality.addTo(env.fromData(new AvroTypeInfo<>(Reading.class), reading(STATION, "pm2_5", DAY, 1)),
                lateness);
        for (Transformation<?> transformation : env.getTransformations()) {
            if (uid.equals(transformation.getUid())) {
                return (StreamOperatorFactory<OUT>) ((OneInputTransformation<?, OUT>) transformation).getOperatorFactory();
            }
        }
        throw new AssertionError("no operator with uid " + uid);
    }
}
