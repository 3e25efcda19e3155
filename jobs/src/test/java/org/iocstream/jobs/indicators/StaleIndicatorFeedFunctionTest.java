package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.jobs.indicators.KpiRowsTest.value;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.KeyedCoProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedTwoInputStreamOperatorTestHarness;
import org.apache.flink.util.InstantiationUtil;
import org.iocstream.connectors.indicators.IndicatorCatalog;
import org.iocstream.connectors.indicators.Scopes;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.PeriodType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StaleIndicatorFeedFunctionTest {

    private static final String KEY = "INF_TSLCD_LINKED/16681";   // quarterly, province+commune
    /** Stale times with a day's grace: each quarter closes at 17:00 UTC the day before its next starts, + 1 day. */
    private static final Instant Q1_STALE = Instant.parse("2026-04-01T17:00:00Z");
    private static final Instant Q2_STALE = Instant.parse("2026-07-01T17:00:00Z");
    private static final Instant Q3_STALE = Instant.parse("2026-10-01T17:00:00Z");

    private KeyedTwoInputStreamOperatorTestHarness<String, String, IndicatorValue, Alert> harness;

    @BeforeEach
    void open() throws Exception {
        // a serialised copy, as Flink ships it: the catalogue and the communes must travel with it
        StaleIndicatorFeedFunction function = InstantiationUtil.clone(new StaleIndicatorFeedFunction(
                IndicatorCatalog.standard(), Scopes.standard(), ReportingPeriod.DEFAULT_GRACE));
        harness = new KeyedTwoInputStreamOperatorTestHarness<>(new KeyedCoProcessOperator<>(function),
                seed -> seed, IndicatorKey::of, Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private void at(String instant) throws Exception {
        harness.setProcessingTime(Instant.parse(instant).toEpochMilli());
    }

    private void at(Instant instant) throws Exception {
        harness.setProcessingTime(instant.toEpochMilli());
    }

    private void seed(String key) throws Exception {
        harness.processElement1(new StreamRecord<>(key));
    }

    private void send(String code, String scope, PeriodType type, String start, String receivedAt) throws Exception {
        harness.processElement2(new StreamRecord<>(value(code, scope, type, start, 87.5, "percent", "lgsp",
                receivedAt)));
    }

    private void send(String start, String receivedAt) throws Exception {
        send("INF_TSLCD_LINKED", "16681", PeriodType.QUARTER, start, receivedAt);
    }

    /**
     * The feed's value for the last quarter of 2025 arrives as the watch starts, so the watch moves on to 2026's
     * first; a minute later the start-up timer it no longer needs has fired and done nothing.
     */
    private void lastQuarterReported(String now) throws Exception {
        send("2025-10-01", now);
        at(Instant.parse(now).plus(StaleIndicatorFeedFunction.STARTUP_GRACE));
    }

    @Test
    void aNewWatchRaisesTheLastClosedPeriodAfterTheStartupGraceThenEachPeriodOnceItsGraceHasPassed()
            throws Exception {
        at("2026-02-10T00:00:00Z");
        seed(KEY);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        // the last quarter of 2025 went stale on 1 January; its value may still be on its way for a minute
        at("2026-02-10T00:00:59.999Z");
        assertThat(harness.extractOutputValues()).isEmpty();
        at("2026-02-10T00:01:00Z");
        assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
            assertThat(alert.getAlertId()).isEqualTo("stale-indicator-feed:INF_TSLCD_LINKED@16681@2026-01-01T17:00:00Z");
            assertThat(alert.getState()).isEqualTo(AlertState.ACTIVE);
            assertThat(alert.getCommune()).isEqualTo("16681");
        });
        assertThat(harness.extractOutputStreamRecords()).as("raised by a processing-time timer: no event time")
                .singleElement().satisfies(raise -> assertThat(raise.hasTimestamp()).isFalse());
        harness.getOutput().clear();

        at(Q1_STALE.minusMillis(1));
        assertThat(harness.extractOutputValues()).isEmpty();
        at(Q1_STALE);
        assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> assertThat(alert.getAlertId())
                .isEqualTo("stale-indicator-feed:INF_TSLCD_LINKED@16681@2026-04-01T17:00:00Z"));
        // now watching the second quarter, with its single timer
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
    }

    @Test
    void theLateValueClearsItsOwnPeriodsAlertOnlyAndLeavesNoStateBehind() throws Exception {
        at("2026-02-10T00:00:00Z");
        seed(KEY);
        lastQuarterReported("2026-02-10T00:00:00Z");
        at(Q1_STALE);
        at(Q2_STALE);
        assertThat(harness.extractOutputValues()).extracting(Alert::getAlertId).containsExactly(
                "stale-indicator-feed:INF_TSLCD_LINKED@16681@2026-04-01T17:00:00Z",
                "stale-indicator-feed:INF_TSLCD_LINKED@16681@2026-07-01T17:00:00Z");
        harness.getOutput().clear();

        at("2026-07-03T02:00:00Z");
        send("2026-01-01", "2026-07-03T02:00:00Z");
        send("2026-01-01", "2026-07-03T03:00:00Z");   // a correction: the alert is already cleared

        assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
            assertThat(alert.getAlertId()).isEqualTo("stale-indicator-feed:INF_TSLCD_LINKED@16681@2026-04-01T17:00:00Z");
            assertThat(alert.getState()).isEqualTo(AlertState.CLEARED);
            assertThat(alert.getClearedAt()).isEqualTo("2026-07-03T02:00:00Z");
        });
        harness.getOutput().clear();

        send("2026-04-01", "2026-07-04T02:00:00Z");
        assertThat(harness.extractOutputValues()).extracting(Alert::getState).containsExactly(AlertState.CLEARED);
        // what is left: the watched third quarter and its timer
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
    }

    @Test
    void aValueInTimeRaisesNothingAndMonthlyValuesFillTheQuarter() throws Exception {
        at("2026-02-10T00:00:00Z");
        seed(KEY);
        lastQuarterReported("2026-02-10T00:00:00Z");
        send("INF_TSLCD_LINKED", "16681", PeriodType.MONTH, "2026-02-01", "2026-03-05T02:00:00Z");
        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);

        at(Q2_STALE.minusMillis(1));
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isEqualTo(1);
    }

    @Test
    void aValueOfALaterPeriodIsRememberedUntilTheWatchGetsThere() throws Exception {
        at("2026-04-01T10:00:00Z");   // 17:00 on 1 April local: the first quarter is in its grace
        seed(KEY);
        lastQuarterReported("2026-04-01T10:00:00Z");
        send("2026-04-01", "2026-04-01T12:00:00Z");
        at(Q1_STALE);
        assertThat(harness.extractOutputValues()).extracting(Alert::getAlertId)
                .containsExactly("stale-indicator-feed:INF_TSLCD_LINKED@16681@2026-04-01T17:00:00Z");

        at(Q3_STALE.minusMillis(1));   // the second quarter had its value
        assertThat(harness.extractOutputValues()).hasSize(1);
        at(Q3_STALE);
        assertThat(harness.extractOutputValues()).extracting(Alert::getAlertId).last()
                .isEqualTo("stale-indicator-feed:INF_TSLCD_LINKED@16681@2026-10-01T17:00:00Z");
        // watched fourth quarter, and the first and third still stale; the second is no longer remembered
        assertThat(harness.numKeyedStateEntries()).isEqualTo(2);
    }

    @Test
    void aValueBeforeItsSeedStartsTheWatchAndTheSeedChangesNothing() throws Exception {
        at("2026-02-10T00:00:00Z");
        send("2025-10-01", "2026-02-10T00:00:00Z");
        send("2026-01-01", "2026-02-10T00:00:00Z");
        seed(KEY);
        seed(KEY);   // seeds again, as after a restart
        at("2026-02-10T00:01:00Z");

        assertThat(harness.numProcessingTimeTimers()).isEqualTo(1);
        at(Q2_STALE.minusMillis(1));
        assertThat(harness.extractOutputValues()).isEmpty();
    }

    @Test
    void aValueForOneDeviceKindIsNoFeedValueAndStartsNoWatch() throws Exception {
        at("2026-02-10T00:00:00Z");
        harness.processElement2(new StreamRecord<>(IndicatorValue.newBuilder(value("INF_TSLCD_LINKED", "16681",
                PeriodType.QUARTER, "2025-10-01", 87.5, "percent", "lgsp", "2026-02-10T00:00:00Z")).setKind("LGT")
                .build()));
        at(Q1_STALE);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }

    @Test
    void aProvinceFeedIsWatchedToo() throws Exception {
        at("2026-02-10T00:00:00Z");
        seed("DATA_PROV_DB_LINKED/40");
        send("DATA_PROV_DB_LINKED", "40", PeriodType.QUARTER, "2025-10-01", "2026-02-10T00:00:00Z");
        at(Q1_STALE);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(alert -> {
            assertThat(alert.getSubject()).isEqualTo("DATA_PROV_DB_LINKED@40");
            assertThat(alert.getCommune()).isNull();
        });
    }

    @Test
    void pairsThatAreNoExpectedFeedKeepNoStateOrTimer() throws Exception {
        at("2026-02-10T00:00:00Z");
        seed("INF_5G_COVERAGE/16681");   // territory: the province's only
        seed("INF_COMMUNE_RADIO_ICT/16681");   // computed
        send("INF_5G_COVERAGE", "16681", PeriodType.QUARTER, "2026-01-01", "2026-02-10T00:00:00Z");
        send("OPS_DATA_COMPLETENESS", "16681", PeriodType.DAY, "2026-02-09", "2026-02-10T00:00:00Z");
        at(Q2_STALE);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numProcessingTimeTimers()).isZero();
    }
}
