package org.iocstream.connectors.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.iocstream.connectors.ingest.Rejection;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.PeriodType;
import org.junit.jupiter.api.Test;

class IndicatorFeedValidatorTest {

    /** 02:38 on 30 November in Nghệ An (UTC+7), still the 29th in UTC. */
    private static final Instant RECEIVED = Instant.parse("2026-11-29T19:38:00Z");

    private final FeedValidator validator = new FeedValidator(IndicatorCatalog.standard(), Scopes.standard());

    private static FeedRow row(int n, String code, String scope, String period, String start, String value,
            String unit) {
        String raw = String.join(",", code, scope, period, start, value, unit);
        return new FeedRow(n, n + 1, raw.getBytes(StandardCharsets.UTF_8), code, scope, period, start, value, unit);
    }

    private FeedValidator.Result validate(FeedRow... rows) {
        return validator.validate(new FeedDocument(List.of(rows), List.of()), "LGSP", RECEIVED);
    }

    /** The single rejection of a one-row document. */
    private Rejection rejectionOf(FeedRow row) {
        FeedValidator.Result result = validate(row);
        assertThat(result.values()).isEmpty();
        assertThat(result.rejections()).hasSize(1);
        return result.rejections().get(0).rejection();
    }

    @Test
    void aGoodRowBecomesTheValueItSays() {
        FeedValidator.Result result = validate(
                row(1, "HR_OFFICIAL_EMAIL", "16681", "quarter", "2026-07-01", "87.5", "percent"),
                row(2, "IOC_PROVINCE_BUILT", "40", "quarter", "2026-10-01", "1", "milestone"),
                row(3, "INF_5G_COVERAGE", "16690", "QUARTER", "2026-04-01", "0", "percent"));

        assertThat(result.rejections()).isEmpty();
        assertThat(result.values()).containsExactly(
                new IndicatorValue("HR_OFFICIAL_EMAIL", "16681", PeriodType.QUARTER, LocalDate.of(2026, 7, 1), 87.5,
                        "percent", "LGSP", RECEIVED, null),
                new IndicatorValue("IOC_PROVINCE_BUILT", "40", PeriodType.QUARTER, LocalDate.of(2026, 10, 1), 1.0,
                        "milestone", "LGSP", RECEIVED, null),
                new IndicatorValue("INF_5G_COVERAGE", "16690", PeriodType.QUARTER, LocalDate.of(2026, 4, 1), 0.0,
                        "percent", "LGSP", RECEIVED, null));
    }

    @Test
    void unknownAndComputedIndicatorsAreRefused() {
        assertThat(rejectionOf(row(7, "EGOV_ONLINE_DOSIER", "40", "quarter", "2026-07-01", "80", "percent")))
                .isEqualTo(new Rejection(Rejection.UNKNOWN_INDICATOR, "row 7 (line 8): unknown indicator "
                        + "'EGOV_ONLINE_DOSIER' (codes as in the catalogue, e.g. EGOV_ONLINE_DOSSIER)"));
        assertThat(rejectionOf(row(1, "INF_COMMUNE_RADIO_ICT", "16681", "quarter", "2026-07-01", "80", "percent"))
                .reasonCode()).isEqualTo(Rejection.COMPUTED_INDICATOR);
    }

    @Test
    void theUnitMustBeTheCataloguesExactly() {
        assertThat(rejectionOf(row(3, "HR_OFFICIAL_EMAIL", "40", "quarter", "2026-07-01", "80", "%")))
                .isEqualTo(new Rejection(Rejection.UNIT_MISMATCH,
                        "row 3 (line 4): HR_OFFICIAL_EMAIL is in 'percent', the row says '%'"));
    }

    @Test
    void theScopeMustBeTheProvinceOrACommuneThatTheIndicatorTakes() {
        assertThat(rejectionOf(row(1, "HR_OFFICIAL_EMAIL", "16680", "quarter", "2026-07-01", "80", "percent"))
                .reasonCode()).isEqualTo(Rejection.UNKNOWN_SCOPE);
        assertThat(rejectionOf(row(1, "HR_OFFICIAL_EMAIL", "4", "quarter", "2026-07-01", "80", "percent"))
                .reasonCode()).isEqualTo(Rejection.UNKNOWN_SCOPE);
        assertThat(rejectionOf(row(2, "EGOV_ONLINE_DOSSIER", "16681", "quarter", "2026-07-01", "80", "percent")))
                .isEqualTo(new Rejection(Rejection.SCOPE_NOT_ALLOWED,
                        "row 2 (line 3): EGOV_ONLINE_DOSSIER is reported for the province (40) only, not for 16681"));
        assertThat(rejectionOf(row(1, "INF_COMMUNE_EBOARD", "40", "quarter", "2026-07-01", "40", "percent"))
                .message()).endsWith("is reported for a commune only, not for 40");
        assertThat(validate(row(1, "INF_COMMUNE_EBOARD", "16681", "quarter", "2026-07-01", "40", "percent"),
                row(2, "SOC_E_HEALTH_BOOK", "40", "quarter", "2026-07-01", "95", "percent"),
                row(3, "SOC_E_HEALTH_BOOK", "16681", "quarter", "2026-07-01", "95", "percent"),
                row(4, "HR_OFFICIAL_EMAIL", "40", "quarter", "2026-07-01", "95", "percent")).rejections()).isEmpty();
    }

