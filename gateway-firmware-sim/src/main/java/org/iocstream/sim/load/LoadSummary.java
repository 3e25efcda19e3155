package org.iocstream.sim.load;

import java.time.Duration;
import java.time.Instant;

/**
 * What a {@link LoadDriver} run achieved. Rates are readings acknowledged per second of sending time (connecting
 * excluded). Heap and threads are the peaks sampled with the progress line, for the whole JVM.
 */
public record LoadSummary(int gateways, int connectedAtEnd, Duration connectTime, Duration sendTime,
        long messagesSent, long readingsSent, long messagesAcked, long readingsAcked, long messagesFailed,
        Instant simulatedFrom, Instant simulatedReached, long peakHeapUsedBytes, int peakLiveThreads) {

    /** Readings acknowledged per second of sending time. */
    public double readingsPerSecond() {
        double seconds = sendTime.toNanos() / 1e9;
        return seconds > 0 ? readingsAcked / seconds : 0;
    }

    /** Messages acknowledged per second of sending time. */
    public double messagesPerSecond() {
        double seconds = sendTime.toNanos() / 1e9;
        return seconds > 0 ? messagesAcked / seconds : 0;
    }

    /** Whether every message sent was acknowledged. */
    public boolean allAcknowledged() {
        return messagesFailed == 0 && messagesAcked == messagesSent;
    }
}
