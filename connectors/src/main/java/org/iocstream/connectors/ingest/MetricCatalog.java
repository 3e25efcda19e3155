package org.iocstream.connectors.ingest;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The metrics IOC Stream knows (DOMAIN.md), with their SenML unit and value type; the ingest rejects any other
 * name.
 */
public final class MetricCatalog {

    /**
     * One known metric.
     *
     * @param unit null for a unitless flag such as lamp_on and for a string metric
     * @param numeric true if it takes a number ({@code v}, or {@code vb} for a flag), false if a string ({@code vs})
     */
    public record Metric(String name, String unit, boolean numeric) {
    }

    private final Map<String, Metric> metrics;

    private MetricCatalog(Map<String, Metric> metrics) {
        this.metrics = Collections.unmodifiableMap(metrics);
    }

    /** The catalogue shipped with IOC Stream. */
    public static MetricCatalog standard() {
        try (InputStream in = MetricCatalog.class.getResourceAsStream("metrics.csv")) {
            if (in == null) {
                throw new IllegalStateException("metrics.csv is missing from the classpath");
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the metric catalogue", e);
        }
    }

    private static MetricCatalog parse(BufferedReader reader) throws IOException {
        Map<String, Metric> metrics = new LinkedHashMap<>();
        boolean header = true;
        for (String line = reader.readLine(); line != null; line = reader.readLine()) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (header) {
                header = false;
                continue;
            }
            String[] cells = line.split(",", -1);
            String unit = cells[1].isEmpty() ? null : cells[1];
            // a typo in the type column must not quietly turn a numeric metric into a string one
            if (!cells[3].equals("number") && !cells[3].equals("string")) {
                throw new IllegalStateException("metrics.csv: the type of '" + cells[0]
                        + "' must be number or string, got '" + cells[3] + "'");
            }
            metrics.put(cells[0], new Metric(cells[0], unit, cells[3].equals("number")));
        }
        return new MetricCatalog(metrics);
    }

    public Optional<Metric> find(String name) {
        return Optional.ofNullable(metrics.get(name));
    }
}
