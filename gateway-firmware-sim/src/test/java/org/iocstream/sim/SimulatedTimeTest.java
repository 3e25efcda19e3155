package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class SimulatedTimeTest {

    private static final Instant WALL_START = Instant.parse("2026-01-05T02:00:00Z");
    private static final Instant SIMULATED_START = Instant.parse("2025-11-25T00:30:00Z");

    @Test
    void atSpeedOneSimulatedTimeMovesWithTheClock() {
        SettableClock clock = new SettableClock(WALL_START);
        SimulatedTime time = SimulatedTime.startingNow(clock, 1, WALL_START);

        clock.advance(Duration.ofMillis(9_999));
        assertThat(time.currentSecond()).isEqualTo(WALL_START.getEpochSecond() + 9);
        assertThat(time.nanosUntil(WALL_START.getEpochSecond() + 10)).isEqualTo(Duration.ofMillis(1).toNanos());
    }

    @Test
    void atSpeedSixtyTenClockSecondsAreTenSimulatedMinutes() {
        SettableClock clock = new SettableClock(WALL_START);
        SimulatedTime time = SimulatedTime.startingNow(clock, 60, SIMULATED_START);

        assertThat(time.currentSecond()).isEqualTo(SIMULATED_START.getEpochSecond());
        assertThat(time.nanosUntil(SIMULATED_START.getEpochSecond() + 600)).isEqualTo(Duration.ofSeconds(10).toNanos());

        clock.advance(Duration.ofSeconds(10));
        assertThat(time.currentSecond()).isEqualTo(SIMULATED_START.getEpochSecond() + 600);
        assertThat(time.nanosUntil(SIMULATED_START.getEpochSecond() + 600)).isZero();
        assertThat(time.nanosUntil(SIMULATED_START.getEpochSecond() + 30)).isZero();
    }

    @Test
    void refusesSpeedsThatDoNotMoveForward() {
        Clock clock = Clock.fixed(WALL_START, ZoneOffset.UTC);

        assertThatThrownBy(() -> SimulatedTime.startingNow(clock, 0, SIMULATED_START))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulatedTime.startingNow(clock, Double.NaN, SIMULATED_START))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> SimulatedTime.startingNow(clock, Double.POSITIVE_INFINITY, SIMULATED_START))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** A clock the test moves by hand. */
    private static final class SettableClock extends Clock {
        private Instant now;

        SettableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("the simulation reads instants only");
        }
    }
}
