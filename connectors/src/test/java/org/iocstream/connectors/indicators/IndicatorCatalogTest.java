package org.iocstream.connectors.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;
import org.iocstream.schemas.PeriodType;
import org.junit.jupiter.api.Test;

class IndicatorCatalogTest {

    private final IndicatorCatalog catalog = IndicatorCatalog.standard();

    @Test
    void holdsThePlansFiftyOneIndicatorsAndOurNineOperationalOnes() {
        assertThat(catalog.all()).hasSize(60);
        assertThat(catalog.find("INF_5G_COVERAGE")).contains(new Indicator("INF_5G_COVERAGE",
                "5G coverage in the province", "percent", ScopeRule.TERRITORY, PeriodType.QUARTER, false, null));
        assertThat(catalog.find("IOC_PROVINCE_BUILT")).hasValueSatisfying(i -> {
            assertThat(i.unit()).isEqualTo("milestone");
            assertThat(i.scope()).isEqualTo(ScopeRule.PROVINCE);
        });
        assertThat(catalog.find("INF_COMMUNE_RADIO_ICT")).hasValueSatisfying(i -> {
            assertThat(i.computed()).isTrue();
            assertThat(i.period()).isNull();
            assertThat(i.scope()).isEqualTo(ScopeRule.COMMUNE);
        });
        assertThat(catalog.find("OPS_ALERT_ACK_MINUTES")).hasValueSatisfying(i -> {
            assertThat(i.unit()).isEqualTo("minutes");
            assertThat(i.period()).isEqualTo(PeriodType.DAY);
        });
        assertThat(catalog.find("OPS_LIGHTING_ENERGY")).hasValueSatisfying(i -> {
            assertThat(i.unit()).isEqualTo("kWh");
            assertThat(i.computed()).isTrue();
            assertThat(i.target()).isNull();
        });
        assertThat(catalog.find("NO_SUCH_CODE")).isEmpty();
    }

    @Test
    void readsEachTargetWithItsOperatorAndLeavesTheIllegibleOnesWithout() {
        assertThat(catalog.find("INF_COMMUNE_RADIO_ICT").orElseThrow().target())
                .isEqualTo(new IndicatorTarget(IndicatorTarget.Operator.AT_LEAST, 70));
        assertThat(catalog.find("DATA_PROV_DB_LINKED").orElseThrow().target())
                .isEqualTo(new IndicatorTarget(IndicatorTarget.Operator.ABOVE, 50));
        assertThat(catalog.find("OPS_GATEWAY_UPTIME").orElseThrow().target())
                .isEqualTo(new IndicatorTarget(IndicatorTarget.Operator.AT_LEAST, 99.5));
        assertThat(catalog.find("OPS_ALERT_ACK_MINUTES").orElseThrow().target())
                .isEqualTo(new IndicatorTarget(IndicatorTarget.Operator.AT_MOST, 15));
        assertThat(catalog.find("IOC_PROVINCE_BUILT").orElseThrow().target())
                .isEqualTo(new IndicatorTarget(IndicatorTarget.Operator.EQUAL, 1));
        // nos. 1, 2, 3, 21, 29, 36, 40, 44 and 47 have a blank target in data/indicators.csv; our O9 is a figure
        assertThat(catalog.all().stream().filter(i -> i.target() == null).map(Indicator::code))
                .containsExactly("INF_5G_COVERAGE", "INF_FIXED_BB_1GBPS", "INF_AGENCY_INFRA_STD", "MEDIA_AI_CONTENT",
                        "EGOV_TTHC_REENGINEER", "EGOV_ONLINE_PAYMENT", "PLAT_VIDEOCONF_1TO1", "SOC_CCCD_ISSUED",
                        "SOC_DIGITAL_ACCESS", "OPS_LIGHTING_ENERGY");
    }

    @Test
    void aTargetTypoStopsTheLoadWithItsLine() {
        String header = "no,code,name,unit,target_op,target_2026,target_note,scope,group,period,source,seed_lines\n";
        assertThatThrownBy(() -> IndicatorCatalog.parse(header + "1,A,a,percent,>=,,,province,g,quarter,reported,\n"))
                .hasMessageContaining("line 2").hasMessageContaining("both blank or both given");
        assertThatThrownBy(() -> IndicatorCatalog.parse(header + "1,A,a,percent,,70,,province,g,quarter,reported,\n"))
                .hasMessageContaining("both blank or both given");
        assertThatThrownBy(() -> IndicatorCatalog.parse(header + "1,A,a,percent,≥,70,,province,g,quarter,reported,\n"))
                .hasMessageContaining("line 2").hasMessageContaining("'≥'");
        assertThatThrownBy(() -> IndicatorCatalog.parse(header + "1,A,a,percent,>=,7O,,province,g,quarter,reported,\n"))
                .hasMessageContaining("'7O' is not a number");
    }

