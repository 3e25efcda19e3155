package org.iocstream.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** A named set of faults the simulator injects on top of the normal signals; {@link #NONE} injects nothing. */
public record Scenario(String name, List<Fault> faults) {

    /** The normal day: no faults. */
    public static final Scenario NONE = new Scenario("none", List.of());

    public Scenario {
        Objects.requireNonNull(name, "name");
        faults = List.copyOf(faults);
    }

    /** This scenario with one more fault. */
    public Scenario with(Fault fault) {
        List<Fault> all = new ArrayList<>(faults);
        all.add(fault);
        return new Scenario(name, all);
    }
}
