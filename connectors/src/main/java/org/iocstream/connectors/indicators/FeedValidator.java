package org.iocstream.connectors.indicators;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.iocstream.connectors.ingest.Rejection;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.PeriodType;

/**
 * Checks the rows of a feed document against the indicator catalogue and turns the good ones into
 * {@link IndicatorValue}s. Each bad row gets one rejection, for the first rule it breaks, in the order the README
 * lists them.
 */
public final class FeedValidator {

    /** Dates are the province's: a period that starts today in Nghệ An is not in the future. */
    public static final ZoneId PROVINCE_ZONE = ZoneId.of("Asia/Ho_Chi_Minh");
    private static final Pattern DECIMAL = Pattern.compile("[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?");

    private final IndicatorCatalog catalog;
    private final Scopes scopes;

    /** What became of a document's rows: values for the good ones, rejections for the others. */
    public record Result(List<IndicatorValue> values, List<RowRejection> rejections) {
    }

    public FeedValidator(IndicatorCatalog catalog, Scopes scopes) {
        this.catalog = catalog;
        this.scopes = scopes;
    }

    /**
     * @param source the feed source the document came from, each value's {@code source}
     * @param receivedAt each value's {@code receivedAt}, and what "the future" is measured from
     */
    public Result validate(FeedDocument document, String source, Instant receivedAt) {
        LocalDate today = LocalDate.ofInstant(receivedAt, PROVINCE_ZONE);
        List<IndicatorValue> values = new ArrayList<>();
        List<RowRejection> rejections = new ArrayList<>(document.malformed());
        Map<String, Integer> firstRowOfIdentity = new HashMap<>();
        for (FeedRow row : document.rows()) {
            Checked checked = check(row, source, receivedAt, today);
            if (checked.rejection() != null) {
                rejections.add(new RowRejection(row.row(), row.line(), row.raw(), checked.rejection()));
                continue;
            }
            IndicatorValue value = checked.value();
            String identity = value.getCode() + "|" + value.getScope() + "|" + value.getPeriodType() + "|"
                    + value.getPeriodStart();
            Integer first = firstRowOfIdentity.putIfAbsent(identity, row.row());
            if (first != null) {
                rejections.add(new RowRejection(row.row(), row.line(), row.raw(), reject(row,
                        Rejection.DUPLICATE_VALUE, "row " + first + " already reports " + value.getCode() + " for "
                                + value.getScope() + ", " + name(value.getPeriodType()) + " starting "
                                + value.getPeriodStart())));
                continue;
            }
            values.add(value);
        }
        rejections.sort((a, b) -> Integer.compare(a.row(), b.row()));
        return new Result(values, rejections);
    }

    private record Checked(IndicatorValue value, Rejection rejection) {
    }

