package org.iocstream.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Simulated time during a live run: {@code simulatedStart + (clock time since wallStart) × speed}, so a clock
 * that moves 10 s at speed 60 moves the simulation 10 minutes.
 */
record SimulatedTime(Clock clock, double speed, Instant simulatedStart, Instant wallStart) {

    SimulatedTime {
        if (!(speed > 0) || Double.isInfinite(speed)) {
            throw new IllegalArgumentException("speed must be a positive finite factor, got " + speed);
        }
    }

    /** The first whole epoch second at or after the instant. */
    static long firstSecondAtOrAfter(Instant instant) {
        return instant.getNano() == 0 ? instant.getEpochSecond() : instant.getEpochSecond() + 1;
    }

    /** Starts simulated time at {@code simulatedStart} now, by the clock. */
    static SimulatedTime startingNow(Clock clock, double speed, Instant simulatedStart) {
        return new SimulatedTime(clock, speed, simulatedStart, clock.instant());
    }

    /** The last whole epoch second simulated time has reached. */
    long currentSecond() {
        long elapsedNanos = Duration.between(wallStart, clock.instant()).toNanos();
        return simulatedStart.plusNanos((long) (elapsedNanos * speed)).getEpochSecond();
    }

    /** Clock nanoseconds from now until simulated time reaches the epoch second; 0 if it already has. */
    long nanosUntil(long epochSecond) {
        long simulatedNanos = Duration.between(simulatedStart, Instant.ofEpochSecond(epochSecond)).toNanos();
        long elapsedNanos = Duration.between(wallStart, clock.instant()).toNanos();
        return Math.max(0, (long) Math.ceil(simulatedNanos / speed) - elapsedNanos);
    }
}
