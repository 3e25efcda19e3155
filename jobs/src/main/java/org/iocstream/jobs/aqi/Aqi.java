package org.iocstream.jobs.aqi;

import java.util.List;

/**
 * One station's VN_AQI for one hour or one day: the sub-indices it was computed from and the overall index, the
 * largest of them rounded half-up. Rounding each sub-index and taking the largest gives the same integer as
 * rounding the largest, since half-up rounding never reverses an order.
 */
public record Aqi(List<SubIndex> subIndices) {

    public Aqi {
        if (subIndices.isEmpty()) {
            throw new IllegalArgumentException("an AQI needs at least one sub-index");
        }
        subIndices = List.copyOf(subIndices);
    }

    public int value() {
        return subIndices.stream().mapToInt(SubIndex::rounded).max().orElseThrow();
    }

    public AqiCategory category() {
        return AqiCategory.of(value());
    }

    /** True when a concentration was above its top breakpoint, so the value is a floor at 500, not a reading. */
    public boolean capped() {
        return subIndices.stream().anyMatch(SubIndex::capped);
    }
}
