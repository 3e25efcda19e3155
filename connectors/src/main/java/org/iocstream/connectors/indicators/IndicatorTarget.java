package org.iocstream.connectors.indicators;

import java.io.Serializable;

/**
 * An indicator's 2026 target from the catalogue's {@code target_op} and {@code target_2026} columns: a value must
 * stand in {@code operator} relation to {@code value}, e.g. {@code >= 70}.
 */
public record IndicatorTarget(Operator operator, double value) implements Serializable {

    /** How a value compares to the target; {@link #symbol()} is how the catalogue and the store write it. */
    public enum Operator {
        AT_LEAST(">="),
        ABOVE(">"),
        AT_MOST("<="),
        BELOW("<"),
        EQUAL("=");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }

        /** A milestone's {@code done} means the value must be exactly its target, 1 (done). */
        static Operator of(String column) {
            if (column.equals("done")) {
                return EQUAL;
            }
            for (Operator operator : values()) {
                if (operator.symbol.equals(column)) {
                    return operator;
                }
            }
            throw new IllegalArgumentException("unknown target operator '" + column
                    + "' (expected >=, >, <=, <, = or done)");
        }
    }

    public IndicatorTarget {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("a target must be a finite number, got " + value);
        }
    }

    /**
     * The target of the catalogue's two columns; null when both are blank (the plan's scan is illegible there).
     * One blank without the other is a mistake in the catalogue, not a missing target.
     */
    static IndicatorTarget parse(String operatorColumn, String valueColumn) {
        if (operatorColumn.isEmpty() && valueColumn.isEmpty()) {
            return null;
        }
        if (operatorColumn.isEmpty() || valueColumn.isEmpty()) {
            throw new IllegalArgumentException("target_op '" + operatorColumn + "' and target_2026 '" + valueColumn
                    + "' must be both blank or both given");
        }
        double value;
        try {
            value = Double.parseDouble(valueColumn);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("target_2026 '" + valueColumn + "' is not a number", e);
        }
        return new IndicatorTarget(Operator.of(operatorColumn), value);
    }
}
