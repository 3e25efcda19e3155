package org.iocstream.jobs.telemetry;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.iocstream.jobs.window.WindowStats;
import org.iocstream.schemas.Reading;

/** Folds numeric readings into {@link WindowStats}; a thin adapter, the arithmetic lives in WindowStats. */
public final class WindowStatsAggregateFunction
        implements AggregateFunction<Reading, SeriesAccumulator, SeriesAccumulator> {

    @Override
    public SeriesAccumulator createAccumulator() {
        return new SeriesAccumulator();
    }

    @Override
    public SeriesAccumulator add(Reading reading, SeriesAccumulator acc) {
        long time = ChronoUnit.MICROS.between(Instant.EPOCH, reading.getTime());
        acc.stats.add(time, reading.getValue());
        if (time >= acc.labelTime) {
            acc.labelTime = time;
            acc.unit = reading.getUnit();
            acc.commune = reading.getCommune();
            acc.gateway = reading.getGateway();
            acc.kind = reading.getKind();
        }
        return acc;
    }

    @Override
    public SeriesAccumulator getResult(SeriesAccumulator acc) {
        return acc;
    }

    @Override
    public SeriesAccumulator merge(SeriesAccumulator a, SeriesAccumulator b) {
        SeriesAccumulator merged = new SeriesAccumulator();
        merged.stats = WindowStats.merge(a.stats, b.stats);
        SeriesAccumulator labels = a.labelTime >= b.labelTime ? a : b;
        merged.labelTime = labels.labelTime;
        merged.unit = labels.unit;
        merged.commune = labels.commune;
        merged.gateway = labels.gateway;
        merged.kind = labels.kind;
        return merged;
    }
}
