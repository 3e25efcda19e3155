package org.iocstream.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;
import org.iocstream.jobs.window.WindowStats;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BroadcastScheduleTest {

    @Test
    void theDefaultScheduleHasNinetyMinutesADay() {
        // 05:30-06:15 and 17:00-17:45
        assertThat(BroadcastSchedule.DEFAULT.scheduledMinutesPerDay()).isEqualTo(90);
    }

    // local time is UTC+7: 05:30 in Nghệ An is 22:30 UTC the day before
    @ParameterizedTest(name = "{0} UTC scheduled: {1}")
    @CsvSource({
        "2026-03-09T22:29:00Z, false",
        "2026-03-09T22:30:00Z, true",
        "2026-03-09T23:14:00Z, true",
        "2026-03-09T23:15:00Z, false",
        "2026-03-10T09:59:00Z, false",
        "2026-03-10T10:00:00Z, true",
        "2026-03-10T10:44:00Z, true",
        "2026-03-10T10:45:00Z, false",
        "2026-03-10T05:30:00Z, false",
    })
    void slotsIncludeTheirStartAndExcludeTheirEndInLocalTime(Instant minuteStart, boolean scheduled) {
        assertThat(BroadcastSchedule.DEFAULT.isScheduled(minuteStart)).isEqualTo(scheduled);
    }

    @Test
    void aMinuteWithAnyBroadcastingReportCounts() {
        WindowStats startedLate = new WindowStats().add(0, 0).add(40_000, 1);
        WindowStats silent = new WindowStats().add(0, 0);

        assertThat(BroadcastSchedule.isBroadcasting(startedLate)).isTrue();
        assertThat(BroadcastSchedule.isBroadcasting(silent)).isFalse();
        assertThat(BroadcastSchedule.isBroadcasting(new WindowStats())).isFalse();
    }

    @Test
    void coverageIsScheduledSpeakerMinutesBroadcastOverScheduledSpeakerMinutes() {
        // 2 speakers, 90 scheduled minutes each: one broadcasts all of them, the other only the evening's 45
        MinuteShare coverage = new MinuteShare();
        for (int minute = 0; minute < 45; minute++) {
            coverage.add(1, 2); // morning
        }
        for (int minute = 0; minute < 45; minute++) {
            coverage.add(2, 2); // evening
        }

        assertThat(coverage.possibleMinutes).isEqualTo(2 * BroadcastSchedule.DEFAULT.scheduledMinutesPerDay());
        assertThat(coverage.percent()).isEqualTo(75.0);
    }

    @Test
    void refusesBadSlots() {
        assertThatThrownBy(() -> new BroadcastSchedule.Slot(LocalTime.of(6, 0), LocalTime.of(5, 30)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("before");
        assertThatThrownBy(() -> new BroadcastSchedule.Slot(LocalTime.of(5, 30, 30), LocalTime.of(6, 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole minutes");
        assertThatThrownBy(() -> new BroadcastSchedule(List.of(
                new BroadcastSchedule.Slot(LocalTime.of(5, 30), LocalTime.of(6, 15)),
                new BroadcastSchedule.Slot(LocalTime.of(6, 0), LocalTime.of(6, 30)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overlap");
    }

    @Test
    void scheduledMinutesElapseWithTheSlotsOfTheDay() {
        BroadcastSchedule schedule = BroadcastSchedule.DEFAULT;
        assertThat(schedule.scheduledMinutesBefore(Duration.ZERO)).isZero();
        assertThat(schedule.scheduledMinutesBefore(Duration.parse("PT5H30M"))).isZero();
        assertThat(schedule.scheduledMinutesBefore(Duration.parse("PT5H40M"))).isEqualTo(10);
        assertThat(schedule.scheduledMinutesBefore(Duration.parse("PT5H40M59S"))).isEqualTo(10);
        assertThat(schedule.scheduledMinutesBefore(Duration.parse("PT12H"))).isEqualTo(45);
        assertThat(schedule.scheduledMinutesBefore(Duration.parse("PT17H1M"))).isEqualTo(46);
        assertThat(schedule.scheduledMinutesBefore(Duration.ofDays(1))).isEqualTo(90);
        assertThat(schedule.scheduledMinutesBefore(Duration.ofDays(2))).isEqualTo(90);
    }
}