    @Test
    void readsQuotedNamesWithCommasAndDoubledQuotes() {
        assertThat(catalog.find("HR_BDHVS_DONE").orElseThrow().name()).isEqualTo("CBCCVC who completed courses on "
                + "\"Bình dân học vụ số\" or other platforms (certified by the platform)");
    }

    @Test
    void reportedIndicatorsByScopeAsCountedInTheCsv() {
        Map<ScopeRule, Long> reported = catalog.all().stream().filter(i -> !i.computed())
                .collect(Collectors.groupingBy(Indicator::scope, Collectors.counting()));

        // counted by hand from data/indicators.csv: nos. 5 and 7 and every OPS_* are computed
        assertThat(reported).containsExactlyInAnyOrderEntriesOf(Map.of(ScopeRule.TERRITORY, 10L,
                ScopeRule.PROVINCE_AND_COMMUNE, 19L, ScopeRule.COMMUNE, 3L, ScopeRule.PROVINCE, 17L));
        assertThat(catalog.all().stream().filter(i -> !i.computed()).map(Indicator::period).distinct())
                .containsExactly(PeriodType.QUARTER);
        assertThat(catalog.all().stream().map(Indicator::unit).distinct())
                .containsExactlyInAnyOrder("percent", "milestone", "minutes", "kWh");
    }

    @Test
    void aCatalogueTypoStopsTheLoadWithItsLine() {
        String header = "no,code,name,unit,target_op,target_2026,target_note,scope,group,period,source,seed_lines\n";
        assertThatThrownBy(() -> IndicatorCatalog.parse(header + "1,A,a,percent,,,,province,g,quarter,reportd,\n"))
                .hasMessageContaining("line 2").hasMessageContaining("reportd");
        assertThatThrownBy(() -> IndicatorCatalog.parse(header + "1,A,a,percent,,,,district,g,quarter,reported,\n"))
                .hasMessageContaining("line 2").hasMessageContaining("district");
        assertThatThrownBy(() -> IndicatorCatalog.parse(header + "1,A,a,percent,,,,province,g,weekly,reported,\n"))
                .hasMessageContaining("weekly");
        assertThatThrownBy(() -> IndicatorCatalog.parse("code,name\nA,a\n")).hasMessageContaining("header");
    }

    @Test
    void communesAreTheSimulatorsHundredAndThirty() throws IOException {
        Scopes scopes = Scopes.standard();

        assertThat(scopes.communes()).hasSize(130).startsWith("16681", "16690");
        assertThat(scopes.isCommune("16681")).isTrue();
        assertThat(scopes.isCommune(Scopes.PROVINCE)).isFalse();
        assertThat(scopes.isCommune("99999")).isFalse();
        // two copies, because the connectors must not depend on the simulator: they must stay equal
        try (InputStream ours = Scopes.class.getResourceAsStream("communes.csv")) {
            assertThat(ours.readAllBytes()).isEqualTo(Files.readAllBytes(
                    Path.of("..", "gateway-firmware-sim", "src", "main", "resources", "org", "iocstream", "sim",
                            "communes.csv")));
        }
    }

    @Test
    void scopeColumnsMapToTheScopesTheyAllow() {
        assertThat(ScopeRule.of("province")).returns(true, ScopeRule::allowsProvince)
                .returns(false, ScopeRule::allowsCommunes);
        assertThat(ScopeRule.of("commune")).returns(false, ScopeRule::allowsProvince)
                .returns(true, ScopeRule::allowsCommunes);
        assertThat(ScopeRule.of("province+commune")).returns(true, ScopeRule::allowsProvince)
                .returns(true, ScopeRule::allowsCommunes);
        assertThat(ScopeRule.of("territory")).returns(true, ScopeRule::allowsProvince)
                .returns(true, ScopeRule::allowsCommunes);
    }
}
