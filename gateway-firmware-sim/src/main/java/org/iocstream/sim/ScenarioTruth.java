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
    private long messagesSent;
    private long readingsSent;
    private long readingsAccepted;

    private ScenarioTruth(GatewayFirmware firmware, Instant from, Instant to, Duration maxOutOfOrderness,
            Duration allowedLateness, List<Duration> windowSizes) {
        this.firmware = firmware;
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
                windowSizes);
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
        alerts.sort(Comparator.comparing(ExpectedAlert::raisedAt).thenComparing(ExpectedAlert::rule)
                .thenComparing(ExpectedAlert::subject));
    }

    private void remember(Reading reading) {
        Map<String, Double> report = reports.computeIfAbsent(reading.device().id(), any -> new TreeMap<>())
                .computeIfAbsent(reading.time().getEpochSecond(), any -> new HashMap<>(4));
        List<String> watched = AlertRules.WATCHED.get(reading.device().kind());
        if (watched != null && watched.contains(reading.metric().name())) {
            report.put(reading.metric().name(), reading.value());
        }
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
     * silent in schedule, device offline) and gateway offline, over what was delivered, by raise time.
     */
    public List<ExpectedAlert> alerts() {
        return List.copyOf(alerts);
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
