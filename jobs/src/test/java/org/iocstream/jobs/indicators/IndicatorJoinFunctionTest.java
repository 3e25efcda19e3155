package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;
import static org.iocstream.jobs.indicators.KpiRowsTest.value;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.iocstream.connectors.indicators.IndicatorCatalog;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.KpiOrigin;
import org.iocstream.schemas.KpiValue;
import org.iocstream.schemas.PeriodType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class IndicatorJoinFunctionTest {

    private static final Duration RETENTION = Duration.ofDays(10);

    private KeyedOneInputStreamOperatorTestHarness<String, IndicatorValue, KpiValue> harness;

    @BeforeEach
    void open() throws Exception {
        // a serialised copy, as Flink ships it to the task managers: the catalogue must travel with it
        IndicatorJoinFunction function = InstantiationUtil.clone(
                new IndicatorJoinFunction(IndicatorCatalog.standard(), RETENTION));
        harness = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                IndicatorKey::of, Types.STRING);
        harness.setProcessingTime(Instant.parse("2026-04-01T00:00:00Z").toEpochMilli());
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void send(IndicatorValue value) throws Exception {
        harness.processElement(new StreamRecord<>(value));
    }

    private static IndicatorValue eboard(String start, double value, String receivedAt) {
        return value("INF_COMMUNE_EBOARD", "16681", PeriodType.QUARTER, start, value, "percent", "so-vhtt",
                receivedAt);
    }

    @Test
    void aLaterReceivedValueSupersedesAndAnEarlierOrEqualOneIsDropped() throws Exception {
        send(eboard("2026-01-01", 35, "2026-04-01T03:00:00Z"));
        send(eboard("2026-01-01", 45, "2026-04-02T03:00:00Z"));   // the department's correction
        send(eboard("2026-01-01", 35, "2026-04-01T03:00:00Z"));   // the first one again, e.g. a replay
        send(eboard("2026-01-01", 50, "2026-04-02T03:00:00Z"));   // same time as the valid one: the first stays

        // >= 40: 35 misses by 5, 45 beats it by 5
        assertThat(harness.extractOutputValues())
                .extracting(KpiValue::getValue, KpiValue::getGap, KpiValue::getMet)
                .containsExactly(tuple(35.0, -5.0, false),
                        tuple(45.0, 5.0, true));
    }

    @Test
    void periodsAndScopesAreKeptApart() throws Exception {
        send(eboard("2026-01-01", 35, "2026-04-01T03:00:00Z"));
        send(eboard("2025-10-01", 30, "2026-03-01T03:00:00Z"));   // an older period received earlier still counts
        send(value("INF_COMMUNE_EBOARD", "16690", PeriodType.QUARTER, "2026-01-01", 20, "percent", "so-vhtt",
                "2026-03-01T03:00:00Z"));
        send(value("INF_COMMUNE_EBOARD", "16681", PeriodType.MONTH, "2026-01-01", 33, "percent", "so-vhtt",
                "2026-03-01T03:00:00Z"));

        assertThat(harness.extractOutputValues())
                .extracting(row -> row.getScope() + " " + row.getPeriodType() + " " + row.getPeriodStart() + " "
                        + row.getValue())
                .containsExactly("16681 QUARTER 2026-01-01 35.0", "16681 QUARTER 2025-10-01 30.0",
                        "16690 QUARTER 2026-01-01 20.0", "16681 MONTH 2026-01-01 33.0");
    }

    @Test
    void aValuePerDeviceKindIsKeptApartFromTheValueForAllKindsAndKeepsItsKind() throws Exception {
        send(availability(null, 80, "2026-04-01T03:10:00Z"));
        send(availability("LGT", 90, "2026-04-01T03:10:00Z"));     // same receivedAt, its own key: not a replay
        send(availability("CAM", 60, "2026-04-01T03:10:00Z"));
        send(availability("LGT", 95, "2026-04-01T03:20:00Z"));     // supersedes LGT only
        send(availability("CAM", 70, "2026-04-01T03:00:00Z"));     // older than CAM's: dropped

        // >= 95: 80 misses by 15, LGT 90 by 5, CAM 60 by 35, LGT 95 meets it exactly
        assertThat(harness.extractOutputValues())
                .extracting(KpiValue::getKind, KpiValue::getValue, KpiValue::getGap, KpiValue::getMet)
                .containsExactly(tuple(null, 80.0, -15.0, false), tuple("LGT", 90.0, -5.0, false),
                        tuple("CAM", 60.0, -35.0, false), tuple("LGT", 95.0, 0.0, true));
        assertThat(harness.extractOutputValues()).allSatisfy(row -> {
            assertThat(row.getCode()).isEqualTo("OPS_DEVICE_AVAILABILITY");
            assertThat(row.getOrigin()).isEqualTo(KpiOrigin.COMPUTED);
        });
    }

    private static IndicatorValue availability(String kind, double value, String receivedAt) {
        return IndicatorValue.newBuilder(value("OPS_DEVICE_AVAILABILITY", "16681", PeriodType.DAY, "2026-04-01",
                value, "percent", "ioc-stream", receivedAt)).setKind(kind).build();
    }

    @Test
    void unknownCodesNonFiniteValuesAndMisalignedPeriodsLeaveNoTrace() throws Exception {
        send(value("NO_SUCH_CODE", "40", PeriodType.QUARTER, "2026-01-01", 1, "percent", "x",
                "2026-04-01T03:00:00Z"));
        send(value("OPS_DATA_COMPLETENESS", "16681", PeriodType.DAY, "2026-03-31", Double.NaN, "percent",
                "ioc-stream", "2026-04-01T03:00:00Z"));
        send(eboard("2026-02-01", 35, "2026-04-01T03:00:00Z"));

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aPeriodIsForgottenRetentionAfterItClosed() throws Exception {
        send(eboard("2026-01-01", 35, "2026-04-01T03:00:00Z"));
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        // the first quarter closed at 2026-03-31T17:00Z; + 10 days
        harness.setProcessingTime(Instant.parse("2026-04-10T16:59:59.999Z").toEpochMilli());
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        harness.setProcessingTime(Instant.parse("2026-04-10T17:00:00Z").toEpochMilli());
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();

        // forgotten: the same value is new again
        send(eboard("2026-01-01", 35, "2026-04-01T03:00:00Z"));
        assertThat(harness.extractOutputValues()).hasSize(2);
    }
}
