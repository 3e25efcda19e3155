package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IndicatorKeyTest {

    @Test
    void aKeyWithoutKindReadsBackItsCodeAndScope() {
        String key = IndicatorKey.of("INF_TSLCD_LINKED", "16681", null);

        assertThat(key).isEqualTo("INF_TSLCD_LINKED/16681").isEqualTo(IndicatorKey.of("INF_TSLCD_LINKED", "16681"));
        assertThat(IndicatorKey.code(key)).isEqualTo("INF_TSLCD_LINKED");
        assertThat(IndicatorKey.scope(key)).isEqualTo("16681");
        assertThat(IndicatorKey.kind(key)).isNull();
    }

    @Test
    void aKeyPerKindReadsBackItsKindAndAnEmptyKindStaysApartFromNone() {
        String key = IndicatorKey.of("OPS_DEVICE_AVAILABILITY", "40", "LGT");

        assertThat(key).isEqualTo("OPS_DEVICE_AVAILABILITY/40/LGT");
        assertThat(IndicatorKey.code(key)).isEqualTo("OPS_DEVICE_AVAILABILITY");
        assertThat(IndicatorKey.scope(key)).isEqualTo("40");
        assertThat(IndicatorKey.kind(key)).isEqualTo("LGT");

        String empty = IndicatorKey.of("OPS_DEVICE_AVAILABILITY", "40", "");
        assertThat(empty).isNotEqualTo(IndicatorKey.of("OPS_DEVICE_AVAILABILITY", "40"));
        assertThat(IndicatorKey.kind(empty)).isEmpty();
    }
}
