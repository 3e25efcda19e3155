package org.iocstream.jobs.indicators;

/**
 * The running counts of one day of a coverage indicator ({@link RadioIctFunction}, {@link ProvinceShareFunction}):
 * how many members it has and how many of them are covered, and what was last emitted. Members are loudspeakers
 * for a commune's radio value and communes with a value for the province's share.
 *
 * <p>Public fields and a no-argument constructor make it a Flink POJO.
 */
public final class CoverageDay {

    public int members;
    public int covered;
    /** The value last emitted, NaN before the first. */
    public double emitted = Double.NaN;
    /** The day's closing value was emitted. */
    public boolean closed;
    /**
     * The pending emission boundary, or {@link ComputedDay#NONE}; the province's share has none, its boundaries are
     * those its commune values wait for.
     */
    public long nextEmission = ComputedDay.NONE;

    public CoverageDay() {
    }
}
