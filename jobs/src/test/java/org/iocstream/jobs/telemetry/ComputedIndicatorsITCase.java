package org.iocstream.jobs.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.jobs.telemetry.PipelineTestSupport.drain;
import static org.iocstream.jobs.telemetry.PipelineTestSupport.watermarkAfterEveryReading;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.connector.datagen.functions.FromElementsGeneratorFunction;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Either;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.KpiOrigin;
import org.iocstream.schemas.KpiValue;
import org.iocstream.schemas.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The computed indicators through the whole pipeline on a MiniCluster: readings -> device
 * statuses -> computed-indicators -> kpi-join -> the KPI sink. The bounded input ends with an end-of-time
 * watermark, so every day closes; the last value of each day is checked, whatever came before it.
 */
class ComputedIndicatorsITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    // 08:00 local (UTC+7) on 2025-11-25
    private static final Instant T0 = Instant.parse("2025-11-25T01:00:00Z");

    @Test
    void deviceAvailabilityPerCommuneAndLocalDayReachesTheKpiSink() throws Exception {
        List<Either<DeadLetter, Reading>> input = List.of(
                TelemetryInput.of(reading("16681-LGT-0001", 5)),
                TelemetryInput.of(reading("16681-LGT-0002", 5)),
                TelemetryInput.of(reading("16681-LGT-0002", 125)));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // one ordered source split: a lamp's first status minute follows the watermark at its first reading
        env.setParallelism(1);
        DataGeneratorSource<Either<DeadLetter, Reading>> source = new DataGeneratorSource<>(
                new FromElementsGeneratorFunction<>(TelemetryInput.TYPE, env.getConfig(), input),
                input.size(), RateLimiterStrategy.noOp(), TelemetryInput.TYPE);
        DataStream.Collector<KpiValue> kpis = new DataStream.Collector<>();
        TelemetryPipeline.build(env, TelemetryPipeline.Sources.telemetryOnly(source,
                        watermarkAfterEveryReading()),
                new TelemetryPipelineOptions(Duration.ZERO, Duration.ofMinutes(10), Duration.ofMinutes(5),
                        TelemetryPipelineOptions.DEFAULT_WINDOWS), AnalyticsOptions.standard(),
                new TelemetryPipeline.Sinks(PipelineTestSupport::discard, PipelineTestSupport::discard,
                        PipelineTestSupport::discard, PipelineTestSupport::discard,
                        PipelineTestSupport::discard, k -> k.collectAsync(kpis), PipelineTestSupport::discard));
        env.executeAsync("computed-indicators-test");

        List<KpiValue> rows = drain(kpis.getOutput());

        // no registry, so nothing is expected and there is no completeness
        assertThat(rows).isNotEmpty().allSatisfy(row -> {
            assertThat(row.getCode()).isEqualTo("OPS_DEVICE_AVAILABILITY");
            assertThat(row.getScope()).isEqualTo("16681");
            assertThat(row.getOrigin()).isEqualTo(KpiOrigin.COMPUTED);
            assertThat(row.getSource()).isEqualTo("ioc-stream");
            assertThat(row.getUnit()).isEqualTo("percent");
        });
        BinaryOperator<KpiValue> latest = BinaryOperator.maxBy(Comparator.comparing(KpiValue::getReceivedAt));
        Map<LocalDate, KpiValue> lastOfDay = rows.stream()
                .collect(Collectors.toMap(KpiValue::getPeriodStart, row -> row, latest));
        assertThat(lastOfDay).containsOnlyKeys(LocalDate.parse("2025-11-25"));

        // Each lamp is known from its first reading at 08:00:05 and has a status at every minute event time
        // reached: the last reading (08:02:05) moves it to 08:02:04.999, so 08:01 and 08:02. The end of the input
        // is no minute of data, so there is none after. Both lamps are online at both: 4 of 4 device-minutes.
        KpiValue day = lastOfDay.get(LocalDate.parse("2025-11-25"));
        assertThat(day.getValue()).isEqualTo(100.0);
        assertThat(day.getReceivedAt()).isEqualTo(Instant.parse("2025-11-25T17:00:00Z")); // local midnight
        assertThat(day.getTarget()).isEqualTo(95.0);
        assertThat(day.getGap()).isEqualTo(5.0);
        assertThat(day.getMet()).isTrue();
    }

    private static Reading reading(String device, long secondsAfterT0) {
        return Reading.newBuilder().setDeviceId(device).setMetric("power").setTime(T0.plusSeconds(secondsAfterT0))
                .setValue(60.0).setUnit("W").setCommune("16681").setGateway("gw-01").setKind("LGT")
                .setIngestProtocol("mqtt").setIngestTime(T0.plusSeconds(secondsAfterT0 + 1)).build();
    }
}
