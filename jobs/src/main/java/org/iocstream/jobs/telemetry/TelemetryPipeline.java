package org.iocstream.jobs.telemetry;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.api.common.eventtime.SerializableTimestampAssigner;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFilterFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.DataStreamUtils;
import org.apache.flink.streaming.api.datastream.KeyedStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Either;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.iocstream.jobs.airquality.AirQuality;
import org.iocstream.jobs.alerting.AlertLifecycleFunction;
import org.iocstream.jobs.alerting.DeviceAlertFunction;
import org.iocstream.jobs.alerting.GatewayOfflineFunction;
import org.iocstream.jobs.alerting.GatewaySilenceFunction;
import org.iocstream.jobs.alerting.StormSuppressionFunction;
import org.iocstream.jobs.alerts.CameraEvents;
import org.iocstream.jobs.alerts.GatewaySilence;
import org.iocstream.jobs.commune.CommuneRollup;
import org.iocstream.jobs.devices.DeviceStatuses;
import org.iocstream.jobs.indicators.AlertAckMinutes;
import org.iocstream.jobs.indicators.AqiGoodDays;
import org.iocstream.jobs.indicators.ComputedIndicators;
import org.iocstream.jobs.indicators.DerivedIndicators;
import org.iocstream.jobs.indicators.ExpectedFeeds;
import org.iocstream.jobs.indicators.IndicatorJoinFunction;
import org.iocstream.jobs.indicators.IndicatorKey;
import org.iocstream.jobs.indicators.ProvinceShares;
import org.iocstream.jobs.indicators.RadioIctIndicator;
import org.iocstream.jobs.indicators.StaleIndicatorFeedFunction;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AqiValue;
import org.iocstream.schemas.CommuneAggregate;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.DeviceInfo;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.GatewayStatus;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.KpiValue;
import org.iocstream.schemas.OperatorCommand;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.WindowAggregate;

/**
 * The one analytics pipeline: live runs, replay and tests all assemble it here, from sources and sinks they pass
 * in. It defines topology only: it reads no configuration and never calls execute.
 *
 * <pre>
 * telemetry (Reading | undecodable) -> event-time watermarks (bounded disorder, idleness)
 *   -> readings keyed by (device, metric) -> dedupe by (device, metric, time)
 *   -> numeric readings -> tumbling windows, one per configured size, with allowed lateness
 *        -> WindowAggregate                                                          -> aggregates sink
 *   -> numeric readings with a kind + device registry -> 1 min commune and province rollups
 *        -> CommuneAggregate                                                         -> commune sink
 *   -> all readings + device registry -> DeviceStatus per device and minute         -> device status sink
 *   -> pollutant readings -> hourly means -> VN_AQI per station and commune, hour and day -> air quality sink
 *   -> all readings keyed by device -> device alerts (conditions, thresholds, offline) --+
 *   -> hourly AQI and PM2.5 24 h mean per station -> threshold alerts (aqi-hourly, pm25-24h) -+
 *        -> storm suppression per (commune, rule) --+
 *        (camera events go past it) ----------------+
 *   gateway status (Last Wills) -> gateway offline -+-> alert lifecycle + operator commands -> alerts sink
 *   CoAP gateways' readings -> gateway silence -----+
 *   indicator feeds + expected feeds -> stale feeds -+
 *   device statuses -> computed indicators per (commune and province, day) ---------+
 *   speaker programs + statuses -> radio ICT per (commune, day) ---------------------+-> province shares -+
 *   1 min device windows + statuses -> derived indicators per (commune, day) ---------------------------+
 *   commune daily AQI -> good-air days per (commune, month) ---------------------------------------------+
 *   alerts -> acknowledgement minutes per (commune and province, day) -----------------------------------+
 *   indicator feeds + the computed values above -> valid value per (code, scope, kind, period)
 *        joined with its target                                                     -> KPI sink
 *   undecodable records and readings past the allowed lateness -> DeadLetter          -> dead-letter sink
 * </pre>
 *
 * Only the readings move event time: the side inputs carry {@link SideInputWatermarks}.
 */
public final class TelemetryPipeline {

    private static final OutputTag<DeadLetter> UNDECODABLE =
            new OutputTag<>("undecodable", new AvroTypeInfo<>(DeadLetter.class));
    private static final OutputTag<Reading> LATE_FOR_COMMUNE =
            new OutputTag<>("late-commune-window-60s", new AvroTypeInfo<>(Reading.class));

    private TelemetryPipeline() {
    }

