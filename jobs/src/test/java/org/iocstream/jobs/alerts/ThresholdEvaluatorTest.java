package org.iocstream.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.iocstream.jobs.alerts.Comparison.ABOVE;
import static org.iocstream.jobs.alerts.Comparison.AT_LEAST;
import static org.iocstream.jobs.alerts.Comparison.AT_MOST;
import static org.iocstream.jobs.alerts.Comparison.BELOW;
import static org.iocstream.schemas.Severity.CRITICAL;
import static org.iocstream.schemas.Severity.MAJOR;
import static org.iocstream.schemas.Severity.MINOR;
import static org.iocstream.schemas.Severity.WARNING;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.iocstream.jobs.alerts.Transition.Type;
import org.junit.jupiter.api.Test;

class ThresholdEvaluatorTest {

    // 10:00 in Asia/Ho_Chi_Minh (UTC+7)
    private static final long T0 = Instant.parse("2026-01-05T03:00:00Z").toEpochMilli();
    private static final long SECOND = 1_000;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    // DOMAIN.md's AQI rule: ≥ 151 for 1 h MAJOR, ≥ 201 CRITICAL, ≤ 140 for 1 h clears; observations up to 1 h apart
    private static final ThresholdRule AQI = ThresholdRule.allDay("aqi-hourly", "aqi_hourly", "", AT_LEAST, AT_MOST,
            Duration.ofHours(1), Duration.ofHours(1), Duration.ofHours(1),
            List.of(new SeverityLevel(MAJOR, 151, 140), new SeverityLevel(CRITICAL, 201, 190)));

    // flood levels I/II/III at 350/420/500 cm, cleared 10 cm under each for 30 min; raised at once
    private static final ThresholdRule FLOOD = ThresholdRule.allDay("flood-water-level", "water_level", "cm",
            AT_LEAST, BELOW, Duration.ZERO, Duration.ofMinutes(30), Duration.ofMinutes(3),
            List.of(new SeverityLevel(WARNING, 350, 340), new SeverityLevel(MAJOR, 420, 410),
                    new SeverityLevel(CRITICAL, 500, 490)));

    // the default pm25-24h: a 24-h mean over 45 ug/m3 raises WARNING at once, one at or under 40 clears it at once
    private static final ThresholdRule PM25_24H = ThresholdRule.allDay("pm25-24h", "pm25_24h", "ug/m3", ABOVE,
            AT_MOST, Duration.ZERO, Duration.ZERO, Duration.ofHours(1), List.of(new SeverityLevel(WARNING, 45, 40)));

    private static final ThresholdRule NOISE = new ThresholdRule("noise", "noise", "dBA", Set.of(), ABOVE, BELOW,
            Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMinutes(3), ZoneId.of("Asia/Ho_Chi_Minh"),
            List.of(new DailyPeriod(LocalTime.of(6, 0), LocalTime.of(21, 0), List.of(new SeverityLevel(MINOR, 70, 67))),
                    new DailyPeriod(LocalTime.of(21, 0), LocalTime.of(6, 0),
                            List.of(new SeverityLevel(MINOR, 55, 52)))));

    /** Feeds observations in order and collects every transition. */
    private static final class Run {
        private final ThresholdRule rule;
        private EpisodeState state;
        private final List<Transition> transitions = new ArrayList<>();

        Run(ThresholdRule rule) {
            this.rule = rule;
            this.state = EpisodeState.initial(rule);
        }

        Run at(long time, double value) {
            ThresholdEvaluator.Evaluation evaluation =
                    ThresholdEvaluator.evaluate(rule, state, new Observation(time, value));
            state = evaluation.state();
            evaluation.transition().ifPresent(transitions::add);
            return this;
        }

        /** One observation a minute from {@code from} to {@code to}, both included. */
        Run everyMinute(long from, long to, double value) {
            for (long t = from; t <= to; t += MINUTE) {
                at(t, value);
            }
            return this;
        }
    }

    @Test
    void raisesWhenTheValueHasHeldForTheDurationAndNotOneSecondBefore() {
        Run run = new Run(AQI).at(T0, 151).at(T0 + 30 * MINUTE, 175).at(T0 + HOUR - SECOND, 160);

        assertThat(run.transitions).isEmpty();
        assertThat(run.state.level()).isZero();

        run.at(T0 + HOUR, 152);

        assertThat(run.transitions).containsExactly(
                new Transition(Type.RAISED, MAJOR, T0, T0, T0 + HOUR, 152, 151));
        assertThat(run.state.level()).isEqualTo(1);
        assertThat(run.state.episodeStart()).isEqualTo(T0);
    }

