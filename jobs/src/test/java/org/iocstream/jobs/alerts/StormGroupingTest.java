package org.iocstream.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.schemas.Severity.CRITICAL;
import static org.iocstream.schemas.Severity.MAJOR;
import static org.iocstream.schemas.Severity.MINOR;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.iocstream.jobs.alerts.StormGrouping.GroupTransition;
import org.iocstream.jobs.alerts.StormGrouping.State;
import org.iocstream.jobs.alerts.StormGrouping.Step;
import org.junit.jupiter.api.Test;

class StormGroupingTest {

    private static final long T0 = Instant.parse("2026-01-05T03:00:00Z").toEpochMilli();
    private static final long SECOND = 1_000;
    private static final long WINDOW = 5 * 60 * SECOND;
    private static final StormPolicy THREE_IN_FIVE_MINUTES = new StormPolicy(3, Duration.ofMinutes(5));

    /** Raises subjects LGT-01, LGT-02 … one second apart from T0 and keeps the steps. */
    private static List<Step> raiseLights(StormPolicy policy, int count) {
        List<Step> steps = new ArrayList<>();
        State state = State.EMPTY;
        for (int i = 1; i <= count; i++) {
            Step step = StormGrouping.onRaised(policy, state, light(i), MINOR, T0 + (i - 1) * SECOND);
            steps.add(step);
            state = step.state();
        }
        return steps;
    }

    private static String light(int i) {
        return String.format("40001-LGT-%02d", i);
    }

