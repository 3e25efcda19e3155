package org.iocstream.jobs.aqi;

import java.util.Optional;

/**
 * The NowCast of Decision 1459 for PM2.5 and PM10: a weighted mean of the last 12 hourly means c1 (the current
 * hour) … c12, {@code Σ w^(i-1)·c_i / Σ w^(i-1)} over the hours that have a mean, with {@code w = max(Cmin/Cmax,
 * 0.5)}. A missing hour has weight 0: it is left out of both sums and of Cmin and Cmax, which range over the hours
 * that have a mean (missing is not zero).
 *
 * @param value the NowCast in the unit of the hourly means, not rounded
 * @param weight w, the weight ratio between an hour and the next more recent one
 */
public record NowCast(double value, double weight) {

    public static final int HOURS = 12;
    private static final double MIN_WEIGHT = 0.5;

    /**
     * The NowCast of up to 12 hourly means, the current hour first; NaN marks an hour without a mean (as
     * {@code WindowStats.mean()} gives for an empty window) and hours after the array's end are missing too.
     * Empty unless at least 2 of c1, c2, c3 have a mean.
     *
     * @throws IllegalArgumentException for more than 12 means, or a negative or infinite one
     */
    public static Optional<NowCast> of(double... hourlyMeansCurrentFirst) {
        if (hourlyMeansCurrentFirst.length > HOURS) {
            throw new IllegalArgumentException("NowCast takes at most " + HOURS + " hourly means, got "
                    + hourlyMeansCurrentFirst.length);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int recentHours = 0;
        for (int i = 0; i < hourlyMeansCurrentFirst.length; i++) {
            double mean = hourlyMeansCurrentFirst[i];
            if (Double.isNaN(mean)) {
                continue;
            }
            if (Double.isInfinite(mean) || mean < 0) {
                throw new IllegalArgumentException("hourly mean c" + (i + 1)
                        + " must be finite and not negative (NaN if missing), got " + mean);
            }
            min = Math.min(min, mean);
            max = Math.max(max, mean);
            if (i < 3) {
                recentHours++;
            }
        }
        if (recentHours < 2) {
            return Optional.empty();
        }
        // hours that are all zero are also all equal: the ratio Cmin/Cmax is taken as 1 rather than 0/0
        double ratio = max == 0 ? 1 : min / max;
        double weight = Math.max(ratio, MIN_WEIGHT);
        double weightedSum = 0;
        double weights = 0;
        double hourWeight = 1;
        for (double mean : hourlyMeansCurrentFirst) {
            if (!Double.isNaN(mean)) {
                weightedSum += hourWeight * mean;
                weights += hourWeight;
            }
            hourWeight *= weight;
        }
        return Optional.of(new NowCast(weightedSum / weights, weight));
    }
}