    @Test
    void pm25RaisesOnlyOver45AndClearsAt40ItselfEachAtTheFirstHour() {
        // 45 exactly is within QCVN 05:2023's limit; 45.1 is over it. 40.1 changes nothing; 40 clears.
        Run run = new Run(PM25_24H).at(T0, 45).at(T0 + HOUR, 45.1).at(T0 + 2 * HOUR, 41);
        assertThat(run.transitions).containsExactly(
                new Transition(Type.RAISED, WARNING, T0 + HOUR, T0 + HOUR, T0 + HOUR, 45.1, 45));

        run.at(T0 + 3 * HOUR, 40.1).at(T0 + 4 * HOUR, 40).at(T0 + 5 * HOUR, 45);
        assertThat(run.transitions).hasSize(2).last().isEqualTo(
                new Transition(Type.CLEARED, WARNING, T0 + HOUR, T0 + 4 * HOUR, T0 + 4 * HOUR, 40, 40));
        assertThat(run.state.isAtRest()).isTrue();
    }

    @Test
    void aValueUnderTheRaiseThresholdRestartsTheDuration() {
        // 150 at 10:30 breaks the run; it starts again at 10:40 and is an hour old at 11:40
        Run run = new Run(AQI).at(T0, 160).at(T0 + 30 * MINUTE, 150).at(T0 + 40 * MINUTE, 151)
                .at(T0 + HOUR, 170).at(T0 + HOUR + 39 * MINUTE, 170);

        assertThat(run.transitions).isEmpty();

        run.at(T0 + HOUR + 40 * MINUTE, 170);

        assertThat(run.transitions).extracting(Transition::type, Transition::episodeStart)
                .containsExactly(tuple(Type.RAISED, T0 + 40 * MINUTE));
    }

    @Test
    void valuesBetweenTheClearAndRaiseThresholdsChangeNothing() {
        Run run = new Run(AQI).at(T0, 160).at(T0 + HOUR, 160);
        assertThat(run.transitions).hasSize(1);

        // for ten hours the index swings between 141 and 150: under the raise, over the clear threshold
        for (int hour = 2; hour <= 11; hour++) {
            run.at(T0 + hour * HOUR, hour % 2 == 0 ? 141 : 150);
        }

        assertThat(run.transitions).hasSize(1);
        assertThat(run.state.level()).isEqualTo(1);
    }

    @Test
    void clearsWhenTheClearConditionHasHeldForItsDurationAtTheThresholdItself() {
        long c0 = T0 + 2 * HOUR;
        Run run = new Run(AQI).at(T0, 160).at(T0 + HOUR, 160)
                .at(c0, 140).at(c0 + 30 * MINUTE, 120).at(c0 + HOUR - SECOND, 140);
        assertThat(run.transitions).hasSize(1);

        run.at(c0 + HOUR, 140);

        assertThat(run.transitions).last().isEqualTo(
                new Transition(Type.CLEARED, MAJOR, T0, c0, c0 + HOUR, 140, 140));
        assertThat(run.state.level()).isZero();
        assertThat(run.state.episodeStart()).isEqualTo(EpisodeState.NONE);
        assertThat(run.state.isAtRest()).isTrue();
    }

    @Test
    void aValueOverTheClearThresholdRestartsTheClearDuration() {
        long c0 = T0 + 2 * HOUR;
        Run run = new Run(AQI).at(T0, 160).at(T0 + HOUR, 160)
                .at(c0, 130).at(c0 + 30 * MINUTE, 141).at(c0 + 45 * MINUTE, 130).at(c0 + HOUR + 44 * MINUTE, 130);
        assertThat(run.transitions).hasSize(1);

        run.at(c0 + HOUR + 45 * MINUTE, 130);

        assertThat(run.transitions).last().extracting(Transition::type, Transition::time)
                .containsExactly(Type.CLEARED, c0 + 45 * MINUTE);
    }

