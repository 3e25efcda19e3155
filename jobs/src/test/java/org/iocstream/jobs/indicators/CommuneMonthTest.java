package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import org.junit.jupiter.api.Test;

class CommuneMonthTest {

    @Test
    void theMonthIsLocalFromMidnightOfItsFirstDay() {
        // 2026-04-30T17:00Z is 00:00 on 1 May in UTC+7; 1 ms before is still April
        assertThat(CommuneMonth.of("16681", Instant.parse("2026-04-30T17:00:00Z")).key()).isEqualTo("16681/2026-05");
        assertThat(CommuneMonth.of("16681", Instant.parse("2026-04-30T16:59:59.999Z")).key())
                .isEqualTo("16681/2026-04");

        CommuneMonth april = CommuneMonth.parse("16681/2026-04");
        assertThat(april).isEqualTo(new CommuneMonth("16681", YearMonth.of(2026, 4)));
        assertThat(april.firstDay()).isEqualTo(LocalDate.parse("2026-04-01"));
        assertThat(april.start()).isEqualTo(Instant.parse("2026-03-31T17:00:00Z"));
        assertThat(april.end()).isEqualTo(Instant.parse("2026-04-30T17:00:00Z"));
    }

    @Test
    void itsStateIsDroppedTheRetentionAfterItsEndOnAnEmissionBoundary() {
        CommuneMonth april = CommuneMonth.parse("16681/2026-04");
        assertThat(april.dropAt(Duration.ofMinutes(30))).isEqualTo(Instant.parse("2026-04-30T17:30:00Z"));
        // 17:07 rounds up to 17:10
        assertThat(april.dropAt(Duration.ofMinutes(7))).isEqualTo(Instant.parse("2026-04-30T17:10:00Z"));
    }
}
