package org.iocstream.jobs.rollup;

/**
 * Street-lighting energy per commune-day from the controllers' {@code energy} counters, and the saving against
 * the same lamps at full rated power through the night.
 */
public final class LightingEnergy {

    /**
     * Dusk-to-dawn hours of the baseline when none is configured (<i>ours</i>: DOMAIN.md gives none; nights
     * at 19° N last about 11 to 13 hours). The simulator's lamps burn about 11.3 h a night on average.
     */
    public static final double DEFAULT_NIGHT_HOURS = 12;

    private LightingEnergy() {
    }

    /**
     * Wh one lamp consumed between its first and last counter reading, in time order. The counter is cumulative
     * (DOMAIN.md: monotonic, reset only when the controller is replaced), so this is the sum of the increases;
     * a decrease is a replacement, whose new counter started from 0 and so adds its whole value. To cover a
     * whole day, the first reading is the last one before the day starts.
     */
    public static double consumedWattHours(double... counterWattHours) {
        double consumed = 0;
        for (int i = 1; i < counterWattHours.length; i++) {
            double previous = counterWattHours[i - 1];
            double current = counterWattHours[i];
            if (!Double.isFinite(current) || current < 0 || !Double.isFinite(previous) || previous < 0) {
                throw new IllegalArgumentException("an energy counter is finite and not negative, got "
                        + previous + " then " + current);
            }
            consumed += current >= previous ? current - previous : current;
        }
        return consumed;
    }

    /** Wh of every lamp at full rated power for the whole night: Σ rated W × night hours. */
    public static double fullPowerBaselineWattHours(double totalRatedWatts, double nightHours) {
        if (totalRatedWatts < 0 || nightHours < 0 || nightHours > 24) {
            throw new IllegalArgumentException("need rated watts >= 0 and 0 <= night hours <= 24, got "
                    + totalRatedWatts + " W and " + nightHours + " h");
        }
        return totalRatedWatts * nightHours;
    }

    /**
     * 100 × (baseline − consumed) / baseline, in percent; negative when the lamps used more than the baseline
     * (lamps burning by day), which is kept because it is exactly what an operator must see. NaN for a zero
     * baseline (a commune without lamps).
     */
    public static double savingPercent(double consumedWattHours, double baselineWattHours) {
        return baselineWattHours == 0 ? Double.NaN : 100 * (baselineWattHours - consumedWattHours) / baselineWattHours;
    }
}
