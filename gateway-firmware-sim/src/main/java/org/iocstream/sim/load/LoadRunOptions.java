package org.iocstream.sim.load;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a {@link LoadDriver} run does.
 *
 * @param readingsPerSecond target rate of readings sent, over all gateways; {@code 0} sends as fast as the
 *     gateways' in-flight windows allow, that is as fast as the broker acknowledges
 * @param duration wall-clock time to send for; the run also ends at {@code simulatedTo}
 * @param simulatedFrom the first simulated instant whose readings are sent; simulated time then advances instant
 *     by instant as fast as the rate needs, independent of wall-clock time
 * @param simulatedTo the end (exclusive) of the simulated span, or null to send until {@code duration} is over
 * @param progressInterval how often the progress line is printed
 * @param drainTimeout how long to wait, after sending, for the acknowledgements still outstanding
 */
public record LoadRunOptions(double readingsPerSecond, Duration duration, Instant simulatedFrom, Instant simulatedTo,
        Duration progressInterval, Duration drainTimeout) {

    public LoadRunOptions {
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(simulatedFrom, "simulatedFrom");
        Objects.requireNonNull(progressInterval, "progressInterval");
        Objects.requireNonNull(drainTimeout, "drainTimeout");
        if (!(readingsPerSecond >= 0) || Double.isInfinite(readingsPerSecond)) {
            throw new IllegalArgumentException("readingsPerSecond must be 0 (unpaced) or a positive finite rate, got "
                    + readingsPerSecond);
        }
        if (duration.isNegative() || duration.isZero() || progressInterval.isNegative() || progressInterval.isZero()) {
            throw new IllegalArgumentException("duration and progress interval must be positive");
        }
        if (simulatedTo != null && !simulatedTo.isAfter(simulatedFrom)) {
            throw new IllegalArgumentException("simulatedTo " + simulatedTo + " is not after simulatedFrom "
                    + simulatedFrom);
        }
    }

    /** Sends at {@code readingsPerSecond} for {@code duration}, from {@code simulatedFrom} on; progress every second. */
    public static LoadRunOptions paced(double readingsPerSecond, Duration duration, Instant simulatedFrom) {
        return new LoadRunOptions(readingsPerSecond, duration, simulatedFrom, null, Duration.ofSeconds(1),
                Duration.ofSeconds(30));
    }

    /** Sends exactly the span [from, to) as fast as acknowledged, giving up after {@code timeout}. */
    public static LoadRunOptions span(Instant from, Instant to, Duration timeout) {
        return new LoadRunOptions(0, timeout, from, to, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }
}
