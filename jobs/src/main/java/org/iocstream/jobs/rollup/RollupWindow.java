package org.iocstream.jobs.rollup;

import java.util.Collection;
import org.iocstream.jobs.window.WindowStats;

/**
 * One window of one (kind, metric) over an area: a commune, or the province as the {@link #merge} of its
 * communes' windows.
 *
 * @param stats statistics over every reading in the area (min, max and mean across communes included)
 * @param devicesReporting distinct devices with at least one reading in the window
 * @param devicesRegistered devices the registry lists for the area, kind and metric
 * @param expectedReadings readings the registered devices' intervals call for in the window
 * @param communes communes merged into this window: 1 for a commune
 */
public record RollupWindow(WindowStats stats, long devicesReporting, long devicesRegistered,
        double expectedReadings, int communes) {

    public long readings() {
        return stats.count;
    }

    /**
     * Readings received / readings expected, not capped at 1: a device that reports more than its interval
     * (a loudspeaker also reports on change) or one the registry does not know pushes it above 1, and a cap
     * would hide a missing device behind a talkative one. NaN when nothing is expected.
     */
    public double completeness() {
        return expectedReadings == 0 ? Double.NaN : readings() / expectedReadings;
    }

    /**
     * Both areas together. Communes hold disjoint devices (a device id starts with its commune), so device
     * counts add up, and the merged completeness is the communes' completeness weighted by expected readings.
     */
    public static RollupWindow merge(RollupWindow a, RollupWindow b) {
        return new RollupWindow(WindowStats.merge(a.stats, b.stats), a.devicesReporting + b.devicesReporting,
                a.devicesRegistered + b.devicesRegistered, a.expectedReadings + b.expectedReadings,
                a.communes + b.communes);
    }

    /** The province's window: the merge of its communes' windows; empty, with no commune, for none. */
    public static RollupWindow province(Collection<RollupWindow> communeWindows) {
        RollupWindow province = new RollupWindow(new WindowStats(), 0, 0, 0, 0);
        for (RollupWindow commune : communeWindows) {
            province = merge(province, commune);
        }
        return province;
    }
}
