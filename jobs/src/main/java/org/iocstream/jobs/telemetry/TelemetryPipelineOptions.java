package org.iocstream.jobs.telemetry;

import java.time.Duration;
import java.util.List;

/**
 * What shapes the telemetry pipeline's event time and windows. Values only: the job main or the runner reads
 * configuration and passes them in.
 *
 * @param maxOutOfOrderness how far behind the newest reading a reading may arrive and still be on time
 * @param allowedLateness how long after a window has fired a late reading still updates it (the window fires
 *     again and its store row is rewritten); later readings go to the late side output
 * @param sourceIdleness after how long without data a Kafka partition stops holding the watermark back
 * @param windowSizes the tumbling window lengths, one store table each (10 s, 1 min and 5 min by default)
 */
public record TelemetryPipelineOptions(Duration maxOutOfOrderness, Duration allowedLateness, Duration sourceIdleness,
        List<Duration> windowSizes) {

    public static final List<Duration> DEFAULT_WINDOWS = List.of(Duration.ofSeconds(10), Duration.ofMinutes(1),
            Duration.ofMinutes(5));

    public TelemetryPipelineOptions {
        if (maxOutOfOrderness.isNegative()) {
            throw new IllegalArgumentException("maxOutOfOrderness must not be negative: " + maxOutOfOrderness);
        }
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowedLateness must not be negative: " + allowedLateness);
        }
        if (sourceIdleness.isNegative() || sourceIdleness.isZero()) {
            throw new IllegalArgumentException("sourceIdleness must be positive: " + sourceIdleness);
        }
        if (windowSizes.isEmpty()) {
            throw new IllegalArgumentException("at least one window size is needed");
        }
        windowSizes = List.copyOf(windowSizes);
    }
}
