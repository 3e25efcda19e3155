package org.iocstream.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import org.iocstream.connectors.indicators.IndicatorCatalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ComputedIndicatorTest {

    @ParameterizedTest
    @EnumSource(ComputedIndicator.class)
    void isAComputedIndicatorOfTheCatalogueInItsUnit(ComputedIndicator indicator) {
        assertThat(IndicatorCatalog.standard().find(indicator.code())).hasValueSatisfying(entry -> {
            assertThat(entry.computed()).isTrue();
            assertThat(entry.unit()).isEqualTo(indicator.unit());
        });
    }
}