    /**
     * Where the pipeline's input comes from. Only telemetry is required; a missing side input is an empty one
     * (no registry, no gateway status, no commands, no indicator feeds).
     */
    public record Sources(Source<Either<DeadLetter, Reading>, ?, ?> telemetry,
            WatermarkStrategy<Either<DeadLetter, Reading>> telemetryWatermarks,
            Source<DeviceInfo, ?, ?> devices, Source<GatewayStatus, ?, ?> gatewayStatus,
            Source<OperatorCommand, ?, ?> commands, Source<IndicatorValue, ?, ?> indicators) {

        /** Telemetry alone, as the window tests and benchmarks feed it. */
        public static Sources telemetryOnly(Source<Either<DeadLetter, Reading>, ?, ?> telemetry,
                WatermarkStrategy<Either<DeadLetter, Reading>> telemetryWatermarks) {
            return new Sources(telemetry, telemetryWatermarks, null, null, null, null);
        }
    }

    /** Where the pipeline's results go. */
    public record Sinks(Consumer<DataStream<WindowAggregate>> aggregates,
            Consumer<DataStream<CommuneAggregate>> communeAggregates,
            Consumer<DataStream<DeviceStatus>> deviceStatuses, Consumer<DataStream<AqiValue>> airQuality,
            Consumer<DataStream<Alert>> alerts, Consumer<DataStream<KpiValue>> kpis,
            Consumer<DataStream<DeadLetter>> deadLetters) {
    }

    /**
     * The event-time strategy of live runs: watermarks trail the newest reading by the allowed disorder, and a
     * partition without data for the idleness timeout stops holding them back.
     */
    public static WatermarkStrategy<Either<DeadLetter, Reading>> watermarks(TelemetryPipelineOptions options) {
        return WatermarkStrategy
                .<Either<DeadLetter, Reading>>forBoundedOutOfOrderness(options.maxOutOfOrderness())
                .withTimestampAssigner(TelemetryPipeline::eventTime)
                .withIdleness(options.sourceIdleness());
    }

    /** A reading's measurement time; an undecodable record has none, and MIN_VALUE never moves a watermark. */
    public static long eventTime(Either<DeadLetter, Reading> input, long recordTimestamp) {
        return input.isRight() ? input.right().getTime().toEpochMilli() : Long.MIN_VALUE;
    }

    public static void build(StreamExecutionEnvironment env, Sources sources, TelemetryPipelineOptions options,
            AnalyticsOptions analytics, Sinks sinks) {
        SingleOutputStreamOperator<Reading> readings = env
                .fromSource(sources.telemetry(), sources.telemetryWatermarks(), "telemetry-source",
                        TelemetryInput.TYPE)
                .uid("telemetry-source")
                .process(new SplitUndecodable())
                .uid("split-undecodable")
                .name("split-undecodable");

        // a reading's identity is kept until every window it belongs to is closed for good, so that a copy arriving
        // later goes to the late side output instead of being counted twice
        Duration retention = options.maxOutOfOrderness().plus(Collections.max(options.windowSizes()))
                .plus(options.allowedLateness());
        DataStream<Reading> deduplicated = readings
                .keyBy(SeriesKey::of)
                .process(new DeduplicateReadingsFunction(retention))
                .uid("dedupe")
                .name("dedupe");
        // a filter chained to the dedupe keeps its partitioning by series
        KeyedStream<Reading, SeriesKey> numeric = DataStreamUtils.reinterpretAsKeyedStream(deduplicated
                .filter(reading -> reading.getValue() != null)
                .name("numeric-readings"), SeriesKey::of);

        DataStream<WindowAggregate> aggregates = null;
        DataStream<DeadLetter> deadLetters = readings.getSideOutput(UNDECODABLE);
        for (Duration size : options.windowSizes()) {
            String name = "window-" + size.toSeconds() + "s";
            OutputTag<Reading> late = new OutputTag<>("late-" + name, new AvroTypeInfo<>(Reading.class));
            SingleOutputStreamOperator<WindowAggregate> windowed = numeric
                    .window(TumblingEventTimeWindows.of(size))
                    .allowedLateness(options.allowedLateness())
                    .sideOutputLateData(late)
                    .aggregate(new WindowStatsAggregateFunction(), new ToWindowAggregateFunction())
                    .uid(name)
                    .name(name);
            aggregates = aggregates == null ? windowed : aggregates.union(windowed);
            deadLetters = deadLetters.union(windowed.getSideOutput(late)
                    .map(new LateReadingFunction(size))
                    .returns(new AvroTypeInfo<>(DeadLetter.class))
                    .name("late-" + name));
        }
        sinks.aggregates().accept(aggregates);
        sinks.deadLetters().accept(deadLetters);

        DataStream<DeviceInfo> devices = side(env, readings, sources.devices(), DeviceInfo.class, "device-registry",
                (device, kafkaTime) -> device.getUpdatedAt().toEpochMilli());
        CommuneRollup.Streams rollup = CommuneRollup.addTo(numeric, devices, options.allowedLateness(),
                LATE_FOR_COMMUNE);
        sinks.communeAggregates().accept(rollup.rows());
        // the same readings are late for the device's own 1 min window, whose dead letter keeps them
        rollup.lateReadings().filter(new CountAndDrop("communeLateReadings")).name("commune-late-readings");
        DataStream<DeviceStatus> statuses = DeviceStatuses.addTo(deduplicated, devices, options.allowedLateness());
        sinks.deviceStatuses().accept(statuses);
        AirQuality.Streams airQuality = AirQuality.addTo(numeric, options.allowedLateness());
        sinks.airQuality().accept(airQuality.values());

        DataStream<IndicatorValue> indicatorValues = side(env, readings, sources.indicators(), IndicatorValue.class,
                "indicator-source", (value, kafkaTime) -> value.getReceivedAt().toEpochMilli());
        DataStream<Alert> alerts = alerts(env, sources, analytics, deduplicated,
                airQuality.hourlyAqi().union(airQuality.pm25Means24h()), indicatorValues);
        sinks.alerts().accept(alerts);
        // computed values join the reported ones for the KPI join only: stale feeds watch reported indicators
        DataStream<IndicatorValue> computed = ComputedIndicators.addTo(statuses, options.allowedLateness())
                .union(RadioIctIndicator.addTo(deduplicated, statuses, options.allowedLateness()));
        // the province's share of communes counts the communes' own values, a commune without one against it
        DataStream<IndicatorValue> provinceShares = ProvinceShares.addTo(computed, analytics.scopes().communes(),
                options.allowedLateness());
        sinks.kpis().accept(indicatorValues.union(computed, provinceShares,
                        DerivedIndicators.addTo(aggregates, statuses, options.allowedLateness()),
                        AqiGoodDays.addTo(airQuality.values(), options.allowedLateness()),
                        AlertAckMinutes.addTo(alerts, AlertAckMinutes.DEFAULT_ACKNOWLEDGEMENT_WINDOW))
                .keyBy(IndicatorKey::of)
                .process(new IndicatorJoinFunction(analytics.indicators(), IndicatorJoinFunction.DEFAULT_RETENTION),
                        new AvroTypeInfo<>(KpiValue.class))
                .uid("kpi-join")
                .name("kpi-join"));
    }

