package org.iocstream.jobs.telemetry;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iocstream.schemas.Reading;

/**
 * Passes each reading of a series once: a gateway that resends after a lost acknowledgement, or a broker that
 * redelivers, sends the same identity (deviceId, metric, time) again, and it must count once. Per series it
 * remembers the times it has seen until event time has moved {@code retention} past them; by then the reading's
 * windows have fired, so a copy arriving later is routed as late instead of being counted twice.
 * Duplicates are counted in the operator metric {@code duplicateReadings}.
 */
public final class DeduplicateReadingsFunction extends KeyedProcessFunction<SeriesKey, Reading, Reading> {

    private final long retentionMillis;
    private transient MapState<Long, Boolean> seenTimes;
    private transient Counter duplicates;

    /** @param retention how long after its event time a reading's identity is remembered */
    public DeduplicateReadingsFunction(Duration retention) {
        this.retentionMillis = retention.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        seenTimes = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("seen-reading-times", Types.LONG, Types.BOOLEAN));
        duplicates = getRuntimeContext().getMetricGroup().counter("duplicateReadings");
    }

    @Override
    public void processElement(Reading reading, Context ctx, Collector<Reading> out) throws Exception {
        long timeMicros = ChronoUnit.MICROS.between(Instant.EPOCH, reading.getTime());
        if (seenTimes.contains(timeMicros)) {
            duplicates.inc();
            return;
        }
        seenTimes.put(timeMicros, Boolean.TRUE);
        // one timer per series and second at most: expiry is rounded up to the next whole second
        long expiry = reading.getTime().toEpochMilli() + retentionMillis;
        ctx.timerService().registerEventTimeTimer(expiry - Math.floorMod(expiry, 1000L) + 999L);
        out.collect(reading);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<Reading> out) throws Exception {
        long expiredBeforeMicros = (timestamp - retentionMillis + 1) * 1000L;
        Iterator<Map.Entry<Long, Boolean>> entries = seenTimes.iterator();
        while (entries.hasNext()) {
            if (entries.next().getKey() < expiredBeforeMicros) {
                entries.remove();
            }
        }
        if (seenTimes.isEmpty()) {
            seenTimes.clear(); // an emptied map would otherwise stay in the state backend as an entry
        }
    }
}
