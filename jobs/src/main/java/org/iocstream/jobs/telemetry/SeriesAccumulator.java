package org.iocstream.jobs.telemetry;

import org.iocstream.jobs.window.WindowStats;

/**
 * Window state of one series: its statistics plus the labels the store row carries. Labels come from the
 * latest reading, so a device that moves to another gateway is shown where it reported last.
 */
public final class SeriesAccumulator {
    public WindowStats stats = new WindowStats();
    public String unit;
    public String commune;
    public String gateway;
    public String kind;
    /** Event time of the reading the labels came from (epoch micros). */
    public long labelTime = Long.MIN_VALUE;

    public SeriesAccumulator() {
    }
}
