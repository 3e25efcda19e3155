package org.iocstream.jobs.alerts;

/** How an observed value is compared with a threshold: the raise and the clear condition of a rule each use one. */
public enum Comparison {
    AT_LEAST("≥"),
    ABOVE(">"),
    AT_MOST("≤"),
    BELOW("<");

    private final String symbol;

    Comparison(String symbol) {
        this.symbol = symbol;
    }

    public boolean holds(double value, double threshold) {
        return switch (this) {
            case AT_LEAST -> value >= threshold;
            case ABOVE -> value > threshold;
            case AT_MOST -> value <= threshold;
            case BELOW -> value < threshold;
        };
    }

    /** Whether larger values satisfy it more easily (≥ and >). */
    public boolean isUpward() {
        return this == AT_LEAST || this == ABOVE;
    }

    public boolean isInclusive() {
        return this == AT_LEAST || this == AT_MOST;
    }

    public String symbol() {
        return symbol;
    }
}
