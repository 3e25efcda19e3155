package org.iocstream.jobs.commune;

import org.iocstream.jobs.window.WindowStats;

/**
 * What the readings of one (area, kind, metric) window say, before the registry adds the devices registered
 * there: the area is a commune code, or {@link CommuneRollup#PROVINCE}. Times are epoch milliseconds.
 *
 * <p>Public fields and a no-argument constructor make it a Flink POJO.
 */
public final class AreaWindow {
    public String area;
    public String kind;
    public String metric;
    public String unit;
    public long windowStart;
    public long windowEnd;
    public WindowStats stats = new WindowStats();
    public long devicesReporting;
    public int communes;

    public AreaWindow() {
    }

    public AreaWindow(String area, String kind, String metric, String unit, long windowStart, long windowEnd,
            WindowStats stats, long devicesReporting, int communes) {
        this.area = area;
        this.kind = kind;
        this.metric = metric;
        this.unit = unit;
        this.windowStart = windowStart;
        this.windowEnd = windowEnd;
        this.stats = stats;
        this.devicesReporting = devicesReporting;
        this.communes = communes;
    }

    @Override
    public String toString() {
        return area + "/" + kind + "/" + metric + "@" + windowStart + " " + stats + " devices=" + devicesReporting
                + " communes=" + communes;
    }
}