    @Test
    void aQuarterlyIndicatorTakesQuartersAndShorterPeriodsNotLongerOnes() {
        assertThat(validate(row(1, "HR_OFFICIAL_EMAIL", "40", "month", "2026-08-01", "80", "percent"),
                row(2, "HR_OFFICIAL_EMAIL", "40", "day", "2026-08-17", "80", "percent")).rejections()).isEmpty();
        assertThat(rejectionOf(row(1, "HR_OFFICIAL_EMAIL", "40", "year", "2026-01-01", "80", "percent")))
                .isEqualTo(new Rejection(Rejection.PERIOD_NOT_ALLOWED, "row 1 (line 2): HR_OFFICIAL_EMAIL is defined "
                        + "per quarter: report it per quarter or a shorter period, not per year"));
        assertThat(rejectionOf(row(1, "HR_OFFICIAL_EMAIL", "40", "half", "2026-01-01", "80", "percent"))
                .reasonCode()).isEqualTo(Rejection.PERIOD_NOT_ALLOWED);
        assertThat(rejectionOf(row(1, "HR_OFFICIAL_EMAIL", "40", "week", "2026-01-05", "80", "percent")))
                .isEqualTo(new Rejection(Rejection.MALFORMED_ROW,
                        "row 1 (line 2): period 'week' is not one of day, month, quarter, half, year"));
    }

    @Test
    void aPeriodMustStartOnItsFirstDay() {
        assertThat(rejectionOf(row(1, "HR_OFFICIAL_EMAIL", "40", "quarter", "2026-08-01", "80", "percent")))
                .isEqualTo(new Rejection(Rejection.PERIOD_MISALIGNED, "row 1 (line 2): a quarter starts on "
                        + "1 January, 1 April, 1 July or 1 October; 2026-08-01 is inside the quarter that starts "
                        + "2026-07-01"));
        assertThat(rejectionOf(row(1, "HR_OFFICIAL_EMAIL", "40", "month", "2026-08-02", "80", "percent"))
                .reasonCode()).isEqualTo(Rejection.PERIOD_MISALIGNED);
        assertThat(rejectionOf(row(1, "HR_OFFICIAL_EMAIL", "40", "quarter", "2026-7-1", "80", "percent")))
                .isEqualTo(new Rejection(Rejection.MALFORMED_ROW,
                        "row 1 (line 2): period_start '2026-7-1' is not a date written yyyy-mm-dd"));
        assertThat(FeedValidator.startOf(PeriodType.QUARTER, LocalDate.of(2026, 12, 31)))
                .isEqualTo(LocalDate.of(2026, 10, 1));
        assertThat(FeedValidator.startOf(PeriodType.QUARTER, LocalDate.of(2026, 4, 1)))
                .isEqualTo(LocalDate.of(2026, 4, 1));
        assertThat(FeedValidator.startOf(PeriodType.HALF, LocalDate.of(2026, 6, 30)))
                .isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(FeedValidator.startOf(PeriodType.HALF, LocalDate.of(2026, 7, 1)))
                .isEqualTo(LocalDate.of(2026, 7, 1));
        assertThat(FeedValidator.startOf(PeriodType.YEAR, LocalDate.of(2026, 11, 30)))
                .isEqualTo(LocalDate.of(2026, 1, 1));
        assertThat(FeedValidator.startOf(PeriodType.MONTH, LocalDate.of(2026, 2, 28)))
                .isEqualTo(LocalDate.of(2026, 2, 1));
        assertThat(FeedValidator.startOf(PeriodType.DAY, LocalDate.of(2026, 2, 28)))
                .isEqualTo(LocalDate.of(2026, 2, 28));
    }

    @Test
    void aPeriodThatHasNotBegunInNgheAnIsRefused() {
        // 30 November has begun in Nghệ An although it is still the 29th in UTC
        assertThat(validate(row(1, "HR_OFFICIAL_EMAIL", "40", "day", "2026-11-30", "80", "percent")).rejections())
                .isEmpty();
        assertThat(rejectionOf(row(1, "HR_OFFICIAL_EMAIL", "40", "day", "2026-12-01", "80", "percent")))
                .isEqualTo(new Rejection(Rejection.PERIOD_IN_FUTURE,
                        "row 1 (line 2): the day starting 2026-12-01 has not begun (today is 2026-11-30 in "
                                + "Nghệ An)"));
        assertThat(rejectionOf(row(1, "HR_OFFICIAL_EMAIL", "40", "quarter", "2027-01-01", "80", "percent"))
                .reasonCode()).isEqualTo(Rejection.PERIOD_IN_FUTURE);
    }

