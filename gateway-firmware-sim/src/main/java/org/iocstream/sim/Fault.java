package org.iocstream.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One fault of a scenario: its type, the span [at, at + duration) it lasts, where it strikes, and its
 * parameters. {@code rate} is the share of messages hit, for faults that hit messages; {@code skew} is for
 * {@link FaultType#CLOCK_SKEW}; {@code storeAndForward} for {@link FaultType#GATEWAY_OFFLINE}; {@code magnitude}
 * is the factor of a {@link FaultType#POLLUTION_EPISODE} and the rise (cm) of a {@link FaultType#FLOOD_RISE}.
 */
public record Fault(FaultType type, Instant at, Duration duration, Selection where, double rate, Duration skew,
        boolean storeAndForward, double magnitude) {

    /** A pollution episode multiplies particulates by this unless the scenario says otherwise. */
    public static final double DEFAULT_POLLUTION_FACTOR = 4;
    /** A flood raises river stations by this many cm unless the scenario says otherwise. */
    public static final double DEFAULT_FLOOD_RISE_CM = 300;

    /** A fault with its type's default magnitude. */
    public Fault(FaultType type, Instant at, Duration duration, Selection where, double rate, Duration skew,
            boolean storeAndForward) {
        this(type, at, duration, where, rate, skew, storeAndForward, defaultMagnitude(type));
    }

    /** The magnitude a fault of this type has when the scenario gives none; 0 where it means nothing. */
    public static double defaultMagnitude(FaultType type) {
        return switch (type) {
            case POLLUTION_EPISODE -> DEFAULT_POLLUTION_FACTOR;
            case FLOOD_RISE -> DEFAULT_FLOOD_RISE_CM;
            default -> 0;
        };
    }

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
        if (type == FaultType.POLLUTION_EPISODE && !(magnitude >= 1 && magnitude <= 20)) {
            throw new IllegalArgumentException("pollution-episode: factor must be 1 to 20, got " + magnitude);
        }
        if (type == FaultType.FLOOD_RISE && !(magnitude > 0 && magnitude <= 1500)) {
            throw new IllegalArgumentException("flood-rise: rise must be 0 to 1500 cm, got " + magnitude);
        }
    }

    /** Whether the fault lasts at this epoch second. */
    public boolean activeAt(long epochSecond) {
        return epochSecond >= at.getEpochSecond() && epochSecond < endSecond();
    }

    /**
     * How far a rise has come at this second: up linearly over the first third of the fault, 1 in the second,
     * down over the last; 0 outside the fault.
     */
    public double riseAt(long epochSecond) {
        if (!activeAt(epochSecond)) {
            return 0;
        }
        double third = duration.getSeconds() / 3.0;
        double elapsed = epochSecond - at.getEpochSecond();
        return Math.min(1, Math.min(elapsed / third, (endSecond() - epochSecond) / third));
    }

    /** The first epoch second after the fault. */
    public long endSecond() {
        return at.getEpochSecond() + duration.getSeconds();
    }
}
