package org.iocstream.jobs.commune;

import org.iocstream.jobs.rollup.CommuneWindowAccumulator;

/**
 * The pure {@link CommuneWindowAccumulator} plus the unit of the latest reading (time in epoch microseconds).
 * Public fields and a no-argument constructor make it a Flink POJO.
 */
public final class CommuneReadingsAccumulator {
    public CommuneWindowAccumulator readings = new CommuneWindowAccumulator();
    public String unit;
    public long unitTime = Long.MIN_VALUE;

    public CommuneReadingsAccumulator() {
    }
}
