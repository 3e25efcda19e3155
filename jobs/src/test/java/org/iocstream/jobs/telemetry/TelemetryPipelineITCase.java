package org.iocstream.jobs.telemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.jobs.telemetry.PipelineTestSupport.drain;
import static org.iocstream.jobs.telemetry.PipelineTestSupport.watermarkAfterEveryReading;

import java.nio.ByteBuffer;
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
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.WindowAggregate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The pipeline on a real MiniCluster, fed from a bounded source, with hand-computed expectations. */
class TelemetryPipelineITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final Instant T0 = Instant.parse("2025-11-25T01:00:00Z");

    private static Reading reading(String device, String metric, long secondsAfterT0, Double value, String text) {
        return Reading.newBuilder()
                .setDeviceId(device)
                .setMetric(metric)
                .setTime(T0.plusSeconds(secondsAfterT0))
                .setValue(value)
                .setStringValue(text)
                .setUnit(value == null ? null : "count")
                .setCommune("16681")
                .setGateway("gw-01")
                .setIngestProtocol("mqtt")
                .setIngestTime(T0.plusSeconds(secondsAfterT0 + 1))
                .build();
    }

    @Test
    void aggregatesWindowsAndRoutesLateAndUndecodableInputToDeadLetters() throws Exception {
        List<Either<DeadLetter, Reading>> input = new ArrayList<>();
        // camera A: six counts in the first minute, values 1..6 at 0, 10, ..., 50 s
        for (int i = 0; i < 6; i++) {
            input.add(TelemetryInput.of(reading("16681-CAM-0001", "vehicle_count", i * 10L, i + 1.0, null)));
        }
        input.add(TelemetryInput.of(reading("16681-LGT-0001", "fault", 15, null, "ok")));
        // a resend of the reading at 30 s (same identity) must count once
        input.add(TelemetryInput.of(reading("16681-CAM-0001", "vehicle_count", 30, 4.0, null)));
        input.add(TelemetryInput.rejected(DeadLetter.newBuilder()
                .setReasonCode("UNDECODABLE_RECORD").setMessage("garbage").setProtocol("kafka")
                .setSource("ioc.telemetry.v1-0@7").setReceivedAt(T0).setPayload(ByteBuffer.wrap(new byte[] {1}))
                .build()));
        // the second minute moves event time past the first minute's windows...
        input.add(TelemetryInput.of(reading("16681-CAM-0001", "vehicle_count", 70, 2.5, null)));
        // ...so this reading from the first 10 s is too late for both its 10 s and its 1 min window (no lateness is
        // allowed here), but in time for its 5 min window
        input.add(TelemetryInput.of(reading("16681-CAM-0001", "vehicle_count", 5, 100.0, null)));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1); // one ordered source split makes "late" exact
        DataGeneratorSource<Either<DeadLetter, Reading>> source = PipelineTestSupport.sourceOf(env, input);
        DataStream.Collector<WindowAggregate> aggregates = new DataStream.Collector<>();
        DataStream.Collector<DeadLetter> deadLetters = new DataStream.Collector<>();
        TelemetryPipeline.build(env, TelemetryPipeline.Sources.telemetryOnly(source, watermarkAfterEveryReading()),
                new TelemetryPipelineOptions(Duration.ZERO, Duration.ZERO, Duration.ofMinutes(5),
                        TelemetryPipelineOptions.DEFAULT_WINDOWS), AnalyticsOptions.standard(),
                new TelemetryPipeline.Sinks(a -> a.collectAsync(aggregates), PipelineTestSupport::discard,
                        PipelineTestSupport::discard, PipelineTestSupport::discard,
                        PipelineTestSupport::discard, PipelineTestSupport::discard,
                        d -> d.collectAsync(deadLetters)));
        env.executeAsync("telemetry-pipeline-test");

        List<WindowAggregate> windows = drain(aggregates.getOutput());
        List<DeadLetter> letters = drain(deadLetters.getOutput());

        List<WindowAggregate> tenSecond = windows.stream()
                .filter(w -> w.getWindowEnd().toEpochMilli() - w.getWindowStart().toEpochMilli() == 10_000).toList();
        assertThat(tenSecond).hasSize(7); // six in the first minute, one at 70 s
        assertThat(tenSecond).allSatisfy(w -> assertThat(w.getCount()).isEqualTo(1));

        WindowAggregate firstMinute = windows.stream()
                .filter(w -> w.getWindowStart().equals(T0) && w.getWindowEnd().equals(T0.plusSeconds(60)))
                .findFirst().orElseThrow();
        assertThat(firstMinute.getDeviceId()).isEqualTo("16681-CAM-0001");
        assertThat(firstMinute.getMetric()).isEqualTo("vehicle_count");
        assertThat(firstMinute.getCommune()).isEqualTo("16681");
        assertThat(firstMinute.getUnit()).isEqualTo("count");
        assertThat(firstMinute.getCount()).isEqualTo(6);
        assertThat(firstMinute.getSum()).isEqualTo(21.0);
        assertThat(firstMinute.getMean()).isEqualTo(3.5);
        assertThat(firstMinute.getMin()).isEqualTo(1.0);
        assertThat(firstMinute.getMax()).isEqualTo(6.0);
        assertThat(firstMinute.getFirst()).isEqualTo(1.0);
        assertThat(firstMinute.getLast()).isEqualTo(6.0);

        WindowAggregate secondMinute = windows.stream()
                .filter(w -> w.getWindowStart().equals(T0.plusSeconds(60)) && w.getWindowEnd().equals(T0.plusSeconds(120)))
                .findFirst().orElseThrow();
        assertThat(secondMinute.getCount()).isEqualTo(1);
        assertThat(secondMinute.getSum()).isEqualTo(2.5);
        WindowAggregate fiveMinutes = windows.stream()
                .filter(w -> w.getWindowStart().equals(T0) && w.getWindowEnd().equals(T0.plusSeconds(300)))
                .findFirst().orElseThrow();
        assertThat(fiveMinutes.getCount()).isEqualTo(8);
        assertThat(fiveMinutes.getSum()).isEqualTo(21.0 + 2.5 + 100.0);
        assertThat(fiveMinutes.getMax()).isEqualTo(100.0);
        assertThat(fiveMinutes.getFirst()).isEqualTo(1.0);
        assertThat(fiveMinutes.getLast()).isEqualTo(2.5);
        assertThat(windows).hasSize(10);
        assertThat(windows).noneMatch(w -> w.getMetric().equals("fault"));

        assertThat(letters).extracting(DeadLetter::getReasonCode)
                .containsExactlyInAnyOrder("UNDECODABLE_RECORD", "LATE_READING", "LATE_READING");
        assertThat(letters).filteredOn(l -> l.getReasonCode().equals("LATE_READING"))
                .extracting(DeadLetter::getSource)
                .containsExactlyInAnyOrder("telemetry-pipeline/window-10s", "telemetry-pipeline/window-60s");
        assertThat(letters).filteredOn(l -> l.getReasonCode().equals("LATE_READING"))
                .allSatisfy(l -> assertThat(l.getMessage()).contains("16681-CAM-0001:vehicle_count")
                        .contains("2025-11-25T01:00:05Z"));
    }
}
