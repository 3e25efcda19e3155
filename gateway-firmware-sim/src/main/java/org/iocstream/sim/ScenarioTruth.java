package org.iocstream.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;

/**
 * What a correct ingest and pipeline must make of everything a firmware sends in [from, to) under its scenario,
 * replayed message by message in sending order with plain loops and no code shared with any pipeline:
 * readings accepted and refused (the dead letters, one for one), lost on purpose, sent late, sent twice, and
 * the exact window aggregates.
 *
 * <p>Lateness follows the pipeline's event-time contract: when a message arrives, the watermark trails the
 * newest reading accepted before it by {@code maxOutOfOrderness}; a reading whose window of size S ends at or
 * before the watermark is late for it, but still counts in it (its row is rewritten) while the window's end plus
 * {@code allowedLateness} is after the watermark; later than that it is too late (a {@code LATE_READING} dead
 * letter) and counts in no window of that size. That is the watermark a pipeline reaches once it has taken in everything sent before the message,
 * which holds in a live run and in a test that lets the pipeline catch up before late data arrives.
 */
public final class ScenarioTruth {

    private static final long HOUR_SECONDS = 3600;

    private final GatewayFirmware firmware;
    private final Instant from;
    private final Instant to;
    private final Duration maxOutOfOrderness;
    private final Duration allowedLateness;
    private final List<Duration> windowSizes;
    private final Map<Duration, Map<WindowKey, Accumulator>> windows = new LinkedHashMap<>();
    private final Map<Duration, List<Reading>> tooLate = new LinkedHashMap<>();
    private final List<DelayedReading> delayed = new ArrayList<>();
    private final List<GatewayFirmware.LostReading> lost = new ArrayList<>();
    private final List<DelayedReading> duplicates = new ArrayList<>();
    private final List<ExpectedDeadLetter> deadLetters = new ArrayList<>();
    /** Each device's first delivered report at each time: the metrics the alert rules watch. */
    private final Map<String, NavigableMap<Long, Map<String, Double>>> reports = new HashMap<>();
    private final List<ExpectedAlert> alerts = new ArrayList<>();
    private final Map<String, FloodLevels> floodLevels;
    /** Per ENV station, metric and hour start (epoch second): the sum and count of the readings in time for it. */
    private final Map<String, Map<String, TreeMap<Long, double[]>>> pollutantHours = new HashMap<>();
    /** Per river station with flood levels: its first delivered water level at each time. */
    private final Map<String, TreeMap<Long, Double>> waterLevels = new HashMap<>();
    private final List<ExpectedAqi> hourlyAqi = new ArrayList<>();
    private final List<ExpectedMean> pm25Means24h = new ArrayList<>();
    private final Map<ExpectedAlert, List<String>> severities = new HashMap<>();
    private long messagesSent;
    private long readingsSent;
    private long readingsAccepted;

    private ScenarioTruth(GatewayFirmware firmware, Instant from, Instant to, Duration maxOutOfOrderness,
            Duration allowedLateness, List<Duration> windowSizes, Map<String, FloodLevels> floodLevels) {
        this.firmware = firmware;
        this.floodLevels = Map.copyOf(floodLevels);
        this.from = from;
        this.to = to;
        this.maxOutOfOrderness = maxOutOfOrderness;
        this.allowedLateness = allowedLateness;
        this.windowSizes = List.copyOf(windowSizes);
    }

    /** A reading sent later than it was measured, or a second time: when it went out and why. */
    public record DelayedReading(Reading reading, long sendSecond, PlannedMessage.Dispatch dispatch) {
    }

    /**
     * The truth of everything sent in [from, to) (whole seconds), for a pipeline with this bounded disorder, this
     * allowed lateness and these tumbling window sizes (whole seconds, windows aligned to the epoch).
     */
    public static ScenarioTruth of(GatewayFirmware firmware, Instant from, Instant to, Duration maxOutOfOrderness,
            Duration allowedLateness, List<Duration> windowSizes) {
        return of(firmware, from, to, maxOutOfOrderness, allowedLateness, windowSizes, Map.of());
    }

