package org.iocstream.jobs.indicators;

import java.util.ArrayList;
import java.util.List;
import org.iocstream.connectors.indicators.Indicator;
import org.iocstream.connectors.indicators.IndicatorCatalog;
import org.iocstream.connectors.indicators.Scopes;

/**
 * Which (code, scope) pairs the province expects a value of every period. Commune indicators are expected from
 * each of the 130 communes, province and territory ones for the province ({@code 40}) only, and province+commune
 * ones from both. A commune may report a territory indicator ({@code ScopeRule} allows it), but nothing is missing
 * when it does not: the plan measures territory indicators for the province as a whole.
 */
public final class ExpectedFeeds {

    private ExpectedFeeds() {
    }

    /** The scopes an indicator is expected for, the province first, then the communes in file order. */
    public static List<String> scopes(Indicator indicator, Scopes scopes) {
        List<String> expected = new ArrayList<>();
        if (expectsProvince(indicator)) {
            expected.add(Scopes.PROVINCE);
        }
        if (expectsCommunes(indicator)) {
            expected.addAll(scopes.communes());
        }
        return expected;
    }

    /** Whether a feed must deliver this pair every period; false for computed indicators and unknown codes. */
    public static boolean isExpectedFeed(IndicatorCatalog catalog, Scopes scopes, String code, String scope) {
        return catalog.find(code).filter(indicator -> !indicator.computed())
                .map(indicator -> scope.equals(Scopes.PROVINCE) ? expectsProvince(indicator)
                        : scopes.isCommune(scope) && expectsCommunes(indicator))
                .orElse(false);
    }

    /** The {@link IndicatorKey}s of every reported indicator's expected scopes, in catalogue order. */
    public static List<String> reportedKeys(IndicatorCatalog catalog, Scopes scopes) {
        List<String> keys = new ArrayList<>();
        for (Indicator indicator : catalog.all()) {
            if (!indicator.computed()) {
                for (String scope : scopes(indicator, scopes)) {
                    keys.add(IndicatorKey.of(indicator.code(), scope));
                }
            }
        }
        return keys;
    }

    private static boolean expectsProvince(Indicator indicator) {
        return switch (indicator.scope()) {
            case PROVINCE, TERRITORY, PROVINCE_AND_COMMUNE -> true;
            case COMMUNE -> false;
        };
    }

    private static boolean expectsCommunes(Indicator indicator) {
        return switch (indicator.scope()) {
            case COMMUNE, PROVINCE_AND_COMMUNE -> true;
            case PROVINCE, TERRITORY -> false;
        };
    }
}
