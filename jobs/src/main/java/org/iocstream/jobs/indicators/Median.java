package org.iocstream.jobs.indicators;

import java.util.Arrays;
import java.util.Collection;

/**
 * The median of a set of values, as {@code OPS_ALERT_ACK_MINUTES} takes it: the middle value of the sorted values,
 * or for an even count the mean of the two middle ones. Plain Java.
 */
public final class Median {

    private Median() {
    }

    /** The median of {@code values} in any order; NaN when there is none. A NaN value is refused. */
    public static double of(Collection<Double> values) {
        double[] sorted = values.stream().mapToDouble(Double::doubleValue).toArray();
        for (double value : sorted) {
            if (Double.isNaN(value)) {
                throw new IllegalArgumentException("a median of numbers, got NaN in " + values);
            }
        }
        if (sorted.length == 0) {
            return Double.NaN;
        }
        Arrays.sort(sorted);
        int middle = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}
