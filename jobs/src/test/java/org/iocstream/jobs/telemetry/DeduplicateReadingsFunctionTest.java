package org.iocstream.jobs.telemetry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.iocstream.schemas.Reading;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeduplicateReadingsFunctionTest {

    private static final Instant T0 = Instant.parse("2025-11-25T01:00:00Z");
    private static final Duration RETENTION = Duration.ofSeconds(70);

    private KeyedOneInputStreamOperatorTestHarness<SeriesKey, Reading, Reading> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DeduplicateReadingsFunction(RETENTION)), SeriesKey::of,
                TypeInformation.of(SeriesKey.class));
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static Reading reading(String device, long seconds, double value) {
        return Reading.newBuilder().setDeviceId(device).setMetric("pm2_5").setTime(T0.plusSeconds(seconds))
                .setValue(value).setUnit("ug/m3").setCommune("16681").setGateway("gw-01").setIngestProtocol("mqtt")
                .setIngestTime(T0.plusSeconds(seconds)).build();
    }

    private void send(Reading reading) throws Exception {
        harness.processElement(new StreamRecord<>(reading, reading.getTime().toEpochMilli()));
    }

    @Test
    void passesEachIdentityOnceAndDifferentTimesOrDevicesThrough() throws Exception {
        send(reading("16681-ENV-0001", 0, 35.25));
        send(reading("16681-ENV-0001", 0, 35.25));   // a resend
        send(reading("16681-ENV-0001", 60, 40));
        send(reading("16681-ENV-0002", 0, 35.25));   // same time, other device
        send(reading("16681-ENV-0001", 0, 99));      // same identity, even with another value: the first wins

        List<Reading> out = harness.extractOutputValues();
        assertThat(out).extracting(r -> r.getDeviceId() + "@" + r.getTime().getEpochSecond() % 3600 + "=" + r.getValue())
                .containsExactly("16681-ENV-0001@0=35.25", "16681-ENV-0001@60=40.0", "16681-ENV-0002@0=35.25");
    }

    @Test
    void forgetsAnIdentityOnlyAfterEventTimeHasPassedItsRetentionAndLeavesNoStateBehind() throws Exception {
        send(reading("16681-ENV-0001", 0, 35.25));
        assertThat(harness.numKeyedStateEntries()).isPositive();
        assertThat(harness.numEventTimeTimers()).isEqualTo(1);

        harness.processWatermark(T0.plus(RETENTION).toEpochMilli() - 2000);
        send(reading("16681-ENV-0001", 0, 35.25));
        assertThat(harness.extractOutputValues()).hasSize(1);

        harness.processWatermark(T0.plus(RETENTION).plusSeconds(1).toEpochMilli());
        assertThat(harness.numEventTimeTimers()).isZero();
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
