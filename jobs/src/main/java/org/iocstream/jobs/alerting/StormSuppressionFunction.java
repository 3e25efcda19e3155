package org.iocstream.jobs.alerting;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iocstream.jobs.alerts.EpisodeState;
import org.iocstream.jobs.alerts.StormGrouping;
import org.iocstream.jobs.alerts.StormGrouping.GroupTransition;
import org.iocstream.jobs.alerts.StormGrouping.Member;
import org.iocstream.jobs.alerts.StormPolicy;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;

/**
 * Storm suppression ({@link StormGrouping}) for the alerts of one rule in one commune, keyed by {@link #key}. The
 * alerts are taken in the order of their record timestamps (when they were decided), buffered until the watermark
 * passes them; an alert behind the watermark is taken at once and counted ({@code lateAlerts}). A raise is at its
 * record timestamp, a clear at its {@code clearedAt}.
 *
 * <p>Out: the member alerts that are emitted on their own, and the grouped alert (rule {@value StormGrouping#RULE},
 * subject {@code commune/rule}, id from the earliest member raise) each time it opens, changes (a member joins or
 * leaves, or its severity changes) or clears. Its {@code value} is the number of active members and its
 * {@code threshold} the policy's {@code maxSubjects}.
 */
public final class StormSuppressionFunction extends KeyedProcessFunction<String, Alert, Alert> {

    private final StormPolicy policy;

    private transient MapState<Long, List<Alert>> pendingAlerts;
    private transient MapState<String, Member> members;
    private transient ValueState<Long> groupStart;
    private transient Counter lateAlerts;

    public StormSuppressionFunction(StormPolicy policy) {
        this.policy = policy;
    }

    /** {@code commune/rule}, the grouped alert's subject; an alert without commune groups under "-". */
    public static String key(Alert alert) {
        return StormGrouping.groupSubject(alert.getCommune() == null ? "-" : alert.getCommune(), alert.getRule());
    }

    @Override
    public void open(OpenContext openContext) {
        pendingAlerts = getRuntimeContext().getMapState(new MapStateDescriptor<>("pending-alerts", Types.LONG,
                Types.LIST(new AvroTypeInfo<>(Alert.class))));
        members = getRuntimeContext().getMapState(new MapStateDescriptor<>("members", Types.STRING,
                TypeInformation.of(Member.class)));
        groupStart = getRuntimeContext().getState(new ValueStateDescriptor<>("group-start", Types.LONG));
        lateAlerts = getRuntimeContext().getMetricGroup().counter("lateAlerts");
    }

    @Override
    public void processElement(Alert alert, Context ctx, Collector<Alert> out) throws Exception {
        long time = ctx.timestamp();
        if (time <= ctx.timerService().currentWatermark()) {
            lateAlerts.inc();
            take(alert, time, ctx.getCurrentKey(), out);
            return;
        }
        List<Alert> pending = pendingAlerts.get(time);
        List<Alert> extended = pending == null ? new ArrayList<>() : new ArrayList<>(pending);
        extended.add(alert);
        pendingAlerts.put(time, extended);
        ctx.timerService().registerEventTimeTimer(time);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        TreeMap<Long, List<Alert>> due = new TreeMap<>();
        for (Map.Entry<Long, List<Alert>> entry : pendingAlerts.entries()) {
            if (entry.getKey() <= timestamp) {
                due.put(entry.getKey(), entry.getValue());
            }
        }
        for (Map.Entry<Long, List<Alert>> alerts : due.entrySet()) {
            pendingAlerts.remove(alerts.getKey());
            for (Alert alert : alerts.getValue()) {
                take(alert, alerts.getKey(), ctx.getCurrentKey(), out);
            }
        }
        if (pendingAlerts.isEmpty()) {
            pendingAlerts.clear(); // an emptied map would otherwise stay in the state backend as an entry
        }
    }

    private void take(Alert alert, long time, String groupSubject, Collector<Alert> out) throws Exception {
        Map<String, Member> active = new HashMap<>();
        for (Map.Entry<String, Member> member : members.entries()) {
            active.put(member.getKey(), member.getValue());
        }
        Long start = groupStart.value();
        StormGrouping.State state = new StormGrouping.State(active, start == null ? EpisodeState.NONE : start);
        String subject = alert.getSubject();
        StormGrouping.Step step;
        if (alert.getState() == AlertState.CLEARED) {
            step = StormGrouping.onCleared(state, subject, alert.getClearedAt().toEpochMilli());
        } else if (active.containsKey(subject)) {
            step = StormGrouping.onSeverityChanged(state, subject, alert.getSeverity(), time);
        } else {
            step = StormGrouping.onRaised(policy, state, subject, alert.getSeverity(), time);
        }
        members.clear();
        if (!step.state().members().isEmpty()) { // putAll of nothing would leave an empty map behind as an entry
            members.putAll(step.state().members());
        }
        if (step.state().hasGroup()) {
            groupStart.update(step.state().groupStart());
        } else {
            groupStart.clear();
        }
        if (step.individual()) {
            out.collect(alert);
        }
        step.group().ifPresent(group -> out.collect(grouped(group, alert, groupSubject)));
    }

    private Alert grouped(GroupTransition group, Alert member, String groupSubject) {
        boolean cleared = group.type() == GroupTransition.Type.CLEARED;
        String message = cleared
                ? "storm of " + member.getRule() + " in commune " + member.getCommune() + " over at "
                        + Instant.ofEpochMilli(group.time())
                : group.members().size() + " " + member.getRule() + " alerts in commune " + member.getCommune()
                        + " since " + Instant.ofEpochMilli(group.groupStart()) + ": " + sample(group.members());
        return AlertRecords.of(StormGrouping.RULE, groupSubject, member.getCommune(), group.severity(),
                group.groupStart(), cleared ? group.time() : null,
                cleared ? null : (double) group.members().size(), (double) policy.maxSubjects(), message);
    }

    /** The first few members, so that a storm of hundreds stays a readable message. */
    private static String sample(List<String> members) {
        int shown = Math.min(5, members.size());
        String listed = String.join(", ", members.subList(0, shown));
        return shown < members.size() ? listed + " and " + (members.size() - shown) + " more" : listed;
    }
}
