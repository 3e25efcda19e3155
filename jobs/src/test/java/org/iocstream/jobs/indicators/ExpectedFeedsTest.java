package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import org.iocstream.connectors.indicators.IndicatorCatalog;
import org.iocstream.connectors.indicators.Scopes;
import org.junit.jupiter.api.Test;

class ExpectedFeedsTest {

    private final IndicatorCatalog catalog = IndicatorCatalog.standard();
    private final Scopes scopes = Scopes.standard();

    @Test
    void eachScopeRuleExpectsItsScopes() {
        assertThat(ExpectedFeeds.scopes(catalog.find("INF_TSLCD_LINKED").orElseThrow(), scopes))
                .hasSize(131).startsWith("40", "16681", "16690");
        assertThat(ExpectedFeeds.scopes(catalog.find("INF_COMMUNE_EBOARD").orElseThrow(), scopes))
                .hasSize(130).startsWith("16681").doesNotContain("40");
        assertThat(ExpectedFeeds.scopes(catalog.find("DATA_PROV_DB_LINKED").orElseThrow(), scopes))
                .containsExactly("40");
        assertThat(ExpectedFeeds.scopes(catalog.find("INF_5G_COVERAGE").orElseThrow(), scopes))
                .containsExactly("40");
    }

    @Test
    void everyReportedIndicatorIsExpectedForItsScopes() {
        // reported, from data/indicators.csv: 10 territory and 17 province ones for 40, 3 commune ones for the 130
        // communes, 19 province+commune ones for 131 scopes: 10 + 17 + 390 + 2489
        assertThat(ExpectedFeeds.reportedKeys(catalog, scopes)).hasSize(2906).doesNotHaveDuplicates()
                .startsWith("INF_5G_COVERAGE/40", "INF_FIXED_BB_1GBPS/40", "INF_AGENCY_INFRA_STD/40",
                        "INF_AGENCY_INFRA_STD/16681")
                .contains("INF_COMMUNE_EBOARD/16681")
                .doesNotContain("INF_COMMUNE_RADIO_ICT/16681", "OPS_DEVICE_AVAILABILITY/16681",
                        "INF_5G_COVERAGE/16681", "INF_COMMUNE_EBOARD/40");
    }

    @Test
    void anAllowedButUnexpectedOrComputedPairIsNoExpectedFeed() {
        assertThat(ExpectedFeeds.isExpectedFeed(catalog, scopes, "INF_5G_COVERAGE", "40")).isTrue();
        assertThat(ExpectedFeeds.isExpectedFeed(catalog, scopes, "INF_5G_COVERAGE", "16681")).isFalse();
        assertThat(ExpectedFeeds.isExpectedFeed(catalog, scopes, "INF_COMMUNE_EBOARD", "16681")).isTrue();
        assertThat(ExpectedFeeds.isExpectedFeed(catalog, scopes, "INF_COMMUNE_EBOARD", "40")).isFalse();
        assertThat(ExpectedFeeds.isExpectedFeed(catalog, scopes, "INF_TSLCD_LINKED", "99999")).isFalse();
        assertThat(ExpectedFeeds.isExpectedFeed(catalog, scopes, "INF_COMMUNE_RADIO_ICT", "16681")).isFalse();
        assertThat(ExpectedFeeds.isExpectedFeed(catalog, scopes, "NO_SUCH_CODE", "40")).isFalse();
    }
}
