package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.iocstream.connectors.indicators.IndicatorCatalog;
import org.iocstream.connectors.indicators.Scopes;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.PeriodType;

/**
 * Raises {@link StaleFeedAlert stale-indicator-feed} when a reported indicator's period closes and its grace passes
 * without a value for an expected scope ({@link ExpectedFeeds}), and clears it when the value arrives. Keyed by
 * {@link IndicatorKey}: input 1 is the seeds, {@link ExpectedFeeds#reportedKeys}, input 2 the feed's values.
 *
 * <p>A keyed operator can only set a timer for a key while it handles an element of that key, and a feed that
 * never reports must still go stale, so the watch starts from a seed (or from a value, whichever comes first;
 * either order gives the same state). Keys that are not expected feeds (computed indicators, a commune's territory
 * value) are ignored and keep no state. Seeds may come again, e.g. after a restart: a key already watched ignores
 * them.
 *
 * <p>Per key it watches one period, the oldest without a value, with one processing-time timer at its
 * {@link ReportingPeriod#staleAt stale time}; feeds are monthly or quarterly and wall-clock due, so event time would
 * stall whenever no feed sends anything. A watch starts with the latest period that is already stale (the one
 * before {@link ReportingPeriod#firstNotStale}), so a feed that missed its last period is reported as soon as the
 * job runs, and no older period, so a first deployment does not raise the feed's whole history. Its timer gives
 * the feed topic {@link #STARTUP_GRACE} to deliver that period's value, as it is read from the start. A value counts
 * for the period of the indicator's catalogue period type that holds its period start, so monthly values fill the
 * quarter. Counters {@code staleFeedsRaised} and {@code staleFeedsCleared}.
 */
public final class StaleIndicatorFeedFunction extends KeyedCoProcessFunction<String, String, IndicatorValue, Alert> {

    /** How long a watch that starts on an already stale period waits for its value before raising. */
    public static final Duration STARTUP_GRACE = Duration.ofMinutes(1);

    private final IndicatorCatalog catalog;
    private final Scopes scopes;
    private final Duration grace;
    /** Start (epoch day) of the oldest period without a value; null until the key is seeded. */
    private transient ValueState<Long> watched;
    /** Later periods that already have a value, so the watch skips them when it gets there. */
    private transient MapState<Long, Boolean> reportedAhead;
    /** Periods with an active alert, until their value arrives. */
    private transient MapState<Long, Boolean> stale;
    private transient Counter raised;
    private transient Counter cleared;

    /** @param grace how long after its period closed a value may still come before the feed is stale */
    public StaleIndicatorFeedFunction(IndicatorCatalog catalog, Scopes scopes, Duration grace) {
        if (grace.isNegative()) {
            throw new IllegalArgumentException("grace must not be negative, got " + grace);
        }
        this.catalog = catalog;
        this.scopes = scopes;
        this.grace = grace;
    }

    @Override
    public void open(OpenContext openContext) {
        watched = getRuntimeContext().getState(new ValueStateDescriptor<>("watched-period", Types.LONG));
        reportedAhead = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("reported-ahead", Types.LONG, Types.BOOLEAN));
        stale = getRuntimeContext().getMapState(new MapStateDescriptor<>("stale-periods", Types.LONG, Types.BOOLEAN));
        raised = getRuntimeContext().getMetricGroup().counter("staleFeedsRaised");
        cleared = getRuntimeContext().getMetricGroup().counter("staleFeedsCleared");
    }

    @Override
    public void processElement1(String seed, Context ctx, Collector<Alert> out) throws Exception {
        if (isExpected(ctx.getCurrentKey()) && watched.value() == null) {
            startWatch(ctx);
        }
    }

    @Override
    public void processElement2(IndicatorValue value, Context ctx, Collector<Alert> out) throws Exception {
        String key = ctx.getCurrentKey();
        if (!isExpected(key)) {
            return;
        }
        if (watched.value() == null) {
            startWatch(ctx);
        }
        ReportingPeriod period = ReportingPeriod.containing(periodType(key), value.getPeriodStart());
        long day = period.start().toEpochDay();
        if (stale.contains(day)) {
            stale.remove(day);
            cleared.inc();
            out.collect(StaleFeedAlert.cleared(IndicatorKey.code(key), IndicatorKey.scope(key), period, grace, value));
        } else if (day == watched.value()) {
            ctx.timerService().deleteProcessingTimeTimer(timerOf(period));
            watchAfter(period, ctx.timerService());
        } else if (day > watched.value()) {
            reportedAhead.put(day, Boolean.TRUE);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Alert> out) throws Exception {
        String key = ctx.getCurrentKey();
        ReportingPeriod period = new ReportingPeriod(periodType(key), LocalDate.ofEpochDay(watched.value()));
        if (timestamp < timerOf(period)) {
            return; // the start-up timer of a period whose value came meanwhile
        }
        stale.put(watched.value(), Boolean.TRUE);
        raised.inc();
        out.collect(StaleFeedAlert.raised(IndicatorKey.code(key), IndicatorKey.scope(key), period, grace));
        watchAfter(period, ctx.timerService());
    }

    private boolean isExpected(String key) {
        // a feed is expected per (code, scope); a value for one device kind does not fill it
        return IndicatorKey.kind(key) == null
                && ExpectedFeeds.isExpectedFeed(catalog, scopes, IndicatorKey.code(key), IndicatorKey.scope(key));
    }

    private PeriodType periodType(String key) {
        return catalog.find(IndicatorKey.code(key)).orElseThrow().period();
    }

    private void startWatch(Context ctx) throws Exception {
        long now = ctx.timerService().currentProcessingTime();
        ReportingPeriod lastStale = ReportingPeriod.firstNotStale(periodType(ctx.getCurrentKey()),
                Instant.ofEpochMilli(now), grace).previous();
        watched.update(lastStale.start().toEpochDay());
        ctx.timerService().registerProcessingTimeTimer(Math.max(timerOf(lastStale),
                now + STARTUP_GRACE.toMillis()));
    }

    private void watchAfter(ReportingPeriod done, TimerService timers) throws Exception {
        ReportingPeriod next = done.next();
        while (reportedAhead.contains(next.start().toEpochDay())) {
            reportedAhead.remove(next.start().toEpochDay());
            next = next.next();
        }
        watch(next, timers);
    }

    private void watch(ReportingPeriod period, TimerService timers) throws Exception {
        watched.update(period.start().toEpochDay());
        timers.registerProcessingTimeTimer(timerOf(period));
    }

    private long timerOf(ReportingPeriod period) {
        return period.staleAt(grace).toEpochMilli();
    }
}
