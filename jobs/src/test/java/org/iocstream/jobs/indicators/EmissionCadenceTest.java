package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/** {@link EmissionCadence} and {@link CommuneDay}: the local day of Asia/Ho_Chi_Minh (UTC+7) in UTC instants. */
class EmissionCadenceTest {

    // 2026-04-01 local is [2026-03-31T17:00Z, 2026-04-01T17:00Z)
    private static final CommuneDay DAY = new CommuneDay("16681", LocalDate.parse("2026-04-01"));
    private static final long START = ms("2026-03-31T17:00:00Z");
    private static final long END = ms("2026-04-01T17:00:00Z");

    @Test
    void theDayIsLocalAndAMinuteAtLocalMidnightBelongsToTheDayItStarts() {
        assertThat(DAY.start()).isEqualTo(Instant.parse("2026-03-31T17:00:00Z"));
        assertThat(DAY.end()).isEqualTo(Instant.parse("2026-04-01T17:00:00Z"));
        assertThat(CommuneDay.of("16681", Instant.parse("2026-03-31T17:00:00Z"))).isEqualTo(DAY);
        assertThat(CommuneDay.of("16681", Instant.parse("2026-03-31T16:59:00Z")).day())
                .isEqualTo(LocalDate.parse("2026-03-31"));
        assertThat(CommuneDay.of("16681", Instant.parse("2026-04-01T16:59:00Z"))).isEqualTo(DAY);
    }

    @Test
    void aKeyReadsBack() {
        assertThat(DAY.key()).isEqualTo("16681/2026-04-01");
        assertThat(CommuneDay.parse("16681/2026-04-01")).isEqualTo(DAY);
        assertThat(CommuneDay.parse("40/2026-04-01").commune()).isEqualTo("40");
    }

    @Test
    void theStateIsDroppedAtTheRetentionAfterTheCloseRoundedUpToABoundary() {
        assertThat(DAY.dropAt(Duration.ZERO)).isEqualTo(Instant.parse("2026-04-01T17:00:00Z"));
        assertThat(DAY.dropAt(Duration.ofMinutes(10))).isEqualTo(Instant.parse("2026-04-01T17:10:00Z"));
        assertThat(DAY.dropAt(Duration.ofMinutes(15))).isEqualTo(Instant.parse("2026-04-01T17:20:00Z"));
        assertThat(DAY.dropAt(Duration.ofDays(1))).isEqualTo(Instant.parse("2026-04-02T17:00:00Z"));
    }

    @Test
    void aChangeIsEmittedAtTheFirstTenMinuteBoundaryAfterTheWatermark() {
        long dropAt = END + Duration.ofMinutes(30).toMillis();
        // 08:03 local = 01:03Z -> 08:10 local; a watermark on a boundary waits for the next one
        assertThat(EmissionCadence.next(ms("2026-04-01T01:03:00Z"), START, END, dropAt))
                .isEqualTo(ms("2026-04-01T01:10:00Z"));
        assertThat(EmissionCadence.next(ms("2026-04-01T01:10:00Z"), START, END, dropAt))
                .isEqualTo(ms("2026-04-01T01:20:00Z"));
        // no watermark yet, or one before the day: the day's first boundary
        assertThat(EmissionCadence.next(Long.MIN_VALUE, START, END, dropAt)).isEqualTo(ms("2026-03-31T17:10:00Z"));
        // the last boundary of the day is its close
        assertThat(EmissionCadence.next(ms("2026-04-01T16:55:00Z"), START, END, dropAt)).isEqualTo(END);
        // after the close, corrections until the state is dropped, the last one at the drop itself
        assertThat(EmissionCadence.next(END, START, END, dropAt)).isEqualTo(ms("2026-04-01T17:10:00Z"));
        assertThat(EmissionCadence.next(ms("2026-04-01T17:25:00Z"), START, END, ms("2026-04-01T17:30:00Z")))
                .isEqualTo(ms("2026-04-01T17:30:00Z"));
        assertThat(EmissionCadence.next(ms("2026-04-01T17:25:00Z"), START, END, ms("2026-04-01T17:20:00Z")))
                .isEqualTo(ms("2026-04-01T17:20:00Z"));
    }

    @Test
    void ceilKeepsABoundaryAndRoundsAnythingElseUp() {
        assertThat(EmissionCadence.ceil(END)).isEqualTo(END);
        assertThat(EmissionCadence.ceil(END + 1)).isEqualTo(END + 600_000);
        assertThat(EmissionCadence.ceil(END - 1)).isEqualTo(END);
    }

    private static long ms(String instant) {
        return Instant.parse(instant).toEpochMilli();
    }
}
