package org.iocstream.jobs.telemetry;

import java.time.Duration;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.apache.flink.util.function.SerializableFunction;
import org.iocstream.connectors.timeseries.AlertTables;
import org.iocstream.connectors.timeseries.AqiTables;
import org.iocstream.connectors.timeseries.CommuneTables;
import org.iocstream.connectors.timeseries.DeviceStatusTables;
import org.iocstream.connectors.timeseries.IndicatorTables;
import org.iocstream.connectors.timeseries.LinePoint;
import org.iocstream.connectors.timeseries.ReadingTables;
import org.iocstream.connectors.timeseries.StoreOptions;
import org.iocstream.connectors.timeseries.TimeSeriesSink;
import org.iocstream.jobs.kafka.AvroRecordSerializer;
import org.iocstream.jobs.kafka.SideInputDeserializer;
import org.iocstream.jobs.kafka.TelemetryDeserializer;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.DeviceInfo;
import org.iocstream.schemas.GatewayStatus;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.OperatorCommand;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.Topics;

/**
 * The live analytics job: ioc.telemetry.v1 and the side topics (ioc.devices.v1, ioc.status.v1, ioc.commands.v1,
 * ioc.indicators.v1) from Kafka through {@link TelemetryPipeline} into the store's tables, alerts also to
 * ioc.alerts.v1, dead letters back to Kafka. It wires real connectors around the one pipeline and nothing else.
 */
public final class TelemetryJob {

    public static final String NAME = "ioc-telemetry";
    public static final String CONSUMER_GROUP = "ioc-telemetry-job";
    /** Kafka's default transaction.max.timeout.ms is 15 min; Flink's producer would ask for 1 h. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(10);

    /**
     * @param kafkaBootstrapServers Kafka to read telemetry and side inputs from and to write alerts and dead
     *     letters to
     * @param store the time-series store for the tables
     * @param pipeline event-time and window settings
     * @param analytics alert rules and indicator catalogue
     */
    public record Settings(String kafkaBootstrapServers, StoreOptions store, TelemetryPipelineOptions pipeline,
            AnalyticsOptions analytics) {
    }

    private TelemetryJob() {
    }

    /** Adds the job's graph to the environment; the caller configures checkpoints and executes. */
    public static void define(StreamExecutionEnvironment env, Settings settings) {
        KafkaSource<Either<DeadLetter, Reading>> telemetry = KafkaSource.<Either<DeadLetter, Reading>>builder()
                .setBootstrapServers(settings.kafkaBootstrapServers())
                .setTopics(Topics.TELEMETRY)
                .setGroupId(CONSUMER_GROUP)
                // A restored job resumes from the offsets in its checkpoint or savepoint (the group's committed
                // offsets only serve monitoring). A job without state reads the topic from the beginning: starting
                // at committed offsets would fire the windows open there with partial counts, while re-reading
                // re-writes complete rows as upserts.
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new TelemetryDeserializer())
                .setProperty("partition.discovery.interval.ms", String.valueOf(Duration.ofMinutes(1).toMillis()))
                .build();

        Properties producer = new Properties();
        producer.put("enable.idempotence", "true");
        producer.put("acks", "all");
        KafkaSink<DeadLetter> deadLetterSink = KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(settings.kafkaBootstrapServers())
                .setKafkaProducerConfig(producer)
                .setRecordSerializer(new AvroRecordSerializer<>(DeadLetter.class, Topics.DEADLETTER,
                        DeadLetter::getSource))
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
        Properties transactional = new Properties();
        transactional.putAll(producer);
        transactional.put("transaction.timeout.ms", String.valueOf(TRANSACTION_TIMEOUT.toMillis()));
        // alerts are committed with each checkpoint, so a restart never shows a read_committed consumer an alert
        // record twice
        KafkaSink<Alert> alertSink = KafkaSink.<Alert>builder()
                .setBootstrapServers(settings.kafkaBootstrapServers())
                .setKafkaProducerConfig(transactional)
                .setRecordSerializer(new AvroRecordSerializer<>(Alert.class, Topics.ALERTS, Alert::getAlertId))
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(CONSUMER_GROUP + "-alerts")
                .build();

        String kafka = settings.kafkaBootstrapServers();
        TelemetryPipeline.Sources sources = new TelemetryPipeline.Sources(telemetry,
                TelemetryPipeline.watermarks(settings.pipeline()),
                sideInput(kafka, Topics.DEVICES, DeviceInfo.class),
                sideInput(kafka, Topics.STATUS, GatewayStatus.class),
                sideInput(kafka, Topics.COMMANDS, OperatorCommand.class),
                sideInput(kafka, Topics.INDICATORS, IndicatorValue.class));
        StoreOptions store = settings.store();
        TelemetryPipeline.build(env, sources, settings.pipeline(), settings.analytics(), new TelemetryPipeline.Sinks(
                aggregates -> toStore(aggregates, store, ReadingTables::toPoint, "store-sink"),
                rows -> toStore(rows, store, CommuneTables::toPoint, "commune-store-sink"),
                statuses -> toStore(statuses, store, DeviceStatusTables::toPoint, "device-status-store-sink"),
                airQuality -> toStore(airQuality, store, AqiTables::toPoint, "aqi-store-sink"),
                alerts -> {
                    toStore(alerts, store, AlertTables::toPoint, "alert-store-sink");
                    alerts.sinkTo(alertSink).uid("alert-kafka-sink").name("alert-kafka-sink");
                },
                kpis -> toStore(kpis, store, IndicatorTables::toPoint, "indicator-store-sink"),
                deadLetters -> deadLetters
                        .sinkTo(deadLetterSink)
                        .uid("deadletter-sink")
                        .name("deadletter-sink")));
    }

    /**
     * A side topic read whole from the beginning on a fresh start (the registry and the statuses are compacted
     * state; commands and feeds are few), from the checkpoint's offsets on a restore.
     */
    private static <T extends SpecificRecordBase> KafkaSource<T> sideInput(String bootstrap, String topic, Class<T> type) {
        return KafkaSource.<T>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(topic)
                .setGroupId(CONSUMER_GROUP)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setDeserializer(new SideInputDeserializer<>(type))
                .setProperty("isolation.level", "read_committed")
                .build();
    }

    private static <T> void toStore(DataStream<T> stream, StoreOptions store, SerializableFunction<T, LinePoint> toPoint,
            String uid) {
        stream.sinkTo(new TimeSeriesSink<>(store, toPoint)).uid(uid).name(uid);
    }
}
