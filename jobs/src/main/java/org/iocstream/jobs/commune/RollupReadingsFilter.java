package org.iocstream.jobs.commune;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.metrics.Counter;
import org.iocstream.schemas.Reading;

/**
 * Keeps the readings a rollup can use: numeric ones with a kind. A reading without a kind comes from a gateway
 * that announced no device list; it is counted in the metric {@code readingsWithoutKind} instead of being
 * grouped under a made-up kind.
 */
public final class RollupReadingsFilter extends RichFilterFunction<Reading> {

    private transient Counter withoutKind;

    @Override
    public void open(OpenContext openContext) {
        withoutKind = getRuntimeContext().getMetricGroup().counter("readingsWithoutKind");
    }

    @Override
    public boolean filter(Reading reading) {
        if (reading.getValue() == null) {
            return false;
        }
        if (reading.getKind() == null) {
            withoutKind.inc();
            return false;
        }
        return true;
    }
}
