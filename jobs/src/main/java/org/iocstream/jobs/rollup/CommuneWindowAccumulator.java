package org.iocstream.jobs.rollup;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.iocstream.jobs.window.WindowStats;

/**
 * Accumulates the readings of one (commune, kind, metric) window: their statistics and the devices that sent
 * them. Readings arrive deduplicated by (deviceId, metric, time) upstream, so every reading added counts.
 * The expected number of readings is not accumulated: it comes from the registry at {@link #result}.
 *
 * <p>Plain Java with public fields and a no-argument constructor so that Flink keeps it in state as a POJO.
 */
public final class CommuneWindowAccumulator {

    public WindowStats stats = new WindowStats();
    public Set<String> devices = new HashSet<>();

    public CommuneWindowAccumulator() {
    }

    /** Adds one reading of {@code deviceId} and returns this. */
    public CommuneWindowAccumulator add(String deviceId, long time, double value) {
        stats.add(time, value);
        devices.add(deviceId);
        return this;
    }

    /** A new accumulator holding the readings of both; neither argument is changed. */
    public static CommuneWindowAccumulator merge(CommuneWindowAccumulator a, CommuneWindowAccumulator b) {
        CommuneWindowAccumulator merged = new CommuneWindowAccumulator();
        merged.stats = WindowStats.merge(a.stats, b.stats);
        merged.devices.addAll(a.devices);
        merged.devices.addAll(b.devices);
        return merged;
    }

    /** The commune's window, with the readings expected from {@code registered} over {@code window}. */
    public RollupWindow result(ReportingDevices registered, Duration window) {
        return new RollupWindow(stats.copy(), devices.size(), registered.devices(),
                registered.expectedReadings(window), 1);
    }
}
