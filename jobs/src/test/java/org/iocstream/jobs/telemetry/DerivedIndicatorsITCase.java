package org.iocstream.jobs.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.jobs.telemetry.PipelineTestSupport.drain;
import static org.iocstream.jobs.telemetry.PipelineTestSupport.watermarkAfterEveryReading;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BinaryOperator;
import java.util.stream.Collectors;
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
 * The derived indicators through the whole pipeline on a MiniCluster: readings -> 1-minute windows and device
 * statuses -> derived-indicators -> kpi-join -> the KPI sink. The bounded input ends with an end-of-time
 * watermark, so every day closes; the last value of each day is checked, whatever came before it.
 */
class DerivedIndicatorsITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    // 08:00 local (UTC+7) on 2025-11-25
    private static final Instant T0 = Instant.parse("2025-11-25T01:00:00Z");

    @Test
    void cameraUptimePerCommuneAndLocalDayReachesTheKpiSink() throws Exception {
        List<Either<DeadLetter, Reading>> input = new ArrayList<>();
        for (int second = 0; second < 180; second += 10) {
            input.add(TelemetryInput.of(reading("online", second, 1)));
            // one stream-down report at 08:01:30 makes the minute down
            input.add(TelemetryInput.of(reading("bitrate", second, second == 90 ? 0 : 3000)));
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // one ordered source split: the camera's first status is the minute of its first reading, 08:00:00; with
        // two, the other split's first reading could come first and start the statuses at its own minute
        env.setParallelism(1);
        DataGeneratorSource<Either<DeadLetter, Reading>> source = PipelineTestSupport.sourceOf(env, input);
        DataStream.Collector<KpiValue> kpis = new DataStream.Collector<>();
        TelemetryPipeline.build(env, TelemetryPipeline.Sources.telemetryOnly(source,
                        watermarkAfterEveryReading()),
                new TelemetryPipelineOptions(Duration.ZERO, Duration.ofMinutes(10), Duration.ofMinutes(5),
                        TelemetryPipelineOptions.DEFAULT_WINDOWS), AnalyticsOptions.standard(),
                new TelemetryPipeline.Sinks(PipelineTestSupport::discard, PipelineTestSupport::discard,
                        PipelineTestSupport::discard, PipelineTestSupport::discard,
                        PipelineTestSupport::discard, k -> k.collectAsync(kpis), PipelineTestSupport::discard));
        env.executeAsync("derived-indicators-test");

        List<KpiValue> rows = drain(kpis.getOutput()).stream()
                .filter(row -> row.getCode().equals("OPS_CAMERA_UPTIME"))
                .toList();

        assertThat(rows).isNotEmpty().allSatisfy(row -> {
            assertThat(row.getScope()).isEqualTo("16681");
            assertThat(row.getOrigin()).isEqualTo(KpiOrigin.COMPUTED);
            assertThat(row.getSource()).isEqualTo("ioc-stream");
            assertThat(row.getUnit()).isEqualTo("percent");
        });
        BinaryOperator<KpiValue> latest = BinaryOperator.maxBy(Comparator.comparing(KpiValue::getReceivedAt));
        Map<LocalDate, KpiValue> lastOfDay = rows.stream()
                .collect(Collectors.toMap(KpiValue::getPeriodStart, row -> row, latest));
        assertThat(lastOfDay).containsOnlyKeys(LocalDate.parse("2025-11-25"));

        // No registry: the camera's statuses start with its first reading, 08:00:00, whose status (at 08:00) covers
        // (07:59, 08:00], the minute 07:59 without windows: down. The statuses at 08:01 and 08:02 cover the minutes
        // of the windows 08:00 and 08:01; the one at 08:03 is never written, as the input ends before it.
        // Camera-minutes 07:59 (status only: down), 08:00 (up), 08:01 (one bitrate of 0: down) and 08:02 (up; its
        // windows fire at the end of the input): 2 of 4
        KpiValue day = lastOfDay.get(LocalDate.parse("2025-11-25"));
        assertThat(day.getValue()).isEqualTo(50.0);
        assertThat(day.getReceivedAt()).isEqualTo(Instant.parse("2025-11-25T17:00:00Z")); // local midnight
        assertThat(day.getTarget()).isEqualTo(98.0);
        assertThat(day.getMet()).isFalse();
    }

    private static Reading reading(String metric, long secondsAfterT0, double value) {
        return Reading.newBuilder().setDeviceId("16681-CAM-0001").setMetric(metric)
                .setTime(T0.plusSeconds(secondsAfterT0)).setValue(value)
                .setUnit(metric.equals("bitrate") ? "kbit/s" : null).setCommune("16681").setGateway("gw-01")
                .setKind("CAM").setIngestProtocol("mqtt").setIngestTime(T0.plusSeconds(secondsAfterT0 + 1)).build();
    }
}
