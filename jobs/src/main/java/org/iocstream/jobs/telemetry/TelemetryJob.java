package org.iocstream.jobs.telemetry;

import java.time.Duration;
import java.util.Properties;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.types.Either;
import org.iocstream.connectors.timeseries.ReadingTables;
import org.iocstream.connectors.timeseries.StoreOptions;
import org.iocstream.connectors.timeseries.TimeSeriesSink;
import org.iocstream.jobs.kafka.AvroRecordSerializer;
import org.iocstream.jobs.kafka.TelemetryDeserializer;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.Topics;

/**
 * The live telemetry job: ioc.telemetry.v1 from Kafka through {@link TelemetryPipeline} into the store's window
 * tables, dead letters back to Kafka. It wires real connectors around the one pipeline and nothing else.
 */
public final class TelemetryJob {

    public static final String NAME = "ioc-telemetry";
    public static final String CONSUMER_GROUP = "ioc-telemetry-job";

    /**
     * @param kafkaBootstrapServers Kafka to read telemetry from and write dead letters to
     * @param store the time-series store for the window tables
     * @param pipeline event-time and window settings
     */
    public record Settings(String kafkaBootstrapServers, StoreOptions store, TelemetryPipelineOptions pipeline) {
    }

    private TelemetryJob() {
    }

    /** Adds the job's graph to the environment; the caller configures checkpoints and executes. */
    public static void define(StreamExecutionEnvironment env, Settings settings) {
        KafkaSource<Either<DeadLetter, Reading>> source = KafkaSource.<Either<DeadLetter, Reading>>builder()
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

        TelemetryPipeline.build(env, source, TelemetryPipeline.watermarks(settings.pipeline()), settings.pipeline(),
                new TelemetryPipeline.Sinks(
                aggregates -> aggregates
                        .sinkTo(new TimeSeriesSink<>(settings.store(), ReadingTables::toPoint))
                        .uid("store-sink")
                        .name("store-sink"),
                deadLetters -> deadLetters
                        .sinkTo(deadLetterSink)
                        .uid("deadletter-sink")
                        .name("deadletter-sink")));
    }
}
