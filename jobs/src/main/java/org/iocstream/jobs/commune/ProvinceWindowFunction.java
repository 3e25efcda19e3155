package org.iocstream.jobs.commune;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.streaming.api.functions.windowing.ProcessWindowFunction;
import org.apache.flink.streaming.api.windowing.windows.TimeWindow;
import org.apache.flink.util.Collector;
import org.iocstream.jobs.rollup.RollupWindow;

/**
 * Merges the communes' windows of one (kind, metric) into the province's ({@link RollupWindow#province}).
 * A commune window that re-fired arrives again, after its earlier version, and holds all of its readings: the
 * window's elements are kept in arrival order, so the last one per commune replaces the earlier ones instead
 * of being added to them.
 */
public final class ProvinceWindowFunction
        extends ProcessWindowFunction<AreaWindow, AreaWindow, KindMetricKey, TimeWindow> {

    @Override
    public void process(KindMetricKey key, Context context, Iterable<AreaWindow> communeWindows,
            Collector<AreaWindow> out) {
        Map<String, AreaWindow> latest = new LinkedHashMap<>();
        String unit = null;
        for (AreaWindow commune : communeWindows) {
            latest.put(commune.area, commune);
            unit = commune.unit == null ? unit : commune.unit;
        }
        // registered devices come from the registry downstream, so that communes without readings count too
        List<RollupWindow> communes = latest.values().stream()
                .map(c -> new RollupWindow(c.stats, c.devicesReporting, 0, 0, c.communes))
                .toList();
        RollupWindow province = RollupWindow.province(communes);
        out.collect(new AreaWindow(CommuneRollup.PROVINCE, key.kind, key.metric, unit, context.window().getStart(),
                context.window().getEnd(), province.stats(), province.devicesReporting(), province.communes()));
    }
}
