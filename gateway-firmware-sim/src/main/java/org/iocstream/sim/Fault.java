package org.iocstream.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One fault of a scenario: its type, the span [at, at + duration) it lasts, where it strikes, and its
 * parameters. {@code rate} is the share of messages hit, for faults that hit messages; {@code skew} is for
 * {@link FaultType#CLOCK_SKEW}; {@code storeAndForward} for {@link FaultType#GATEWAY_OFFLINE}.
 */
public record Fault(FaultType type, Instant at, Duration duration, Selection where, double rate, Duration skew,
        boolean storeAndForward) {

    public Fault {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(where, "where");
        Objects.requireNonNull(skew, "skew");
        if (at.getNano() != 0 || duration.getNano() != 0 || skew.getNano() != 0) {
            throw new IllegalArgumentException(type.fileName() + ": times must be whole seconds");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(type.fileName() + ": duration must be positive, got " + duration);
        }
        if (!(rate > 0 && rate <= 1)) {
            throw new IllegalArgumentException(type.fileName() + ": rate must be in (0, 1], got " + rate);
        }
    }

    /** Whether the fault lasts at this epoch second. */
    public boolean activeAt(long epochSecond) {
        return epochSecond >= at.getEpochSecond() && epochSecond < endSecond();
    }

    /** The first epoch second after the fault. */
    public long endSecond() {
        return at.getEpochSecond() + duration.getSeconds();
    }
}
