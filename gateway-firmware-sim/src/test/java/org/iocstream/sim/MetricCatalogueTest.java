package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricCatalogueTest {

    /** The ingest's catalogue, which refuses any other name, unit or kind of value; read from the source tree. */
    private static final Path CATALOGUE =
            Path.of("../connectors/src/main/resources/org/iocstream/connectors/ingest/metrics.csv");

    @Test
    void theSimulatorReportsExactlyTheIngestsMetricsWithTheirUnitsAndKindsOfValue() throws IOException {
        Map<String, String> expected = new LinkedHashMap<>();
        for (String line : Files.readAllLines(CATALOGUE)) {
            if (line.startsWith("#") || line.startsWith("metric,") || line.isBlank()) {
                continue;
            }
            String[] cells = line.split(",", -1);
            expected.put(cells[0], cells[1] + "|" + cells[3]);
        }
        Map<String, String> simulated = new LinkedHashMap<>();
        List<Metric> metrics = new ArrayList<>();
        for (DeviceKind kind : DeviceKind.values()) {
            metrics.addAll(kind.metrics());
        }
        metrics.add(DeviceKind.WATER_LEVEL);
        for (Metric metric : metrics) {
            String described = (metric.unit() == null ? "" : metric.unit()) + "|"
                    + (metric.numeric() ? "number" : "string");
            String earlier = simulated.put(metric.name(), described);
            assertThat(earlier).as(metric.name() + " is described the same by every kind").isIn(null, described);
        }

        assertThat(expected).hasSize(38);
        assertThat(simulated).isEqualTo(expected);
    }
}
