package org.iocstream.jobs.aqi;

import static org.assertj.core.api.Assertions.assertThat;

import org.iocstream.connectors.ingest.MetricCatalog;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

class PollutantTest {

    @ParameterizedTest(name = "{0} <- {1}")
    @CsvSource({
        "O3_1H, o3", "O3_8H, o3", "CO, co", "SO2, so2", "NO2, no2", "PM10, pm10", "PM2_5, pm2_5",
    })
    void readsTheEnvironmentStationsMetric(Pollutant pollutant, String metric) {
        assertThat(pollutant.metric()).isEqualTo(metric);
    }

    // the breakpoints are in µg/m³: a catalogue that moved CO (or any other) to mg/m³ would need a conversion
    @ParameterizedTest
    @EnumSource(Pollutant.class)
    void itsMetricArrivesInTheUnitOfTheBreakpoints(Pollutant pollutant) {
        assertThat(MetricCatalog.standard().find(pollutant.metric()))
                .hasValueSatisfying(metric -> {
                    assertThat(metric.unit()).isEqualTo("ug/m3").isEqualTo(Pollutant.SENML_UNIT);
                    assertThat(metric.numeric()).isTrue();
                });
    }

    @ParameterizedTest
    @EnumSource(Pollutant.class)
    void onlyPm10AndPm25AreParticulate(Pollutant pollutant) {
        assertThat(pollutant.isParticulate()).isEqualTo(pollutant == Pollutant.PM10 || pollutant == Pollutant.PM2_5);
    }
}
