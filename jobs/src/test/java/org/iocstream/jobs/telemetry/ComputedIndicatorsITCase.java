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
 * statuses (and their province copies) -> computed-indicators -> kpi-join -> the KPI sink. The bounded input ends with an end-of-time
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
    void theIndicatorsOfACommuneAndTheProvinceReachTheKpiSink() throws Exception {
        // a lamp every minute, and a gateway's own telemetry once (two metrics at one time), then silent
        List<Either<DeadLetter, Reading>> input = List.of(
                TelemetryInput.of(reading("16681-LGT-0001", "LGT", "power", 5)),
                TelemetryInput.of(reading("16681-GTW-0001", "GTW", "uptime", 5)),
                TelemetryInput.of(reading("16681-GTW-0001", "GTW", "rssi", 5)),
                TelemetryInput.of(reading("16681-LGT-0001", "LGT", "power", 65)),
                TelemetryInput.of(reading("16681-LGT-0001", "LGT", "power", 125)),
                TelemetryInput.of(reading("16681-LGT-0001", "LGT", "power", 185)),
                TelemetryInput.of(reading("16681-LGT-0001", "LGT", "power", 245)),
                TelemetryInput.of(reading("16681-LGT-0001", "LGT", "power", 305)));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        // one ordered source split: a device's first status minute follows the watermark at its first reading
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
        env.executeAsync("computed-indicators-test");

        List<KpiValue> rows = drain(kpis.getOutput());

        assertThat(rows).isNotEmpty().allSatisfy(row -> {
            assertThat(row.getPeriodStart()).isEqualTo(LocalDate.parse("2025-11-25"));
            assertThat(row.getOrigin()).isEqualTo(KpiOrigin.COMPUTED);
            assertThat(row.getSource()).isEqualTo("ioc-stream");
            assertThat(row.getUnit()).isEqualTo("percent");
        });
        BinaryOperator<KpiValue> latest = BinaryOperator.maxBy(Comparator.comparing(KpiValue::getReceivedAt));
        Map<String, KpiValue> last = rows.stream().collect(Collectors.toMap(
                row -> row.getScope() + " " + row.getCode() + (row.getKind() == null ? "" : "/" + row.getKind()),
                row -> row, latest));

        // Both devices are known from their first reports at 08:00:05 and have a status at every minute event
        // time reached: the last reading (08:05:05) moves it to 08:05:04.999, so the minutes ending 08:01 ... 08:05.
        // The lamp reports once in each and is online in each. The gateway's one report (08:00:05) is in the
        // minute ending 08:01; it is online while at most 3 min old, at 08:01, 08:02 and 08:03.
        // completeness (5 + 1) / (5 + 5); availability without the gateway 5 of 5; gateway uptime 3 of 5.
        // No speaker, station or alert: no radio ICT, good-air days or acknowledgement minutes.
        assertThat(last).extractingFromEntries(entry -> entry.getKey() + " " + entry.getValue().getValue())
                .containsExactlyInAnyOrder(
                        "16681 OPS_DATA_COMPLETENESS 60.0", "40 OPS_DATA_COMPLETENESS 60.0",
                        "16681 OPS_DEVICE_AVAILABILITY 100.0", "40 OPS_DEVICE_AVAILABILITY 100.0",
                        "16681 OPS_DEVICE_AVAILABILITY/LGT 100.0", "40 OPS_DEVICE_AVAILABILITY/LGT 100.0",
                        "16681 OPS_GATEWAY_UPTIME 60.0", "40 OPS_GATEWAY_UPTIME 60.0",
                        "16681 INF_COMMUNE_PHYS_DIGITAL 100.0",
                        // the province's share: 1 of its 130 communes has a working device
                        "40 INF_COMMUNE_PHYS_DIGITAL " + 100.0 * 1 / 130);
        // every last value is the one the day's close emitted, at local midnight
        assertThat(last.values()).extracting(KpiValue::getReceivedAt)
                .containsOnly(Instant.parse("2025-11-25T17:00:00Z"));

        KpiValue lamps = last.get("16681 OPS_DEVICE_AVAILABILITY/LGT");
        assertThat(lamps.getKind()).isEqualTo("LGT");
        assertThat(lamps.getTarget()).isEqualTo(95.0);
        assertThat(lamps.getGap()).isEqualTo(5.0);
        assertThat(lamps.getMet()).isTrue();
        // OPS_GATEWAY_UPTIME >= 99.5
        KpiValue gateway = last.get("16681 OPS_GATEWAY_UPTIME");
        assertThat(gateway.getKind()).isNull();
        assertThat(gateway.getGap()).isEqualTo(60.0 - 99.5);
        assertThat(gateway.getMet()).isFalse();
    }

    private static Reading reading(String device, String kind, String metric, long secondsAfterT0) {
        return Reading.newBuilder().setDeviceId(device).setMetric(metric).setTime(T0.plusSeconds(secondsAfterT0))
                .setValue(60.0).setUnit("W").setCommune("16681").setGateway("gw-01").setKind(kind)
                .setIngestProtocol("mqtt").setIngestTime(T0.plusSeconds(secondsAfterT0 + 1)).build();
    }
}
