package org.iocstream.connectors.indicators;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.iocstream.schemas.PeriodType;

/**
 * The indicators of the province's 2026 digital-transformation plan and ours ({@code OPS_*}), from the copy of
 * {@code data/indicators.csv} in this package (DOMAIN.md section 5). Serializable so that a Flink function can
 * carry it.
 */
public final class IndicatorCatalog implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final String HEADER = "no,code,name,unit,target_op,target_2026,target_note,scope,group,period,"
            + "source,seed_lines";

    private final Map<String, Indicator> indicators;

    private IndicatorCatalog(Map<String, Indicator> indicators) {
        this.indicators = Collections.unmodifiableMap(indicators);
    }

    /** The catalogue shipped with IOC Stream. */
    public static IndicatorCatalog standard() {
        try (InputStream in = IndicatorCatalog.class.getResourceAsStream("indicators.csv")) {
            if (in == null) {
                throw new IllegalStateException("indicators.csv is missing next to " + IndicatorCatalog.class);
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the indicator catalogue", e);
        }
    }

    static IndicatorCatalog parse(String text) {
        List<Csv.Record> records;
        try {
            records = Csv.parse(text);
        } catch (Csv.SyntaxException e) {
            throw new IllegalStateException("indicators.csv: " + e.getMessage(), e);
        }
        if (records.isEmpty() || !String.join(",", records.get(0).cells()).equals(HEADER)) {
            throw new IllegalStateException("indicators.csv must start with the header " + HEADER);
        }
        Map<String, Indicator> indicators = new LinkedHashMap<>();
        for (Csv.Record record : records.subList(1, records.size())) {
            List<String> cells = record.cells();
            if (cells.size() != 12) {
                throw new IllegalStateException("indicators.csv line " + record.line() + ": expected 12 fields, got "
                        + cells.size());
            }
            // a typo in the catalogue must stop the start, not quietly turn a feed into a computed indicator
            boolean computed = switch (cells.get(10)) {
                case "computed" -> true;
                case "reported" -> false;
                default -> throw new IllegalStateException("indicators.csv line " + record.line()
                        + ": source must be reported or computed, got '" + cells.get(10) + "'");
            };
            try {
                indicators.put(cells.get(1), new Indicator(cells.get(1), cells.get(2), cells.get(3),
                        ScopeRule.of(cells.get(7)), period(cells.get(9)), computed,
                        IndicatorTarget.parse(cells.get(4), cells.get(5))));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("indicators.csv line " + record.line() + ": " + e.getMessage(), e);
            }
        }
        return new IndicatorCatalog(indicators);
    }

    private static PeriodType period(String column) {
        if (column.equals("realtime")) {
            return null;
        }
        try {
            return PeriodType.valueOf(column.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown period '" + column
                    + "' (expected realtime, day, month, quarter, half or year)", e);
        }
    }

    public Optional<Indicator> find(String code) {
        return Optional.ofNullable(indicators.get(code));
    }

    /** Every indicator in catalogue order. */
    public Collection<Indicator> all() {
        return indicators.values();
    }
}