    @Test
    void escalatesAndDeEscalatesWithinOneEpisode() {
        Run run = new Run(AQI).at(T0, 160).at(T0 + HOUR, 160)
                .at(T0 + 2 * HOUR, 201).at(T0 + 3 * HOUR, 230)
                .at(T0 + 4 * HOUR, 190).at(T0 + 5 * HOUR, 185)
                .at(T0 + 6 * HOUR, 140).at(T0 + 7 * HOUR, 100);

        assertThat(run.transitions).containsExactly(
                new Transition(Type.RAISED, MAJOR, T0, T0, T0 + HOUR, 160, 151),
                new Transition(Type.SEVERITY_CHANGED, CRITICAL, T0, T0 + 2 * HOUR, T0 + 3 * HOUR, 230, 201),
                new Transition(Type.SEVERITY_CHANGED, MAJOR, T0, T0 + 4 * HOUR, T0 + 5 * HOUR, 185, 190),
                new Transition(Type.CLEARED, MAJOR, T0, T0 + 6 * HOUR, T0 + 7 * HOUR, 100, 140));
    }

    @Test
    void aValueThatHoldsForTheTopLevelFromTheStartRaisesOnceAtThatLevel() {
        Run run = new Run(AQI).at(T0, 250).at(T0 + HOUR, 260);

        assertThat(run.transitions).containsExactly(
                new Transition(Type.RAISED, CRITICAL, T0, T0, T0 + HOUR, 260, 201));
    }

    @Test
    void aGapCountsTowardNeitherDuration() {
        // 1 h apart is not a gap (the raise test relies on it); 1 h and 1 s apart is: the run starts again at 11:00:01
        Run run = new Run(AQI).at(T0, 160).at(T0 + HOUR + SECOND, 160).at(T0 + 2 * HOUR, 160);
        assertThat(run.transitions).isEmpty();

        run.at(T0 + 2 * HOUR + SECOND, 160);
        assertThat(run.transitions).extracting(Transition::episodeStart).containsExactly(T0 + HOUR + SECOND);

        // during the episode: the clear run is broken by a gap, and the gap alone clears nothing
        long c0 = T0 + 3 * HOUR;
        run.at(c0, 100).at(c0 + 2 * HOUR, 100).at(c0 + 10 * HOUR, 100);
        assertThat(run.transitions).hasSize(1);
        assertThat(run.state.level()).isEqualTo(1);

        run.at(c0 + 11 * HOUR, 100);
        assertThat(run.transitions).last().extracting(Transition::type, Transition::time)
                .containsExactly(Type.CLEARED, c0 + 10 * HOUR);
    }

    @Test
    void aRuleWithoutARaiseDurationRaisesOnTheFirstObservationAndJumpsLevels() {
        Run run = new Run(FLOOD).at(T0, 349).at(T0 + MINUTE, 350);
        assertThat(run.transitions).containsExactly(new Transition(Type.RAISED, WARNING, T0 + MINUTE, T0 + MINUTE,
                T0 + MINUTE, 350, 350));

        run.at(T0 + 2 * MINUTE, 505);
        assertThat(run.transitions).last().isEqualTo(new Transition(Type.SEVERITY_CHANGED, CRITICAL, T0 + MINUTE,
                T0 + 2 * MINUTE, T0 + 2 * MINUTE, 505, 500));
    }

    @Test
    void theFloodFallsALevelAtATimeOnceTenCentimetresUnderEachForHalfAnHour() {
        Run run = new Run(FLOOD).at(T0, 505);
        // 489 is under III - 10 (490) but not under II - 10 (410): its run starts at +1 min, so level II at +31 min
        run.everyMinute(T0 + MINUTE, T0 + 30 * MINUTE, 489);
        assertThat(run.transitions).hasSize(1);
        run.at(T0 + 31 * MINUTE, 489);
        assertThat(run.transitions).last().isEqualTo(new Transition(Type.SEVERITY_CHANGED, MAJOR, T0,
                T0 + MINUTE, T0 + 31 * MINUTE, 489, 490));

        // 339 is under every clear threshold; level II's clear run starts with the first 339 at +32 min
        run.everyMinute(T0 + 32 * MINUTE, T0 + 61 * MINUTE, 339);
        assertThat(run.transitions).hasSize(2);
        run.at(T0 + 62 * MINUTE, 339);
        assertThat(run.transitions).last().isEqualTo(new Transition(Type.CLEARED, MAJOR, T0,
                T0 + 32 * MINUTE, T0 + 62 * MINUTE, 339, 340));
    }