    @Test
    void theValueMustBeAFiniteDecimalInTheRangeOfItsUnit() {
        for (String bad : new String[] {"NaN", "Infinity", "1e400", "87,5", "", "0x1p3", "eighty"}) {
            assertThat(rejectionOf(row(1, "HR_OFFICIAL_EMAIL", "40", "quarter", "2026-07-01", bad, "percent"))
                    .reasonCode()).as(bad).isEqualTo(Rejection.INVALID_VALUE);
        }
        assertThat(validate(row(1, "HR_OFFICIAL_EMAIL", "40", "quarter", "2026-07-01", "0", "percent"),
                row(2, "HR_OFFICIAL_EMAIL", "16681", "quarter", "2026-07-01", "100", "percent"),
                row(3, "HR_OFFICIAL_EMAIL", "16690", "quarter", "2026-07-01", "1.5e1", "percent"),
                row(4, "IOC_PROVINCE_BUILT", "40", "quarter", "2026-07-01", "0", "milestone")).values())
                .extracting(IndicatorValue::getValue).containsExactly(0.0, 100.0, 15.0, 0.0);
        assertThat(rejectionOf(row(1, "HR_OFFICIAL_EMAIL", "40", "quarter", "2026-07-01", "100.01", "percent")))
                .isEqualTo(new Rejection(Rejection.VALUE_OUT_OF_RANGE,
                        "row 1 (line 2): HR_OFFICIAL_EMAIL: a percentage must be within 0..100, got 100.01"));
        assertThat(rejectionOf(row(1, "HR_OFFICIAL_EMAIL", "40", "quarter", "2026-07-01", "-0.5", "percent"))
                .reasonCode()).isEqualTo(Rejection.VALUE_OUT_OF_RANGE);
        assertThat(rejectionOf(row(1, "IOC_PROVINCE_BUILT", "40", "quarter", "2026-07-01", "0.5", "milestone"))
                .reasonCode()).isEqualTo(Rejection.VALUE_OUT_OF_RANGE);
        assertThat(FeedValidator.rangeProblem("minutes", -1)).isEqualTo("minutes cannot be negative, got -1.0");
        assertThat(FeedValidator.rangeProblem("minutes", 0)).isNull();
    }

    @Test
    void theSameValueTwiceInADocumentIsRefusedAtItsSecondRow() {
        FeedValidator.Result result = validate(
                row(1, "HR_OFFICIAL_EMAIL", "40", "quarter", "2026-07-01", "80", "percent"),
                row(2, "HR_OFFICIAL_EMAIL", "40", "month", "2026-07-01", "81", "percent"),
                row(3, "HR_OFFICIAL_EMAIL", "40", "QUARTER", "2026-07-01", "82", "percent"));

        assertThat(result.rejections()).singleElement().satisfies(r -> {
            assertThat(r.row()).isEqualTo(3);
            assertThat(r.rejection()).isEqualTo(new Rejection(Rejection.DUPLICATE_VALUE, "row 3 (line 4): row 1 "
                    + "already reports HR_OFFICIAL_EMAIL for 40, quarter starting 2026-07-01"));
        });
    }

    @Test
    void rejectionsOfEveryKindComeInRowOrderWithTheRowsBytes() {
        RowRejection malformed = new RowRejection(2, 3, new byte[] {'x'},
                new Rejection(Rejection.MALFORMED_ROW, "row 2 (line 3): has 1 fields, the header has 6"));
        FeedRow bad = row(3, "NOPE", "40", "quarter", "2026-07-01", "80", "percent");
        FeedValidator.Result result = validator.validate(new FeedDocument(List.of(
                row(1, "HR_OFFICIAL_EMAIL", "40", "quarter", "2026-07-01", "1", "percent"), bad,
                row(4, "HR_OFFICIAL_EMAIL", "40", "quarter", "2026-07-01", "2", "percent")), List.of(malformed)),
                "LGSP", RECEIVED);

        assertThat(result.rejections()).extracting(RowRejection::row).containsExactly(2, 3, 4);
        assertThat(result.rejections()).extracting(r -> r.rejection().reasonCode())
                .containsExactly(Rejection.MALFORMED_ROW, Rejection.UNKNOWN_INDICATOR, Rejection.DUPLICATE_VALUE);
        assertThat(new String(result.rejections().get(1).raw(), StandardCharsets.UTF_8))
                .isEqualTo("NOPE,40,quarter,2026-07-01,80,percent");
    }
}