    private static DataStream<Alert> alerts(StreamExecutionEnvironment env, Sources sources,
            AnalyticsOptions analytics, DataStream<Reading> deduplicated, DataStream<Reading> hourlyAirQuality,
            DataStream<IndicatorValue> indicatorValues) {
        AvroTypeInfo<Alert> alertType = new AvroTypeInfo<>(Alert.class);
        DataStream<Alert> deviceAlerts = deduplicated
                .keyBy(Reading::getDeviceId)
                .process(new DeviceAlertFunction(analytics.alertRules(), analytics.alertEvaluationDelay()), alertType)
                .uid("device-alerts")
                .name("device-alerts");
        // An hour's AQI and PM2.5 24 h mean are stamped with the hour's start and known once event time reaches its
        // end, an hour later: their own evaluator waits that long. Without a kind they are series of threshold rules
        // only (aqi-hourly, pm25-24h), never a station report for the device rules or the offline timer.
        DataStream<Alert> aqiAlerts = hourlyAirQuality
                .map(TelemetryPipeline::withoutKind)
                .returns(new AvroTypeInfo<>(Reading.class))
                .name("aqi-hourly-series")
                .keyBy(Reading::getDeviceId)
                .process(new DeviceAlertFunction(analytics.alertRules(), AirQuality.HOUR), alertType)
                .uid("aqi-alerts")
                .name("aqi-alerts");
        // Camera events go straight to the lifecycle: only an acknowledgement clears them, which the storm grouping
        // (it keeps a member until its clear) never sees, and each accident or fire must reach an operator itself.
        DataStream<Alert> cameraEvents = deviceAlerts.filter(TelemetryPipeline::isCameraEvent).name("camera-events");
        DataStream<Alert> stormed = deviceAlerts.filter(TelemetryPipeline::isNoCameraEvent)
                .name("storm-candidates")
                .union(aqiAlerts)
                .keyBy(StormSuppressionFunction::key)
                .process(new StormSuppressionFunction(analytics.alertRules().storm()), alertType)
                .uid("storm-suppression")
                .name("storm-suppression");
        // Gateway statuses are stamped when the ingest received them, not in the readings' event time, so they
        // bypass the storm grouping, which orders alerts by event time; a commune has a few gateways, not a storm.
        DataStream<Alert> gatewayAlerts = side(env, deduplicated, sources.gatewayStatus(), GatewayStatus.class,
                        "gateway-status-source", (status, kafkaTime) -> status.getReceivedAt().toEpochMilli())
                .keyBy(GatewayOfflineFunction::key)
                .process(new GatewayOfflineFunction(), alertType)
                .uid("gateway-offline-alerts")
                .name("gateway-offline-alerts");
        // Gateways without a Last Will go offline by silence, in event time, beside the device alerts.
        GatewaySilence silence = analytics.alertRules().gatewaySilence();
        DataStream<Alert> silentGateways = deduplicated
                .filter(reading -> silence.watches(reading.getIngestProtocol()))
                .name("gateway-silence-readings")
                .keyBy(GatewaySilenceFunction::key)
                .process(new GatewaySilenceFunction(silence.silence(), analytics.alertEvaluationDelay()), alertType)
                .uid("gateway-silence-alerts")
                .name("gateway-silence-alerts");
        List<String> expectedFeeds = ExpectedFeeds.reportedKeys(analytics.indicators(), analytics.scopes());
        DataStream<Alert> staleFeeds = env.fromData(expectedFeeds, Types.STRING)
                .uid("indicator-feed-seeds")
                .name("indicator-feed-seeds")
                .connect(indicatorValues)
                .keyBy(key -> key, IndicatorKey::of)
                .process(new StaleIndicatorFeedFunction(analytics.indicators(), analytics.scopes(),
                        analytics.staleFeedGrace()), alertType)
                .uid("stale-indicator-feed")
                .name("stale-indicator-feed");
        DataStream<OperatorCommand> commands = side(env, deduplicated, sources.commands(), OperatorCommand.class,
                "command-source", (command, kafkaTime) -> command.getAt().toEpochMilli());
        return stormed.union(cameraEvents, gatewayAlerts, silentGateways, staleFeeds)
                .keyBy(Alert::getAlertId)
                .connect(commands.keyBy(OperatorCommand::getAlertId))
                .process(new AlertLifecycleFunction(analytics.alertRetention()), alertType)
                .uid("alert-lifecycle")
                .name("alert-lifecycle");
    }

