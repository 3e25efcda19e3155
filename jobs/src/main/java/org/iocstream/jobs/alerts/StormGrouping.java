package org.iocstream.jobs.alerts;

import static org.iocstream.jobs.alerts.EpisodeState.NONE;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.iocstream.schemas.Severity;

/**
 * Storm suppression for the alerts of one rule in one commune, as a pure state machine fed with the member
 * alerts' transitions in event-time order (times in epoch ms).
 *
 * <p>A raise that brings the active subjects raised less than the window apart to more than {@link StormPolicy}'s
 * {@code maxSubjects} opens a grouped alert (rule {@value #RULE}, subject {@code commune/rule}) listing them,
 * with the highest of their severities. Until the group clears, every further raise joins it instead of alerting
 * on its own. The alerts emitted on their own before the storm was known stay, and their later transitions are
 * still emitted, so no alert is left open; the group lists them too. The group clears when its last member does.
 * A subject that cleared before the storm does not count: the storm is about what is still wrong.
 */
public final class StormGrouping {

    public static final String RULE = "storm";

    private StormGrouping() {
    }

    /** A subject with an active alert. */
    public record Member(Severity severity, long raisedAt, boolean grouped, boolean alertedIndividually) {
    }

    /** The active members by subject, and the open group's start or {@code NONE}. */
    public record State(Map<String, Member> members, long groupStart) {

        public static final State EMPTY = new State(Map.of(), NONE);

        public State {
            members = Map.copyOf(members);
        }

        public boolean hasGroup() {
            return groupStart != NONE;
        }
    }

    /** A change of the grouped alert; {@code members} are the group's active subjects, sorted. */
    public record GroupTransition(Type type, Severity severity, long groupStart, long time, List<String> members) {

        public enum Type {
            RAISED,
            UPDATED,
            CLEARED
        }
    }

    /**
     * @param individual whether the member's own transition is emitted (false when the group stands for it)
     */
    public record Step(State state, boolean individual, Optional<GroupTransition> group) {
    }

    /** The subject of the grouped alert of {@code rule} in {@code commune}. */
    public static String groupSubject(String commune, String rule) {
        return commune + "/" + rule;
    }

    public static Step onRaised(StormPolicy policy, State state, String subject, Severity severity, long time) {
        Member known = state.members().get(subject);
        if (known != null) {
            // a replayed raise of an alert that is already active
            return new Step(state, known.alertedIndividually(), Optional.empty());
        }
        Map<String, Member> members = new HashMap<>(state.members());
        if (state.hasGroup()) {
            members.put(subject, new Member(severity, time, true, false));
            return new Step(new State(members, state.groupStart()), false,
                    Optional.of(group(GroupTransition.Type.UPDATED, members, state.groupStart(), time)));
        }
        members.put(subject, new Member(severity, time, false, true));
        long windowStart = time - policy.window().toMillis();
        List<String> recent = members.entrySet().stream()
                .filter(e -> e.getValue().raisedAt() > windowStart)
                .map(Map.Entry::getKey)
                .toList();
        if (recent.size() <= policy.maxSubjects()) {
            return new Step(new State(members, NONE), true, Optional.empty());
        }
        long groupStart = Long.MAX_VALUE;
        for (String member : recent) {
            Member before = members.get(member);
            groupStart = Math.min(groupStart, before.raisedAt());
            members.put(member, new Member(before.severity(), before.raisedAt(), true,
                    !member.equals(subject)));
        }
        return new Step(new State(members, groupStart), false,
                Optional.of(group(GroupTransition.Type.RAISED, members, groupStart, time)));
    }

    public static Step onSeverityChanged(State state, String subject, Severity severity, long time) {
        Member known = state.members().get(subject);
        if (known == null) {
            return new Step(state, true, Optional.empty());
        }
        Map<String, Member> members = new HashMap<>(state.members());
        members.put(subject, new Member(severity, known.raisedAt(), known.grouped(), known.alertedIndividually()));
        State next = new State(members, state.groupStart());
        boolean groupChanged = known.grouped()
                && groupSeverity(members) != groupSeverity(state.members());
        return new Step(next, known.alertedIndividually(), groupChanged
                ? Optional.of(group(GroupTransition.Type.UPDATED, members, state.groupStart(), time))
                : Optional.empty());
    }

    public static Step onCleared(State state, String subject, long time) {
        Member known = state.members().get(subject);
        if (known == null) {
            return new Step(state, true, Optional.empty());
        }
        Map<String, Member> members = new HashMap<>(state.members());
        members.remove(subject);
        if (!known.grouped()) {
            return new Step(new State(members, state.groupStart()), true, Optional.empty());
        }
        if (members.values().stream().anyMatch(Member::grouped)) {
            return new Step(new State(members, state.groupStart()), known.alertedIndividually(),
                    Optional.of(group(GroupTransition.Type.UPDATED, members, state.groupStart(), time)));
        }
        GroupTransition cleared = new GroupTransition(GroupTransition.Type.CLEARED, groupSeverity(state.members()),
                state.groupStart(), time, List.of());
        return new Step(new State(members, NONE), known.alertedIndividually(), Optional.of(cleared));
    }

    private static GroupTransition group(GroupTransition.Type type, Map<String, Member> members, long groupStart,
            long time) {
        List<String> grouped = members.entrySet().stream()
                .filter(e -> e.getValue().grouped())
                .map(Map.Entry::getKey)
                .sorted()
                .toList();
        return new GroupTransition(type, groupSeverity(members), groupStart, time, grouped);
    }

    private static Severity groupSeverity(Map<String, Member> members) {
        return members.values().stream()
                .filter(Member::grouped)
                .map(Member::severity)
                .reduce(SeverityOrder::mostSevere)
                .orElse(null);
    }
}
