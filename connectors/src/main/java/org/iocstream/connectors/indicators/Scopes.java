package org.iocstream.connectors.indicators;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The scopes an indicator value can be reported for: the province ({@code 40}) and its 130 communes, read from the
 * copy of {@code communes.csv} in this package (the simulator keeps its own; a test keeps the two equal).
 * Serializable so that a Flink function can carry it.
 */
public final class Scopes implements Serializable {

    private static final long serialVersionUID = 1L;

    /** National statistics code of Nghệ An. */
    public static final String PROVINCE = "40";

    private final Set<String> communes;

    private Scopes(Set<String> communes) {
        this.communes = Collections.unmodifiableSet(communes);
    }

    /** Nghệ An's communes as shipped with IOC Stream. */
    public static Scopes standard() {
        try (InputStream in = Scopes.class.getResourceAsStream("communes.csv")) {
            if (in == null) {
                throw new IllegalStateException("communes.csv is missing next to " + Scopes.class);
            }
            List<Csv.Record> records = Csv.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            Set<String> codes = new LinkedHashSet<>();
            for (Csv.Record record : records.subList(1, records.size())) {
                codes.add(record.cells().get(0));
            }
            return new Scopes(codes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read communes.csv", e);
        } catch (Csv.SyntaxException e) {
            throw new IllegalStateException("communes.csv: " + e.getMessage(), e);
        }
    }

    /** The commune codes in file order (urban wards first). */
    public List<String> communes() {
        return new ArrayList<>(communes);
    }

    public boolean isCommune(String code) {
        return communes.contains(code);
    }
}