    private Checked check(FeedRow row, String source, Instant receivedAt, LocalDate today) {
        Optional<Indicator> found = catalog.find(row.code());
        if (found.isEmpty()) {
            return rejected(row, Rejection.UNKNOWN_INDICATOR, "unknown indicator '" + row.code()
                    + "' (codes as in the catalogue, e.g. EGOV_ONLINE_DOSSIER)");
        }
        Indicator indicator = found.get();
        if (indicator.computed()) {
            return rejected(row, Rejection.COMPUTED_INDICATOR, indicator.code()
                    + " is computed from telemetry by IOC Stream and not taken from feeds");
        }
        if (!row.unit().equals(indicator.unit())) {
            return rejected(row, Rejection.UNIT_MISMATCH, indicator.code() + " is in '" + indicator.unit()
                    + "', the row says '" + row.unit() + "'");
        }
        boolean province = row.scope().equals(Scopes.PROVINCE);
        if (!province && !scopes.isCommune(row.scope())) {
            return rejected(row, Rejection.UNKNOWN_SCOPE, "scope '" + row.scope()
                    + "' is neither the province (40) nor the 5-digit code of one of its 130 communes");
        }
        if (province ? !indicator.scope().allowsProvince() : !indicator.scope().allowsCommunes()) {
            return rejected(row, Rejection.SCOPE_NOT_ALLOWED, indicator.code() + " is reported for "
                    + indicator.scope().describe() + ", not for " + row.scope());
        }
        PeriodType period;
        try {
            period = PeriodType.valueOf(row.period().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return rejected(row, Rejection.MALFORMED_ROW, "period '" + row.period()
                    + "' is not one of day, month, quarter, half, year");
        }
        if (period.compareTo(indicator.period()) > 0) {
            return rejected(row, Rejection.PERIOD_NOT_ALLOWED, indicator.code() + " is defined per "
                    + name(indicator.period()) + ": report it per " + name(indicator.period())
                    + " or a shorter period, not per " + name(period));
        }
        LocalDate start;
        try {
            start = LocalDate.parse(row.periodStart());
        } catch (DateTimeException e) {
            return rejected(row, Rejection.MALFORMED_ROW, "period_start '" + row.periodStart()
                    + "' is not a date written yyyy-mm-dd");
        }
        LocalDate aligned = startOf(period, start);
        if (!aligned.equals(start)) {
            return rejected(row, Rejection.PERIOD_MISALIGNED, "a " + name(period) + " starts on " + firstDays(period)
                    + "; " + start + " is inside the " + name(period) + " that starts " + aligned);
        }
        if (start.isAfter(today)) {
            return rejected(row, Rejection.PERIOD_IN_FUTURE, "the " + name(period) + " starting " + start
                    + " has not begun (today is " + today + " in Nghệ An)");
        }
        if (!DECIMAL.matcher(row.value()).matches() || !Double.isFinite(Double.parseDouble(row.value()))) {
            return rejected(row, Rejection.INVALID_VALUE, "value '" + row.value()
                    + "' is not a finite decimal number (write 87.5, with a dot)");
        }
        double value = Double.parseDouble(row.value());
        String range = rangeProblem(indicator.unit(), value);
        if (range != null) {
            return rejected(row, Rejection.VALUE_OUT_OF_RANGE, indicator.code() + ": " + range);
        }
        return new Checked(IndicatorValue.newBuilder().setCode(indicator.code()).setScope(row.scope())
                .setPeriodType(period).setPeriodStart(start).setValue(value).setUnit(indicator.unit())
                .setSource(source).setReceivedAt(receivedAt).build(), null);
    }

    /** What is wrong with a value in this unit; null if nothing. Units not named here take any finite number. */
    static String rangeProblem(String unit, double value) {
        return switch (unit) {
            case "percent" -> value >= 0 && value <= 100 ? null : "a percentage must be within 0..100, got " + value;
            case "milestone" -> value == 0 || value == 1 ? null
                    : "a milestone is 1 (done) or 0 (not done), got " + value;
            case "minutes" -> value >= 0 ? null : "minutes cannot be negative, got " + value;
            default -> null;
        };
    }

    /** The first day of the period of this type that holds the date. */
    public static LocalDate startOf(PeriodType period, LocalDate date) {
        return switch (period) {
            case DAY -> date;
            case MONTH -> date.withDayOfMonth(1);
            case QUARTER -> LocalDate.of(date.getYear(), (date.getMonthValue() - 1) / 3 * 3 + 1, 1);
            case HALF -> LocalDate.of(date.getYear(), date.getMonthValue() <= 6 ? 1 : 7, 1);
            case YEAR -> LocalDate.of(date.getYear(), 1, 1);
        };
    }

    private static String firstDays(PeriodType period) {
        return switch (period) {
            case DAY -> "any day";
            case MONTH -> "the 1st of a month";
            case QUARTER -> "1 January, 1 April, 1 July or 1 October";
            case HALF -> "1 January or 1 July";
            case YEAR -> "1 January";
        };
    }

    private static String name(PeriodType period) {
        return period.name().toLowerCase(Locale.ROOT);
    }

    private static Checked rejected(FeedRow row, String reason, String message) {
        return new Checked(null, reject(row, reason, message));
    }

    private static Rejection reject(FeedRow row, String reason, String message) {
        return new Rejection(reason, row.where() + ": " + message);
    }
}
