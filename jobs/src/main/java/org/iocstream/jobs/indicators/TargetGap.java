package org.iocstream.jobs.indicators;

import org.iocstream.connectors.indicators.IndicatorTarget;

/**
 * How a value stands against its indicator's 2026 target. The gap is signed so that a positive gap is always
 * better than the target, whichever way the target points: value − target for {@code >=} and {@code >},
 * target − value for {@code <=} and {@code <}, and −|value − target| for {@code =}, which can only be met or
 * missed. A gap of 0 meets {@code >=}, {@code <=} and {@code =} but not {@code >} or {@code <}.
 */
public final class TargetGap {

    private TargetGap() {
    }

    public static double gap(IndicatorTarget target, double value) {
        return switch (target.operator()) {
            case AT_LEAST, ABOVE -> value - target.value();
            case AT_MOST, BELOW -> target.value() - value;
            // 0.0 − |d| rather than −|d|: a met target's gap is then +0.0, not a −0.0 that the store would print
            case EQUAL -> 0.0 - Math.abs(value - target.value());
        };
    }

    public static boolean met(IndicatorTarget target, double value) {
        return switch (target.operator()) {
            case AT_LEAST -> value >= target.value();
            case ABOVE -> value > target.value();
            case AT_MOST -> value <= target.value();
            case BELOW -> value < target.value();
            case EQUAL -> value == target.value();
        };
    }
}