    private static List<String> lights(int from, int to) {
        List<String> names = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            names.add(light(i));
        }
        return names;
    }

    @Test
    void twentySubjectsAreNoStormUnderTheDefaultPolicy() {
        List<Step> steps = raiseLights(StormPolicy.DEFAULT, 20);

        assertThat(steps).allSatisfy(step -> {
            assertThat(step.individual()).isTrue();
            assertThat(step.group()).isEmpty();
        });
        assertThat(steps.get(19).state().hasGroup()).isFalse();
    }

    @Test
    void theTwentyFirstSubjectOpensOneGroupListingAllOfThem() {
        List<Step> steps = raiseLights(StormPolicy.DEFAULT, 21);
        Step last = steps.get(20);

        assertThat(last.individual()).isFalse();
        assertThat(last.group()).contains(new GroupTransition(GroupTransition.Type.RAISED, MINOR, T0,
                T0 + 20 * SECOND, lights(1, 21)));
        assertThat(AlertId.of(StormGrouping.RULE, StormGrouping.groupSubject("40001", "lamp-dark-at-night"),
                last.group().orElseThrow().groupStart()))
                .isEqualTo("storm:40001/lamp-dark-at-night@2026-01-05T03:00:00Z");
    }

    @Test
    void aRaiseExactlyOneWindowEarlierIsOutsideIt() {
        State state = State.EMPTY;
        state = StormGrouping.onRaised(THREE_IN_FIVE_MINUTES, state, "a", MINOR, T0).state();
        state = StormGrouping.onRaised(THREE_IN_FIVE_MINUTES, state, "b", MINOR, T0 + 60 * SECOND).state();
        state = StormGrouping.onRaised(THREE_IN_FIVE_MINUTES, state, "c", MINOR, T0 + 120 * SECOND).state();

        Step atTheEdge = StormGrouping.onRaised(THREE_IN_FIVE_MINUTES, state, "d", MINOR, T0 + WINDOW);
        assertThat(atTheEdge.group()).isEmpty();
        assertThat(atTheEdge.individual()).isTrue();

        Step justInside = StormGrouping.onRaised(THREE_IN_FIVE_MINUTES, state, "d", MINOR, T0 + WINDOW - 1);
        assertThat(justInside.group()).contains(new GroupTransition(GroupTransition.Type.RAISED, MINOR, T0,
                T0 + WINDOW - 1, List.of("a", "b", "c", "d")));
    }

    @Test
    void theGroupLeavesOutOlderAlertsAndSubjectsAlreadyCleared() {
        State state = State.EMPTY;
        state = StormGrouping.onRaised(THREE_IN_FIVE_MINUTES, state, "old", MAJOR, T0 - WINDOW).state();
        state = StormGrouping.onRaised(THREE_IN_FIVE_MINUTES, state, "a", MINOR, T0).state();
        state = StormGrouping.onRaised(THREE_IN_FIVE_MINUTES, state, "gone", MINOR, T0 + SECOND).state();
        state = StormGrouping.onCleared(state, "gone", T0 + 2 * SECOND).state();
        state = StormGrouping.onRaised(THREE_IN_FIVE_MINUTES, state, "b", MINOR, T0 + 3 * SECOND).state();
        Step third = StormGrouping.onRaised(THREE_IN_FIVE_MINUTES, state, "c", MINOR, T0 + 4 * SECOND);
        assertThat(third.group()).isEmpty();

        Step fourth = StormGrouping.onRaised(THREE_IN_FIVE_MINUTES, third.state(), "d", MINOR, T0 + 5 * SECOND);

        assertThat(fourth.group()).contains(new GroupTransition(GroupTransition.Type.RAISED, MINOR, T0,
                T0 + 5 * SECOND, List.of("a", "b", "c", "d")));
        Step oldClears = StormGrouping.onCleared(fourth.state(), "old", T0 + 6 * SECOND);
        assertThat(oldClears.individual()).isTrue();
        assertThat(oldClears.group()).isEmpty();
    }

    @Test
    void laterRaisesJoinTheGroupWhichTakesTheHighestSeverity() {
        State storm = raiseLights(THREE_IN_FIVE_MINUTES, 4).get(3).state();

        Step joins = StormGrouping.onRaised(THREE_IN_FIVE_MINUTES, storm, light(5), MAJOR, T0 + 20 * 60 * SECOND);
        assertThat(joins.individual()).isFalse();
        assertThat(joins.group()).contains(new GroupTransition(GroupTransition.Type.UPDATED, MAJOR, T0,
                T0 + 20 * 60 * SECOND, lights(1, 5)));

        Step escalates = StormGrouping.onSeverityChanged(joins.state(), light(2), CRITICAL, T0 + 21 * 60 * SECOND);
        assertThat(escalates.individual()).isTrue();
        assertThat(escalates.group()).map(GroupTransition::severity).contains(CRITICAL);

        Step sameGroupSeverity = StormGrouping.onSeverityChanged(escalates.state(), light(5), CRITICAL,
                T0 + 22 * 60 * SECOND);
        assertThat(sameGroupSeverity.individual()).isFalse();
        assertThat(sameGroupSeverity.group()).isEmpty();
    }

    @Test
    void theGroupClearsWhenItsLastMemberClears() {
        State state = raiseLights(THREE_IN_FIVE_MINUTES, 4).get(3).state();
        long t = T0 + 60 * 60 * SECOND;

        for (int i = 1; i <= 3; i++) {
            Step step = StormGrouping.onCleared(state, light(i), t + i * SECOND);
            // the first three were alerted on their own before the storm, so their clears are emitted too
            assertThat(step.individual()).isTrue();
            assertThat(step.group()).map(GroupTransition::type).contains(GroupTransition.Type.UPDATED);
            assertThat(step.group()).map(GroupTransition::members).contains(lights(i + 1, 4));
            state = step.state();
        }
        Step last = StormGrouping.onCleared(state, light(4), t + 4 * SECOND);

        assertThat(last.individual()).isFalse();
        assertThat(last.group()).contains(new GroupTransition(GroupTransition.Type.CLEARED, MINOR, T0,
                t + 4 * SECOND, List.of()));
        assertThat(last.state()).isEqualTo(State.EMPTY);
    }

    @Test
    void aReplayedRaiseChangesNothing() {
        State storm = raiseLights(THREE_IN_FIVE_MINUTES, 4).get(3).state();

        Step replayOfFirst = StormGrouping.onRaised(THREE_IN_FIVE_MINUTES, storm, light(1), MINOR, T0);
        Step replayOfFourth = StormGrouping.onRaised(THREE_IN_FIVE_MINUTES, storm, light(4), MINOR, T0 + 3 * SECOND);

        assertThat(replayOfFirst.state()).isEqualTo(storm);
        assertThat(replayOfFirst.individual()).isTrue();
        assertThat(replayOfFirst.group()).isEmpty();
        assertThat(replayOfFourth.individual()).isFalse();
        assertThat(replayOfFourth.group()).isEmpty();
    }

    @Test
    void aSubjectTheGroupingNeverSawPassesThrough() {
        Step cleared = StormGrouping.onCleared(State.EMPTY, "unseen", T0);
        Step changed = StormGrouping.onSeverityChanged(State.EMPTY, "unseen", MAJOR, T0);

        assertThat(cleared.individual()).isTrue();
        assertThat(changed.individual()).isTrue();
        assertThat(cleared.state()).isEqualTo(State.EMPTY);
    }
}
