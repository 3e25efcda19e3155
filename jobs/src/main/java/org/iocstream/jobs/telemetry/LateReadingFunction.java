package org.iocstream.jobs.telemetry;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.metrics.Counter;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.WireCodec;

/**
 * Turns a reading that arrived after its window was closed for good (its allowed lateness had passed) into a dead
 * letter that keeps the whole reading, and counts it (metric {@code lateReadings} of the operator), so late data
 * is visible and never silently dropped.
 */
public final class LateReadingFunction extends RichMapFunction<Reading, DeadLetter> {

    /** Dead-letter reason for a reading that arrived after its window was closed for good. */
    public static final String LATE_READING = "LATE_READING";

    private final Duration windowSize;
    private transient WireCodec<Reading> codec;
    private transient Counter lateReadings;

    public LateReadingFunction(Duration windowSize) {
        this.windowSize = windowSize;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = WireCodec.of(Reading.class);
        lateReadings = getRuntimeContext().getMetricGroup().counter("lateReadings");
    }

    @Override
    public DeadLetter map(Reading reading) {
        lateReadings.inc();
        long size = windowSize.toMillis();
        long time = reading.getTime().toEpochMilli();
        Instant windowStart = Instant.ofEpochMilli(time - Math.floorMod(time, size));
        return DeadLetter.newBuilder()
                .setReasonCode(LATE_READING)
                .setMessage("reading " + reading.getDeviceId() + ":" + reading.getMetric() + " at " + reading.getTime()
                        + " arrived after its " + windowSize.toSeconds() + " s window starting " + windowStart
                        + " had closed and its allowed lateness had passed; it is kept here and not aggregated")
                .setProtocol("job")
                .setSource("telemetry-pipeline/window-" + windowSize.toSeconds() + "s")
                .setCommune(reading.getCommune())
                .setGateway(reading.getGateway())
                .setReceivedAt(reading.getIngestTime())
                .setPayload(ByteBuffer.wrap(codec.encode(reading)))
                .build();
    }
}