    private static boolean isCameraEvent(Alert alert) {
        return CameraEvents.RULE.equals(alert.getRule());
    }

    private static boolean isNoCameraEvent(Alert alert) {
        return !isCameraEvent(alert);
    }

    private static Reading withoutKind(Reading reading) {
        return Reading.newBuilder(reading).setKind(null).build();
    }

    /**
     * A side input with end-of-time watermarks. An absent one is empty and follows the readings' own event time (a
     * flatMap of the readings that lets nothing through): a separate empty source would hold event time at its
     * start until its task runs, and a bounded run whose readings end before that would jump to the end of time.
     */
    private static <T extends SpecificRecordBase> DataStream<T> side(StreamExecutionEnvironment env,
            DataStream<Reading> readings, Source<T, ?, ?> source, Class<T> type, String uid,
            SerializableTimestampAssigner<T> timestamp) {
        TypeInformation<T> typeInfo = new AvroTypeInfo<>(type);
        if (source == null) {
            return readings.flatMap(new NoElements<T>()).returns(typeInfo).name(uid);
        }
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), uid, typeInfo).uid(uid)
                .assignTimestampsAndWatermarks(SideInputWatermarks.strategy(timestamp))
                .name(uid + "-watermarks");
    }

    /** Readings continue downstream; dead letters from the source go to a side output. */
    private static final class SplitUndecodable extends ProcessFunction<Either<DeadLetter, Reading>, Reading> {
        @Override
        public void processElement(Either<DeadLetter, Reading> input, Context ctx, Collector<Reading> out) {
            if (input.isRight()) {
                out.collect(input.right());
            } else {
                ctx.output(UNDECODABLE, input.left());
            }
        }
    }

    /** The elements of an absent side input. */
    private static final class NoElements<T> implements FlatMapFunction<Reading, T> {
        @Override
        public void flatMap(Reading reading, Collector<T> out) {
        }
    }

    /** Counts what reaches it (a Flink counter of the operator) and lets nothing through. */
    private static final class CountAndDrop extends RichFilterFunction<Reading> {
        private final String metric;
        private transient Counter counter;

        CountAndDrop(String metric) {
            this.metric = metric;
        }

        @Override
        public void open(OpenContext openContext) {
            counter = getRuntimeContext().getMetricGroup().counter(metric);
        }

        @Override
        public boolean filter(Reading reading) {
            counter.inc();
            return false;
        }
    }
}
