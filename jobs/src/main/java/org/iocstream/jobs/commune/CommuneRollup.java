package org.iocstream.jobs.commune;

import java.time.Duration;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.util.OutputTag;
import org.iocstream.schemas.CommuneAggregate;
import org.iocstream.schemas.DeviceInfo;
import org.iocstream.schemas.Reading;

/**
 * The 1-minute commune and province rollups (table {@code commune_1m}), as a piece of topology the telemetry
 * pipeline adds to its deduplicated readings.
 *
 * <pre>
 * readings (numeric, with a kind) -> keyBy (commune, kind, metric) -> 1 min window, allowed lateness
 *   -> AreaWindow per commune ------------------------------------------+--> + registry -> CommuneAggregate
 *   '-> keyBy (kind, metric) -> 1 min window, last row per commune -> AreaWindow "40" -'
 * readings too late for their window -> side output
 * </pre>
 *
 * Flink's window operator keeps each window's readings until the watermark passes its end plus the allowed
 * lateness, and re-fires it with everything it holds when a late reading comes, so every row is a full
 * recomputation and the store's upsert replaces the earlier one. Windows cannot read broadcast state, so the
 * registry joins after them ({@link RegisteredDevicesFunction}).
 */
public final class CommuneRollup {

    /** The province's code, used as the commune of its rows. */
    public static final String PROVINCE = "40";
    public static final Duration WINDOW = Duration.ofMinutes(1);

    private CommuneRollup() {
    }

    /** The rows of commune_1m (communes and province), and the readings that came too late for their window. */
    public record Streams(DataStream<CommuneAggregate> rows, DataStream<Reading> lateReadings) {
    }

    /**
     * Adds the rollups to {@code readings}, which must be deduplicated and carry event-time watermarks.
     *
     * @param devices the device registry (ioc.devices.v1), with {@link org.iocstream.jobs.telemetry.SideInputWatermarks}
     *     so that it never holds event time back
     * @param allowedLateness how long after a window's end a late reading still re-fires it
     * @param lateReadings where readings later than that go, once each
     */
    public static Streams addTo(DataStream<Reading> readings, DataStream<DeviceInfo> devices,
            Duration allowedLateness, OutputTag<Reading> lateReadings) {
        SingleOutputStreamOperator<AreaWindow> communes = readings
                .filter(new RollupReadingsFilter())
                .name("rollup-readings")
                .keyBy(CommuneSeriesKey::of)
                .window(TumblingEventTimeWindows.of(WINDOW))
                .allowedLateness(allowedLateness)
                .sideOutputLateData(lateReadings)
                .aggregate(new CommuneReadingsAggregateFunction(), new ToCommuneWindowFunction())
                .uid("commune-window-60s")
                .name("commune-window-60s");

        // A commune row is stamped with its window's last millisecond and re-fires only while its window is
        // within the lateness, and this operator's watermark trails the commune windows' own, so with the same
        // lateness no commune row is ever too late here.
        DataStream<AreaWindow> province = communes
                .keyBy(KindMetricKey::of)
                .window(TumblingEventTimeWindows.of(WINDOW))
                .allowedLateness(allowedLateness)
                .process(new ProvinceWindowFunction())
                .uid("province-window-60s")
                .name("province-window-60s");

        BroadcastStream<DeviceInfo> registry = devices
                .broadcast(RegisteredDevicesFunction.DEVICES, RegisteredDevicesFunction.COUNTS);
        DataStream<CommuneAggregate> rows = communes.union(province)
                .connect(registry)
                .process(new RegisteredDevicesFunction(), new AvroTypeInfo<>(CommuneAggregate.class))
                .uid("rollup-registry")
                .name("rollup-registry");
        return new Streams(rows, communes.getSideOutput(lateReadings));
    }
}
