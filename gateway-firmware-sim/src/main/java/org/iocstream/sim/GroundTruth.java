package org.iocstream.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The aggregates a pipeline must compute from the simulated readings, derived directly from the
 * {@link SignalModel} with plain loops and no code shared with any pipeline.
 *
 * <p>Spans are half-open, [from, to). For {@link #windows} both ends must be aligned to the window size, so
 * that every window listed lies wholly inside the span and is exact; an unaligned span is refused rather than
 * answered with partial windows that a pipeline would never emit.
 */
public final class GroundTruth {

    private GroundTruth() {
    }

    /**
     * Every (device, numeric metric, window) with at least one reading in [from, to), windows aligned to the
     * epoch (start = t - t mod size). Text readings (fault, event, program) have no window: a pipeline
     * aggregates numbers only. Ordered by gateway, device, metric (each in fleet order), then window start.
     *
     * @throws IllegalArgumentException if the size is not a positive whole number of seconds, or from or to
     *     is not a multiple of it, or to is before from
     */
    public static List<ExpectedWindow> windows(Fleet fleet, SignalModel signals, Duration windowSize, Instant from,
            Instant to) {
        long size = requireWholeSeconds(windowSize);
        requireAligned(from, size, "from");
        requireAligned(to, size, "to");
        requireOrdered(from, to);
        List<ExpectedWindow> windows = new ArrayList<>();
        for (Gateway gateway : fleet.gateways()) {
            for (Device device : gateway.devices()) {
                for (Metric metric : device.metrics()) {
                    if (!metric.numeric()) {
                        continue;
                    }
                    for (long start = from.getEpochSecond(); start < to.getEpochSecond(); start += size) {
                        ExpectedWindow window = window(signals, gateway, device, metric, start, size);
                        if (window != null) {
                            windows.add(window);
                        }
                    }
                }
            }
        }
        return windows;
    }

    /**
     * How many readings the fleet reports in [from, to), text readings included; any instants, aligned or not.
     * Which reports carry a camera event does not depend on the seed, so no {@link SignalModel} is needed.
     */
    public static long readingCount(Fleet fleet, Instant from, Instant to) {
        requireOrdered(from, to);
        long readings = 0;
        for (Gateway gateway : fleet.gateways()) {
            for (Device device : gateway.devices()) {
                long interval = device.kind().intervalSeconds();
                for (long t = device.kind().nextReportAtOrAfter(firstSecond(from)); t < firstSecond(to);
                        t += interval) {
                    for (Metric metric : device.metrics()) {
                        if (SignalModel.reportedAt(device, metric, t)) {
                            readings++;
                        }
                    }
                }
            }
        }
        return readings;
    }

    /** How many telemetry messages the fleet publishes in [from, to): one per gateway per instant with a reading. */
    public static long messageCount(Fleet fleet, Instant from, Instant to) {
        requireOrdered(from, to);
        long messages = 0;
        for (Gateway gateway : fleet.gateways()) {
            Set<DeviceKind> kinds = EnumSet.noneOf(DeviceKind.class);
            for (Device device : gateway.devices()) {
                kinds.add(device.kind());
            }
            for (long t = firstSecond(from); t < firstSecond(to); t++) {
                long second = t;
                if (kinds.stream().anyMatch(kind -> kind.reportsAt(second))) {
                    messages++;
                }
            }
        }
        return messages;
    }

    /** The window of one series starting at {@code start}, or null when the device reports nothing in it. */
    private static ExpectedWindow window(SignalModel signals, Gateway gateway, Device device, Metric metric,
            long start, long size) {
        long interval = device.kind().intervalSeconds();
        long count = 0;
        double min = 0;
        double max = 0;
        double sum = 0;
        double first = 0;
        double last = 0;
        for (long t = device.kind().nextReportAtOrAfter(start); t < start + size; t += interval) {
            double value = signals.value(device, metric.name(), Instant.ofEpochSecond(t));
            if (count == 0) {
                min = value;
                max = value;
                first = value;
            } else {
                min = Math.min(min, value);
                max = Math.max(max, value);
            }
            last = value;
            sum += value;
            count++;
        }
        if (count == 0) {
            return null;
        }
        return new ExpectedWindow(device.id(), metric.name(), metric.unit(), gateway.commune().code(), gateway.name(),
                Instant.ofEpochSecond(start), count, min, max, sum, sum / count, first, last);
    }

    private static long firstSecond(Instant instant) {
        return SimulatedTime.firstSecondAtOrAfter(instant);
    }

    private static long requireWholeSeconds(Duration windowSize) {
        if (windowSize.isNegative() || windowSize.isZero() || windowSize.getNano() != 0) {
            throw new IllegalArgumentException("window size must be a positive whole number of seconds, got "
                    + windowSize);
        }
        return windowSize.getSeconds();
    }

    private static void requireAligned(Instant instant, long size, String name) {
        if (instant.getNano() != 0 || Math.floorMod(instant.getEpochSecond(), size) != 0) {
            throw new IllegalArgumentException(name + " = " + instant + " is not aligned to the window size of "
                    + size + " s; ground-truth windows are exact only for spans made of whole windows");
        }
    }

    private static void requireOrdered(Instant from, Instant to) {
        if (to.isBefore(from)) {
            throw new IllegalArgumentException("to = " + to + " is before from = " + from);
        }
    }
}
