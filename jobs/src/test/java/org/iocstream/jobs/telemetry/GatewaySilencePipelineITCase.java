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
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.Reading;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Gateway offline by silence through the pipeline: a CoAP gateway that sends nothing for 8 minutes is one
 * gateway-offline episode, from its last report to its next; an MQTT gateway silent as long raises nothing here,
 * since its outage is its Last Will (on ioc.status.v1, absent from this test).
 */
class GatewaySilencePipelineITCase {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    private static final Instant T0 = Instant.parse("2026-01-05T03:00:00Z");

    /** A reading without a kind: no device rule watches it, only the gateway's silence. */
    private static Reading reading(String gateway, String protocol, long secondsAfterT0) {
        return Reading.newBuilder().setDeviceId("16681-X-" + gateway).setMetric("uptime")
                .setTime(T0.plusSeconds(secondsAfterT0)).setValue((double) secondsAfterT0).setUnit("s").setCommune("16681")
                .setGateway(gateway).setIngestProtocol(protocol).setIngestTime(T0.plusSeconds(secondsAfterT0))
                .build();
    }

    @Test
    void aSilentCoapGatewayIsOneEpisodeFromItsLastReportToItsNextAndASilentMqttGatewayNone() throws Exception {
        List<Either<DeadLetter, Reading>> input = new ArrayList<>();
        for (long second = 0; second <= 900; second += 60) {
            // both go quiet after 2 min, the CoAP gateway comes back at 10 min, the MQTT one at 11 min
            if (second <= 120 || second >= 600) {
                input.add(TelemetryInput.of(reading("gw-coap", "coap", second)));
            }
            if (second <= 120 || second >= 660) {
                input.add(TelemetryInput.of(reading("gw-mqtt", "mqtt", second)));
            }
            // a third gateway keeps event time moving through the silence
            input.add(TelemetryInput.of(reading("gw-busy", "mqtt", second)));
        }

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
        env.executeAsync("gateway-silence-pipeline-test");

        List<String> out = drain(alerts.getOutput()).stream()
                .map(a -> a.getAlertId() + " " + a.getSeverity() + " " + a.getState() + " cleared=" + a.getClearedAt()
                        + " raised=" + a.getRaisedAt())
                .toList();

        // raised when event time reached the last report + 2 min of silence (no evaluation delay)
        assertThat(out).containsExactly(
                "gateway-offline:16681/gw-coap@2026-01-05T03:02:00Z MAJOR ACTIVE cleared=null"
                        + " raised=2026-01-05T03:04:00Z",
                "gateway-offline:16681/gw-coap@2026-01-05T03:02:00Z MAJOR CLEARED cleared=2026-01-05T03:10:00Z"
                        + " raised=2026-01-05T03:04:00Z");
    }
}
