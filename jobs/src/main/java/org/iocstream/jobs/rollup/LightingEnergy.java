package org.iocstream.jobs.rollup;

import java.time.Duration;

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

    /**
     * Rated watts of a lamp when nothing gives them (<i>ours</i>): the registry ({@code DeviceInfo}) has no rating
     * and DOMAIN.md gives only a range, 60-150 W; the simulator's lamps are 60-140 W in steps of 10, evenly,
     * so 100 W on average.
     */
    public static final double DEFAULT_RATED_WATTS = 100;

    /**
     * The night of the baseline in local time (<i>ours</i>): {@link #DEFAULT_NIGHT_HOURS} centred on midnight,
     * 18:00 to 06:00, so that a local day holds the end of one night (00:00-06:00) and the start of the next
     * (18:00-24:00).
     */
    public static final Duration DUSK = Duration.ofHours(18);
    public static final Duration DAWN = Duration.ofHours(6);

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

    /**
     * Night hours of the baseline ({@link #DAWN}, {@link #DUSK}) from local midnight up to {@code sinceMidnight}
     * later: 0 at midnight, 6 at dawn and until dusk, {@link #DEFAULT_NIGHT_HOURS} at the next midnight (and
     * beyond: more than a day counts as a day).
     */
    public static double nightHoursBefore(Duration sinceMidnight) {
        if (sinceMidnight.isNegative()) {
            throw new IllegalArgumentException("need a time at or after midnight, got " + sinceMidnight);
        }
        long millis = Math.min(sinceMidnight.toMillis(), Duration.ofDays(1).toMillis());
        long night = Math.min(millis, DAWN.toMillis()) + Math.max(0, millis - DUSK.toMillis());
        return night / (double) Duration.ofHours(1).toMillis();
    }

    /**
     * Wh one lamp consumed up to the end of one window of its {@code energy} counter, from the window's first,
     * min, max and last readings and the last reading of the lamp's window before it ({@code NaN} if none):
     * the rise from that reading to the window's first ({@link #consumedWattHours} rules: a fall is a new counter
     * from 0), plus the rise inside the window. A window whose min is not its first or whose max is not its last
     * held a replacement; it is taken as a rise from first to max, then a new counter from 0 to last.
     */
    public static double windowWattHours(double previousLast, double first, double min, double max, double last) {
        double before = Double.isNaN(previousLast) ? 0 : consumedWattHours(previousLast, first);
        if (min == first && max == last) {
            return before + consumedWattHours(first, last);
        }
        return before + consumedWattHours(first, max) + consumedWattHours(0, last);
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