    @Test
    void anOscillationAroundALevelDoesNotFlap() {
        // 345 and 352 alternate: 352 raises level I, and 345 is not under 340, so it stays raised
        Run run = new Run(FLOOD);
        for (int i = 0; i < 120; i++) {
            run.at(T0 + i * MINUTE, i % 2 == 0 ? 352 : 345);
        }

        assertThat(run.transitions).extracting(Transition::type).containsExactly(Type.RAISED);
    }

    @Test
    void noiseUsesTheNightLimitFromNinePmLocalTime() {
        // 60 dBA from 20:40 to 21:15 ICT: under the day limit 70, over the night limit 55 from 21:00 (14:00 UTC)
        long nine = Instant.parse("2026-01-05T14:00:00Z").toEpochMilli();
        Run run = new Run(NOISE).everyMinute(nine - 20 * MINUTE, nine + 14 * MINUTE, 60);
        assertThat(run.transitions).isEmpty();

        run.at(nine + 15 * MINUTE, 60);

        assertThat(run.transitions).containsExactly(
                new Transition(Type.RAISED, MINOR, nine, nine, nine + 15 * MINUTE, 60, 55));
    }

    @Test
    void noiseClearsOnlyUnderTheLimitMinusThreeDecibels() {
        // by day: 72 raises; 68 (under 70 but not under 67) keeps it; 66.9 for 15 min clears
        Run run = new Run(NOISE).everyMinute(T0, T0 + 15 * MINUTE, 72)
                .everyMinute(T0 + 16 * MINUTE, T0 + 60 * MINUTE, 68)
                .everyMinute(T0 + 61 * MINUTE, T0 + 75 * MINUTE, 66.9);
        assertThat(run.transitions).extracting(Transition::type).containsExactly(Type.RAISED);

        run.at(T0 + 76 * MINUTE, 66.9);

        assertThat(run.transitions).last().extracting(Transition::type, Transition::time)
                .containsExactly(Type.CLEARED, T0 + 61 * MINUTE);
    }

    @Test
    void replayingTheSameObservationsGivesTheSameEpisodesAndAlertIds() {
        Run first = new Run(AQI).at(T0, 170).at(T0 + HOUR, 170).at(T0 + 2 * HOUR, 100).at(T0 + 3 * HOUR, 100)
                .at(T0 + 4 * HOUR, 200).at(T0 + 5 * HOUR, 200);
        Run replay = new Run(AQI).at(T0, 170).at(T0 + HOUR, 170).at(T0 + 2 * HOUR, 100).at(T0 + 3 * HOUR, 100)
                .at(T0 + 4 * HOUR, 200).at(T0 + 5 * HOUR, 200);

        assertThat(replay.transitions).isEqualTo(first.transitions);
        assertThat(first.transitions.stream().filter(t -> t.type() == Type.RAISED)
                .map(t -> AlertId.of("aqi-hourly", "40001-ENV-01", t.episodeStart())))
                .containsExactly("aqi-hourly:40001-ENV-01@2026-01-05T03:00:00Z",
                        "aqi-hourly:40001-ENV-01@2026-01-05T07:00:00Z");
    }

    @Test
    void theStateIsAtRestOnlyWithoutAnEpisodeOrARunInProgress() {
        Run run = new Run(AQI);
        assertThat(run.state.isAtRest()).isTrue();

        run.at(T0, 160);
        assertThat(run.state.isAtRest()).isFalse();

        run.at(T0 + 10 * MINUTE, 100);
        assertThat(run.state.isAtRest()).isTrue();
    }

    @Test
    void refusesAnObservationThatIsNotAfterThePreviousOne() {
        EpisodeState state = ThresholdEvaluator.evaluate(AQI, EpisodeState.initial(AQI), new Observation(T0, 100))
                .state();

        assertThatThrownBy(() -> ThresholdEvaluator.evaluate(AQI, state, new Observation(T0, 100)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("is not after the previous one");
        assertThatThrownBy(() -> ThresholdEvaluator.evaluate(AQI, state, new Observation(T0 - 1, 100)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Observation(T0, Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }
}
