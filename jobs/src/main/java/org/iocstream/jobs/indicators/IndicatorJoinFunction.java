package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.time.LocalDate;
import java.util.Iterator;
import java.util.Map;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iocstream.connectors.indicators.FeedValidator;
import org.iocstream.connectors.indicators.Indicator;
import org.iocstream.connectors.indicators.IndicatorCatalog;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.KpiValue;
import org.iocstream.schemas.PeriodType;

/**
 * Keeps the valid value of each (code, scope, kind, period), keyed by {@link IndicatorKey}, and emits it as a
 * {@link KpiValue}, kind included, with its target and gap ({@link KpiRows}) each time it changes. A value received
 * later supersedes (a feed's correction, or a computed value recomputed); one received at the same time or earlier
 * is a replay or an overtaken correction and is dropped, so a restart that re-reads the topic emits nothing twice.
 * On equal {@code receivedAt} the first one processed stays.
 *
 * <p>A period's {@code receivedAt} is remembered until {@code retention} after the period closed (a
 * processing-time timer at that instant); a correction after that is taken as new, whatever its time. Values
 * whose code is not in the catalogue, whose value is not finite or whose period start is not the first day of a
 * period are dropped and counted in {@code invalidIndicatorValues}; superseded ones in
 * {@code outdatedIndicatorValues}.
 */
public final class IndicatorJoinFunction extends KeyedProcessFunction<String, IndicatorValue, KpiValue> {

    /**
     * How long after its period closed a period's latest {@code receivedAt} is kept (<i>ours</i>): a year and a bit,
     * so the plan's yearly review can still correct the past year's quarters.
     */
    public static final Duration DEFAULT_RETENTION = Duration.ofDays(400);

    private final IndicatorCatalog catalog;
    private final long retentionMillis;
    private transient MapState<String, Long> validReceivedAt;
    private transient Counter invalid;
    private transient Counter outdated;

    /** @param retention how long after a period closed a newer value must beat the one already emitted */
    public IndicatorJoinFunction(IndicatorCatalog catalog, Duration retention) {
        if (retention.isNegative()) {
            throw new IllegalArgumentException("retention must not be negative, got " + retention);
        }
        this.catalog = catalog;
        this.retentionMillis = retention.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        validReceivedAt = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("valid-received-at", Types.STRING, Types.LONG));
        invalid = getRuntimeContext().getMetricGroup().counter("invalidIndicatorValues");
        outdated = getRuntimeContext().getMetricGroup().counter("outdatedIndicatorValues");
    }

    @Override
    public void processElement(IndicatorValue value, Context ctx, Collector<KpiValue> out) throws Exception {
        Optional<Indicator> indicator = catalog.find(value.getCode());
        LocalDate start = value.getPeriodStart();
        if (indicator.isEmpty() || !Double.isFinite(value.getValue())
                || !FeedValidator.startOf(value.getPeriodType(), start).equals(start)) {
            invalid.inc();
            return;
        }
        String period = value.getPeriodType() + "/" + start;
        long receivedAt = value.getReceivedAt().toEpochMilli();
        Long valid = validReceivedAt.get(period);
        if (valid != null && receivedAt <= valid) {
            outdated.inc();
            return;
        }
        validReceivedAt.put(period, receivedAt);
        ctx.timerService().registerProcessingTimeTimer(forgetAt(value.getPeriodType(), start));
        out.collect(KpiRows.of(value, indicator.get()));
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<KpiValue> out) throws Exception {
        Iterator<Map.Entry<String, Long>> entries = validReceivedAt.iterator();
        while (entries.hasNext()) {
            String period = entries.next().getKey();
            int slash = period.indexOf('/');
            if (forgetAt(PeriodType.valueOf(period.substring(0, slash)),
                    LocalDate.parse(period.substring(slash + 1))) <= timestamp) {
                entries.remove();
            }
        }
        if (validReceivedAt.isEmpty()) {
            validReceivedAt.clear(); // an emptied map would otherwise stay in the state backend as an entry
        }
    }

    private long forgetAt(PeriodType type, LocalDate start) {
        return new ReportingPeriod(type, start).end().toEpochMilli() + retentionMillis;
    }
}