    /**
     * The same truth, with the {@code flood-water-level} episodes of the river stations given their three levels
     * (station id → levels) among {@link #alerts()}.
     */
    public static ScenarioTruth of(GatewayFirmware firmware, Instant from, Instant to, Duration maxOutOfOrderness,
            Duration allowedLateness, List<Duration> windowSizes, Map<String, FloodLevels> floodLevels) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to = " + to + " is before from = " + from);
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative, got " + allowedLateness);
        }
        for (Duration size : windowSizes) {
            if (size.isNegative() || size.isZero() || size.getNano() != 0) {
                throw new IllegalArgumentException("window sizes must be positive whole seconds, got " + size);
            }
        }
        ScenarioTruth truth = new ScenarioTruth(firmware, from, to, maxOutOfOrderness, allowedLateness,
                windowSizes, floodLevels);
        truth.replay();
        return truth;
    }

    private void replay() {
        for (Duration size : windowSizes) {
            windows.put(size, new HashMap<>());
            tooLate.put(size, new ArrayList<>());
        }
        Set<ReadingIdentity> seen = new HashSet<>();
        long newestMillis = Long.MIN_VALUE;
        long start = SimulatedTime.firstSecondAtOrAfter(from);
        long end = SimulatedTime.firstSecondAtOrAfter(to);
        Map<Gateway, Long> cutOff = new LinkedHashMap<>();
        for (long second = start; second < end; second++) {
            for (Gateway gateway : firmware.cutOffAt(second)) {
                cutOff.put(gateway, second);
            }
            for (Gateway gateway : firmware.restoredAt(second)) {
                Long since = cutOff.remove(gateway);
                if (since != null) {
                    alerts.add(AlertRules.gatewayOffline(gateway, since, second));
                }
            }
            lost.addAll(firmware.lostAt(second));
            for (PlannedMessage message : firmware.messagesAt(second)) {
                messagesSent++;
                readingsSent += message.message().readings().size();
                deadLetters.addAll(message.deadLetters());
                long watermarkMillis = newestMillis == Long.MIN_VALUE ? Long.MIN_VALUE
                        : newestMillis - maxOutOfOrderness.toMillis();
                for (Reading reading : message.acceptedReadings()) {
                    readingsAccepted++;
                    newestMillis = Math.max(newestMillis, reading.time().toEpochMilli());
                    if (message.sendSecond() > message.measuredSecond()
                            && message.dispatch() != PlannedMessage.Dispatch.DUPLICATE) {
                        delayed.add(new DelayedReading(reading, message.sendSecond(), message.dispatch()));
                    }
                    if (!seen.add(ReadingIdentity.of(reading))) {
                        duplicates.add(new DelayedReading(reading, message.sendSecond(), message.dispatch()));
                        continue;
                    }
                    aggregate(reading, watermarkMillis);
                    remember(reading);
                    rememberAirAndWater(reading, watermarkMillis);
                }
            }
        }
        cutOff.forEach((gateway, since) -> alerts.add(AlertRules.gatewayOffline(gateway, since, null)));
        for (Gateway gateway : firmware.fleet().gateways()) {
            for (Device device : gateway.devices()) {
                alerts.addAll(AlertRules.deviceEpisodes(device, reports.getOrDefault(device.id(), new TreeMap<>()),
                        start, end));
            }
        }
        airQualityAndFloodEpisodes(end);
        alerts.sort(Comparator.comparing(ExpectedAlert::raisedAt).thenComparing(ExpectedAlert::rule)
                .thenComparing(ExpectedAlert::subject));
    }

    private void remember(Reading reading) {
        ExpectedAlert event = AlertRules.cameraEvent(reading);
        if (event != null) {
            alerts.add(event);
        }
        Map<String, Double> report = reports.computeIfAbsent(reading.device().id(), any -> new TreeMap<>())
                .computeIfAbsent(reading.time().getEpochSecond(), any -> new HashMap<>(4));
        List<String> watched = AlertRules.WATCHED.get(reading.device().kind());
        if (watched != null && watched.contains(reading.metric().name())) {
            report.put(reading.metric().name(), reading.value());
        }
    }

    /**
     * Pollutant readings of ENV stations go into their hour (unless too late for an hour window, as in
     * {@link #aggregate}); water levels of stations with flood levels into their series.
     */
    private void rememberAirAndWater(Reading reading, long watermarkMillis) {
        Device device = reading.device();
        String metric = reading.metric().name();
        long second = reading.time().getEpochSecond();
        if (device.kind() == DeviceKind.ENV && AqiTruth.POLLUTANTS.contains(metric)) {
            long hour = second - Math.floorMod(second, HOUR_SECONDS);
            if (watermarkMillis != Long.MIN_VALUE
                    && (hour + HOUR_SECONDS) * 1000 + allowedLateness.toMillis() <= watermarkMillis) {
                return; // the hour's mean is final: the pipeline's hour window drops it
            }
            double[] sumAndCount = pollutantHours.computeIfAbsent(device.id(), any -> new HashMap<>())
                    .computeIfAbsent(metric, any -> new TreeMap<>())
                    .computeIfAbsent(hour, any -> new double[2]);
            sumAndCount[0] += reading.value();
            sumAndCount[1]++;
        } else if (metric.equals(DeviceKind.WATER_LEVEL.name()) && floodLevels.containsKey(device.id())) {
            waterLevels.computeIfAbsent(device.id(), any -> new TreeMap<>()).putIfAbsent(second, reading.value());
        }
    }

    /**
     * The hourly AQI of every ENV station for each whole hour of the span in which it delivered a pollutant reading
     * (stamped at the hour's start, as the {@code aqi_hourly} series), the {@code aqi-hourly} episodes over it, and
     * the {@code flood-water-level} episodes of the stations with flood levels.
     */
    private void airQualityAndFloodEpisodes(long endSecond) {
        for (Gateway gateway : firmware.fleet().gateways()) {
            for (Device device : gateway.devices()) {
                Map<String, TreeMap<Long, double[]>> hours = pollutantHours.get(device.id());
                if (hours != null) {
                    TreeMap<Long, Double> series = new TreeMap<>();
                    for (long hour : stationHours(hours, endSecond)) {
                        Map<String, double[]> means = new HashMap<>();
                        for (Map.Entry<String, TreeMap<Long, double[]>> metric : hours.entrySet()) {
                            double[] last12 = new double[12];
                            for (int i = 0; i < 12; i++) {
                                double[] sumAndCount = metric.getValue().get(hour - i * HOUR_SECONDS);
                                last12[i] = sumAndCount == null ? Double.NaN : sumAndCount[0] / sumAndCount[1];
                            }
                            means.put(metric.getKey(), last12);
                        }
                        Integer aqi = AqiTruth.hourly(means);
                        if (aqi != null) {
                            series.put(hour, (double) aqi);
                            hourlyAqi.add(new ExpectedAqi(device.id(), device.commune().code(),
                                    Instant.ofEpochSecond(hour), aqi));
                        }
                    }
                    addThresholdEpisodes(ThresholdEpisodes.AQI_HOURLY, device, series);
                    addThresholdEpisodes(ThresholdEpisodes.PM25_24H, device,
                            pm25Means24h(device, hours.getOrDefault("pm2_5", new TreeMap<>()), endSecond));
                }
                FloodLevels levels = floodLevels.get(device.id());
                if (levels != null) {
                    addThresholdEpisodes(ThresholdEpisodes.flood(levels), device,
                            waterLevels.getOrDefault(device.id(), new TreeMap<>()));
                }
            }
        }
    }

    /**
     * The PM2.5 24-h mean of a station at each hour ending by the end of the span in which it has a PM2.5 mean of
     * its own, where 18 of the hour and the 23 before it have one, stamped at the hour's start (the
     * {@code pm25_24h} series); each also goes to {@link #pm25Means24h()}.
     */
    private TreeMap<Long, Double> pm25Means24h(Device device, TreeMap<Long, double[]> pm25Hours, long endSecond) {
        TreeMap<Long, Double> series = new TreeMap<>();
        for (long hour : pm25Hours.keySet()) {
            if (hour + HOUR_SECONDS > endSecond) {
                continue;
            }
            double[] oldestFirst = new double[24];
            for (int i = 0; i < 24; i++) {
                double[] sumAndCount = pm25Hours.get(hour - (23 - i) * HOUR_SECONDS);
                oldestFirst[i] = sumAndCount == null ? Double.NaN : sumAndCount[0] / sumAndCount[1];
            }
            Double mean = AqiTruth.twentyFourHourMean(oldestFirst);
            if (mean != null) {
                series.put(hour, mean);
                pm25Means24h.add(new ExpectedMean(device.id(), device.commune().code(), Instant.ofEpochSecond(hour),
                        mean));
            }
        }
        return series;
    }

    private void addThresholdEpisodes(ThresholdEpisodes.Rule rule, Device device, TreeMap<Long, Double> series) {
        for (ThresholdEpisodes.Episode episode : ThresholdEpisodes.episodesWithSeverities(rule, device.id(),
                device.commune().code(), series)) {
            alerts.add(episode.alert());
            severities.put(episode.alert(), episode.severities());
        }
    }

    /** The hours (start, epoch second) ending by the end of the span in which the station has any pollutant mean. */
    private static List<Long> stationHours(Map<String, TreeMap<Long, double[]>> hours, long endSecond) {
        TreeMap<Long, Boolean> any = new TreeMap<>();
        for (TreeMap<Long, double[]> byHour : hours.values()) {
            for (Long hour : byHour.keySet()) {
                if (hour + HOUR_SECONDS <= endSecond) {
                    any.put(hour, true);
                }
            }
        }
        return List.copyOf(any.keySet());
    }

    private void aggregate(Reading reading, long watermarkMillis) {
        if (!reading.metric().numeric()) {
            return; // text readings are stored as readings but never aggregated into windows
        }
        long millis = reading.time().toEpochMilli();
        for (Duration size : windowSizes) {
            long sizeMillis = size.toMillis();
            long start = millis - Math.floorMod(millis, sizeMillis);
            if (watermarkMillis != Long.MIN_VALUE && start + sizeMillis + allowedLateness.toMillis() <= watermarkMillis) {
                tooLate.get(size).add(reading);
            } else {
                windows.get(size).computeIfAbsent(new WindowKey(reading.device().id(), reading.metric().name(), start),
                        key -> new Accumulator()).add(reading);
            }
        }
    }

    /**
     * The aggregates of every (device, metric, window) that received at least one reading in time, in device id,
     * metric and window order. A window some of whose readings came too late holds only those that came in time.
     */
    public List<ExpectedWindow> windows(Duration size) {
        return requireSize(windows, size).entrySet().stream()
                .sorted(Map.Entry.comparingByKey(WindowKey.ORDER))
                .map(entry -> entry.getValue().toWindow(entry.getKey()))
                .toList();
    }

    /**
     * Readings that arrived after their window of this size had closed and its allowed lateness had passed, in
     * arrival order.
     */
    public List<Reading> tooLate(Duration size) {
        return List.copyOf(requireSize(tooLate, size));
    }

    /** Readings accepted later than measured (store-and-forward backlog, held-back messages), in arrival order. */
    public List<DelayedReading> delayed() {
        return List.copyOf(delayed);
    }

    /** Readings accepted again after their first copy, in arrival order; the pipeline must count them once. */
    public List<DelayedReading> duplicates() {
        return List.copyOf(duplicates);
    }

    /** Readings never sent, on purpose: their device or gateway was down. */
    public List<GatewayFirmware.LostReading> lost() {
        return List.copyOf(lost);
    }

    /** The dead letters the ingest must produce, one per refused message and reason, in sending order. */
    public List<ExpectedDeadLetter> deadLetters() {
        return List.copyOf(deadLetters);
    }

    /**
     * The alert episodes of DOMAIN.md's device rules (lamp on by day, lamp dark at night, camera down, speaker
     * silent in schedule, device offline) and gateway offline, over what was delivered; {@code camera-event}, one
     * per delivered {@code accident} or {@code fire_smoke} reading (the first copy), raised at its time and still
     * active at the end of the span, since only an acknowledgement clears it; {@code aqi-hourly} (the
     * default levels) over each station's {@link #hourlyAqi()}, raised and cleared at hour starts; {@code pm25-24h}
     * (the default rule) over each station's {@link #pm25Means24h()}, likewise; and
     * {@code flood-water-level} for the stations given flood levels; by raise time. A threshold episode's severity is
     * the one it has at its end (when it clears, the one it had until then).
     */
    public List<ExpectedAlert> alerts() {
        return List.copyOf(alerts);
    }

    /**
     * The hourly VN_AQI of every ENV station for each whole hour of the span it delivered pollutants in and VN_AQI
     * gives a value (a PM sub-index), by station and hour: the {@code aqi_hourly} series the {@code aqi-hourly}
     * episodes among {@link #alerts()} are judged on.
     */
    public List<ExpectedAqi> hourlyAqi() {
        return hourlyAqi.stream().sorted(Comparator.comparing(ExpectedAqi::station)
                .thenComparing(ExpectedAqi::hourStart)).toList();
    }

    /**
     * The PM2.5 24-h mean (µg/m³) of every ENV station for each whole hour of the span it delivered PM2.5 in and
     * whose 24 hours (it and the 23 before) hold at least 18 hourly means, by station and hour: the
     * {@code pm25_24h} series the {@code pm25-24h} episodes among {@link #alerts()} are judged on.
     */
    public List<ExpectedMean> pm25Means24h() {
        return pm25Means24h.stream().sorted(Comparator.comparing(ExpectedMean::station)
                .thenComparing(ExpectedMean::hourStart)).toList();
    }

    /**
     * The severities an episode of {@link #alerts()} went through, in order, the one it was raised with first: more
     * than one for a threshold episode ({@code aqi-hourly}, {@code flood-water-level}) that escalated or
     * de-escalated; its own severity alone for any other rule.
     */
    public List<String> severities(ExpectedAlert alert) {
        if (!alerts.contains(alert)) {
            throw new IllegalArgumentException("not an episode of this truth: " + alert);
        }
        return severities.getOrDefault(alert, List.of(alert.severity()));
    }

    /** Telemetry messages sent, duplicates included. */
    public long messagesSent() {
        return messagesSent;
    }

    /** Readings in the messages sent, refused ones and duplicates included. */
    public long readingsSent() {
        return readingsSent;
    }

    /** Readings the ingest must put on Kafka: every reading sent except the refused ones (duplicates included). */
    public long readingsAccepted() {
        return readingsAccepted;
    }

    public GatewayFirmware firmware() {
        return firmware;
    }

    public Instant from() {
        return from;
    }

    public Instant to() {
        return to;
    }

    public Duration maxOutOfOrderness() {
        return maxOutOfOrderness;
    }

    public Duration allowedLateness() {
        return allowedLateness;
    }

    public List<Duration> windowSizes() {
        return windowSizes;
    }

    private static <T> T requireSize(Map<Duration, T> bySize, Duration size) {
        T value = bySize.get(size);
        if (value == null) {
            throw new IllegalArgumentException("the truth was computed for windows of " + bySize.keySet() + ", not "
                    + size);
        }
        return value;
    }

    /** (device, metric, time): what the pipeline deduplicates by. */
    private record ReadingIdentity(String deviceId, String metric, Instant time) {
        static ReadingIdentity of(Reading reading) {
            return new ReadingIdentity(reading.device().id(), reading.metric().name(), reading.time());
        }
    }

    private record WindowKey(String deviceId, String metric, long startMillis) {
        static final Comparator<WindowKey> ORDER = Comparator.comparing(WindowKey::deviceId)
                .thenComparing(WindowKey::metric)
                .thenComparingLong(WindowKey::startMillis);
    }

    /** Count, min, max, sum and the readings with the earliest and latest time. */
    private static final class Accumulator {
        private long count;
        private double min;
        private double max;
        private double sum;
        private Reading earliest;
        private Reading latest;

        void add(Reading reading) {
            double value = reading.value();
            if (count == 0) {
                min = value;
                max = value;
                earliest = reading;
                latest = reading;
            } else {
                min = Math.min(min, value);
                max = Math.max(max, value);
                if (reading.time().isBefore(earliest.time())) {
                    earliest = reading;
                }
                if (reading.time().isAfter(latest.time())) {
                    latest = reading;
                }
            }
            sum += value;
            count++;
        }

        ExpectedWindow toWindow(WindowKey key) {
            Device device = earliest.device();
            return new ExpectedWindow(key.deviceId, key.metric, earliest.metric().unit(), device.commune().code(),
                    device.gateway(), Instant.ofEpochMilli(key.startMillis), count, min, max, sum, sum / count,
                    earliest.value(), latest.value());
        }
    }
}
