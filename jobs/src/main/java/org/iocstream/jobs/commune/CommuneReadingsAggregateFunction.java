package org.iocstream.jobs.commune;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.iocstream.jobs.rollup.CommuneWindowAccumulator;
import org.iocstream.schemas.Reading;

/** Folds a commune's numeric readings of one kind and metric into {@link CommuneWindowAccumulator}. */
public final class CommuneReadingsAggregateFunction
        implements AggregateFunction<Reading, CommuneReadingsAccumulator, CommuneReadingsAccumulator> {

    @Override
    public CommuneReadingsAccumulator createAccumulator() {
        return new CommuneReadingsAccumulator();
    }

    @Override
    public CommuneReadingsAccumulator add(Reading reading, CommuneReadingsAccumulator acc) {
        long time = ChronoUnit.MICROS.between(Instant.EPOCH, reading.getTime());
        acc.readings.add(reading.getDeviceId(), time, reading.getValue());
        if (time >= acc.unitTime) {
            acc.unitTime = time;
            acc.unit = reading.getUnit();
        }
        return acc;
    }

    @Override
    public CommuneReadingsAccumulator getResult(CommuneReadingsAccumulator acc) {
        return acc;
    }

    @Override
    public CommuneReadingsAccumulator merge(CommuneReadingsAccumulator a, CommuneReadingsAccumulator b) {
        CommuneReadingsAccumulator merged = new CommuneReadingsAccumulator();
        merged.readings = CommuneWindowAccumulator.merge(a.readings, b.readings);
        CommuneReadingsAccumulator later = a.unitTime >= b.unitTime ? a : b;
        merged.unitTime = later.unitTime;
        merged.unit = later.unit;
        return merged;
    }
}
