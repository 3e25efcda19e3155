package org.iocstream.jobs.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.jobs.telemetry.PipelineTestSupport.drain;
import static org.iocstream.jobs.telemetry.PipelineTestSupport.watermarkAfterEveryReading;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.flink.types.Either;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Camera events through the pipeline's alert wiring: 25 cameras of one commune seeing an accident in the same
 * minute are 25 MAJOR alerts on their own, never a storm, since camera events go past the storm grouping.
 */
class CameraEventPipelineITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final Instant T0 = Instant.parse("2026-01-05T03:00:00Z");

    private static Reading event(String device, long secondsAfterT0, String text) {
        return Reading.newBuilder().setDeviceId(device).setMetric("event").setTime(T0.plusSeconds(secondsAfterT0))
                .setStringValue(text).setCommune("16681").setGateway("gw-01").setIngestProtocol("mqtt")
                .setIngestTime(T0.plusSeconds(secondsAfterT0)).setKind("CAM").build();
    }

    @Test
    void twentyFiveAccidentsInOneCommuneAreTwentyFiveAlertsAndNoStorm() throws Exception {
        List<Either<DeadLetter, Reading>> input = new ArrayList<>();
        for (int i = 1; i <= 25; i++) {
            input.add(TelemetryInput.of(event(String.format("16681-CAM-%04d", i), i, "accident")));
        }
        input.add(TelemetryInput.of(event("16681-CAM-0001", 40, "crowd")));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        DataGeneratorSource<Either<DeadLetter, Reading>> source = PipelineTestSupport.sourceOf(env, input);
        DataStream.Collector<Alert> alerts = new DataStream.Collector<>();
        TelemetryPipeline.build(env, TelemetryPipeline.Sources.telemetryOnly(source, watermarkAfterEveryReading()),
                new TelemetryPipelineOptions(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5),
                        TelemetryPipelineOptions.DEFAULT_WINDOWS), AnalyticsOptions.standard(),
                new TelemetryPipeline.Sinks(PipelineTestSupport::discard, PipelineTestSupport::discard,
                        PipelineTestSupport::discard, PipelineTestSupport::discard, a -> a.collectAsync(alerts),
                        PipelineTestSupport::discard, PipelineTestSupport::discard));
        env.executeAsync("camera-event-pipeline-test");

        List<Alert> all = drain(alerts.getOutput());
        // the reading at 40 s also puts the cameras last heard 30 s before it offline (MINOR), which is not a storm
        assertThat(all).extracting(Alert::getRule).doesNotContain("storm");
        List<Alert> out = all.stream().filter(a -> a.getRule().equals("camera-event")).toList();

        assertThat(out).hasSize(25).allSatisfy(a -> {
            assertThat(a.getRule()).isEqualTo("camera-event");
            assertThat(a.getState()).isEqualTo(AlertState.ACTIVE);
            assertThat(a.getSeverity().name()).isEqualTo("MAJOR");
            // raised at its report, the episode start, with no evaluation delay
            assertThat(a.getRaisedAt()).isEqualTo(a.getEpisodeStart());
        });
        assertThat(out).extracting(Alert::getAlertId).contains(
                "camera-event:16681-CAM-0001@2026-01-05T03:00:01Z", "camera-event:16681-CAM-0025@2026-01-05T03:00:25Z");
    }
}
