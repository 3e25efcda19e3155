package org.iocstream.sim;

import java.util.Objects;

/** One of Nghệ An's 130 commune-level units: 5-digit statistics code, Vietnamese name, ward or commune. */
public record Commune(String code, String name, String type, Region region, boolean coastal) {

    public Commune {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(region, "region");
    }
}
