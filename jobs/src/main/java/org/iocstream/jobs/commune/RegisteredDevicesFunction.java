package org.iocstream.jobs.commune;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.BroadcastState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.BroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.iocstream.jobs.rollup.ReportingIntervals;
import org.iocstream.jobs.rollup.RollupWindow;
import org.iocstream.schemas.CommuneAggregate;
import org.iocstream.schemas.DeviceInfo;

/**
 * Completes each area window with the devices the registry lists for its area and kind, and so its expected
 * readings and completeness. It keeps nothing per window: a re-fired window passes through again as a whole row.
 * The registry is broadcast because a window's key (area, kind, metric) is not a device's key, and the
 * registry (about 10,000 devices) is small. Windows completed while the registry lists no device of their area
 * and kind are counted in the metric {@code windowsWithoutRegisteredDevices}.
 */
public final class RegisteredDevicesFunction extends BroadcastProcessFunction<AreaWindow, DeviceInfo, CommuneAggregate> {

    /** Every registered device by id, to move it when its commune or kind changes. */
    public static final MapStateDescriptor<String, DeviceInfo> DEVICES =
            new MapStateDescriptor<>("registered-devices", Types.STRING, new AvroTypeInfo<>(DeviceInfo.class));
    /** Registered devices per "area/kind", communes and the province, so no window scans the registry. */
    public static final MapStateDescriptor<String, Integer> COUNTS =
            new MapStateDescriptor<>("registered-device-counts", Types.STRING, Types.INT);

    private transient Counter withoutRegisteredDevices;

    @Override
    public void open(OpenContext openContext) {
        withoutRegisteredDevices = getRuntimeContext().getMetricGroup().counter("windowsWithoutRegisteredDevices");
    }

    @Override
    public void processElement(AreaWindow window, ReadOnlyContext ctx, Collector<CommuneAggregate> out)
            throws Exception {
        Integer counted = ctx.getBroadcastState(COUNTS).get(countKey(window.area, window.kind));
        int registered = counted == null ? 0 : counted;
        if (registered == 0) {
            withoutRegisteredDevices.inc();
        }
        Duration length = Duration.ofMillis(window.windowEnd - window.windowStart);
        RollupWindow rollup = new RollupWindow(window.stats, window.devicesReporting, registered,
                ReportingIntervals.expectedReadings(window.kind, registered, length), window.communes);
        double completeness = rollup.completeness();
        out.collect(CommuneAggregate.newBuilder()
                .setCommune(window.area)
                .setKind(window.kind)
                .setMetric(window.metric)
                .setUnit(window.unit)
                .setWindowStart(Instant.ofEpochMilli(window.windowStart))
                .setWindowEnd(Instant.ofEpochMilli(window.windowEnd))
                .setCount(rollup.readings())
                .setMin(rollup.stats().min)
                .setMax(rollup.stats().max)
                .setSum(rollup.stats().sum)
                .setMean(rollup.stats().mean())
                .setDevicesReporting(rollup.devicesReporting())
                .setDevicesRegistered(rollup.devicesRegistered())
                .setExpectedReadings(rollup.expectedReadings())
                .setCompleteness(Double.isNaN(completeness) ? null : completeness)
                .setCommunes(rollup.communes())
                .build());
    }

    @Override
    public void processBroadcastElement(DeviceInfo device, Context ctx, Collector<CommuneAggregate> out)
            throws Exception {
        BroadcastState<String, DeviceInfo> devices = ctx.getBroadcastState(DEVICES);
        BroadcastState<String, Integer> counts = ctx.getBroadcastState(COUNTS);
        DeviceInfo before = devices.get(device.getDeviceId());
        devices.put(device.getDeviceId(), device);
        if (before != null && before.getCommune().equals(device.getCommune())
                && before.getKind().equals(device.getKind())) {
            return; // a gateway re-announcing its list changes no count
        }
        if (before != null) {
            add(counts, before.getCommune(), before.getKind(), -1);
        }
        add(counts, device.getCommune(), device.getKind(), 1);
    }

    private static void add(BroadcastState<String, Integer> counts, String commune, String kind, int delta)
            throws Exception {
        for (String area : new String[] {commune, CommuneRollup.PROVINCE}) {
            String key = countKey(area, kind);
            Integer current = counts.get(key);
            int updated = (current == null ? 0 : current) + delta;
            if (updated == 0) {
                counts.remove(key);
            } else {
                counts.put(key, updated);
            }
        }
    }

    private static String countKey(String area, String kind) {
        return area + "/" + kind;
    }
}
