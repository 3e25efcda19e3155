package org.iocstream.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iocstream.jobs.alerts.Comparison.ABOVE;
import static org.iocstream.jobs.alerts.Comparison.AT_LEAST;
import static org.iocstream.jobs.alerts.Comparison.AT_MOST;
import static org.iocstream.jobs.alerts.Comparison.BELOW;
import static org.iocstream.schemas.Severity.CRITICAL;
import static org.iocstream.schemas.Severity.MAJOR;
import static org.iocstream.schemas.Severity.MINOR;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ThresholdRuleTest {

    private static final Duration HOUR = Duration.ofHours(1);

    private static ThresholdRule upward(Comparison raiseWhen, Comparison clearWhen, SeverityLevel... levels) {
        return ThresholdRule.allDay("r", "m", "", raiseWhen, clearWhen, HOUR, HOUR, HOUR, List.of(levels));
    }

    @Test
    void aValueMustNotMeetBothTheRaiseAndTheClearCondition() {
        assertThatThrownBy(() -> upward(AT_LEAST, AT_MOST, new SeverityLevel(MAJOR, 150, 150)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a value must not meet both");
        assertThatThrownBy(() -> upward(AT_LEAST, AT_MOST, new SeverityLevel(MAJOR, 150, 151)))
                .isInstanceOf(IllegalArgumentException.class);

        assertThat(upward(ABOVE, AT_MOST, new SeverityLevel(MAJOR, 150, 150)).levelCount()).isEqualTo(1);
        assertThat(upward(AT_LEAST, BELOW, new SeverityLevel(MAJOR, 150, 150)).levelCount()).isEqualTo(1);
    }

    @Test
    void aRuleOnLowValuesHasItsThresholdsTheOtherWayRound() {
        ThresholdRule lowVoltage = upward(BELOW, AT_LEAST, new SeverityLevel(MINOR, 200, 205),
                new SeverityLevel(MAJOR, 180, 190));

        assertThat(lowVoltage.levelCount()).isEqualTo(2);
        assertThatThrownBy(() -> upward(BELOW, AT_LEAST, new SeverityLevel(MINOR, 200, 195)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesComparisonsThatPointTheSameWay() {
        assertThatThrownBy(() -> upward(AT_LEAST, ABOVE, new SeverityLevel(MAJOR, 150, 140)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("opposite directions");
    }

    @Test
    void levelsGoFromTheLeastToTheMostSevereWithThresholdsFurtherOut() {
        assertThatThrownBy(() -> upward(AT_LEAST, AT_MOST, new SeverityLevel(CRITICAL, 201, 190),
                new SeverityLevel(MAJOR, 151, 140)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("least to the most severe");
        assertThatThrownBy(() -> upward(AT_LEAST, AT_MOST, new SeverityLevel(MAJOR, 151, 140),
                new SeverityLevel(CRITICAL, 151, 140)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must raise beyond");
        assertThatThrownBy(() -> upward(AT_LEAST, AT_MOST, new SeverityLevel(MAJOR, 151, 140),
                new SeverityLevel(CRITICAL, 201, 139)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("clear no nearer to normal");
    }

    @Test
    void periodsCoverTheDayOnceAndChooseByLocalTime() {
        List<SeverityLevel> day = List.of(new SeverityLevel(MINOR, 70, 67));
        List<SeverityLevel> night = List.of(new SeverityLevel(MINOR, 55, 52));
        ThresholdRule noise = new ThresholdRule("noise", "noise", "dBA", Set.of(), ABOVE, BELOW, HOUR, HOUR, HOUR,
                ZoneId.of("Asia/Ho_Chi_Minh"), List.of(new DailyPeriod(LocalTime.of(6, 0), LocalTime.of(21, 0), day),
                        new DailyPeriod(LocalTime.of(21, 0), LocalTime.of(6, 0), night)));

        // 06:00 ICT is 23:00 UTC the day before; 21:00 ICT is 14:00 UTC
        assertThat(noise.levelsAt(Instant.parse("2026-01-04T22:59:59Z").toEpochMilli())).isEqualTo(night);
        assertThat(noise.levelsAt(Instant.parse("2026-01-04T23:00:00Z").toEpochMilli())).isEqualTo(day);
        assertThat(noise.levelsAt(Instant.parse("2026-01-05T13:59:59Z").toEpochMilli())).isEqualTo(day);
        assertThat(noise.levelsAt(Instant.parse("2026-01-05T14:00:00Z").toEpochMilli())).isEqualTo(night);

        assertThatThrownBy(() -> new ThresholdRule("noise", "noise", "dBA", Set.of(), ABOVE, BELOW, HOUR, HOUR, HOUR,
                ZoneId.of("Asia/Ho_Chi_Minh"), List.of(new DailyPeriod(LocalTime.of(6, 0), LocalTime.of(21, 0), day),
                        new DailyPeriod(LocalTime.of(22, 0), LocalTime.of(6, 0), night))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cover the day once");
    }

    @Test
    void refusesAnIdAnAlertIdCouldNotReadBack() {
        assertThatThrownBy(() -> ThresholdRule.allDay("aqi:hourly", "m", "", AT_LEAST, AT_MOST, HOUR, HOUR, HOUR,
                List.of(new SeverityLevel(MAJOR, 151, 140))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rule id");
    }

    @Test
    void refusesANonPositiveMaxGap() {
        assertThatThrownBy(() -> ThresholdRule.allDay("r", "m", "", AT_LEAST, AT_MOST, HOUR, HOUR, Duration.ZERO,
                List.of(new SeverityLevel(MAJOR, 151, 140))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("max-gap");
    }
}
