package org.iocstream.jobs.airquality;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.apache.flink.streaming.api.operators.StreamFilter;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.iocstream.schemas.Reading;
import org.junit.jupiter.api.Test;

class AirQualityReadingsFilterTest {

    private static Reading reading(String metric, String kind, Double value) {
        Instant t = Instant.parse("2025-11-25T01:00:00Z");
        return Reading.newBuilder().setDeviceId("16681-ENV-0001").setMetric(metric).setTime(t).setValue(value)
                .setUnit("ug/m3").setCommune("16681").setGateway("gw-01").setIngestProtocol("mqtt").setIngestTime(t)
                .setKind(kind).build();
    }

    @Test
    void keepsTheSixPollutantsOfEnvironmentStationsOrOfDevicesWithoutAKind() throws Exception {
        try (var harness = new OneInputStreamOperatorTestHarness<>(new StreamFilter<>(new AirQualityReadingsFilter()))) {
            harness.open();
            for (String metric : new String[] {"pm2_5", "pm10", "o3", "co", "so2", "no2"}) {
                harness.processElement(new StreamRecord<>(reading(metric, "ENV", 1.0)));
            }
            harness.processElement(new StreamRecord<>(reading("pm2_5", null, 2.0)));     // no kind: kept
            harness.processElement(new StreamRecord<>(reading("pm2_5", "AGR", 3.0)));    // another kind
            harness.processElement(new StreamRecord<>(reading("temperature", "ENV", 4.0)));
            harness.processElement(new StreamRecord<>(reading("pm2_5", "ENV", null)));   // a string reading
            harness.processElement(new StreamRecord<>(reading("pm2_5", "ENV", -0.5)));   // no sub-index: dropped
            harness.processElement(new StreamRecord<>(reading("pm2_5", "ENV", Double.NaN)));
            harness.processElement(new StreamRecord<>(reading("pm2_5", "ENV", 0.0)));   // zero is a concentration

            assertThat(harness.extractOutputValues()).extracting(r -> r.getMetric() + "/" + r.getKind() + "=" + r.getValue())
                    .containsExactly("pm2_5/ENV=1.0", "pm10/ENV=1.0", "o3/ENV=1.0", "co/ENV=1.0", "so2/ENV=1.0",
                            "no2/ENV=1.0", "pm2_5/null=2.0", "pm2_5/ENV=0.0");
        }
    }
}
