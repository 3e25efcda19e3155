package org.iocstream.jobs.airquality;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.LongFunction;
import java.util.function.LongToDoubleFunction;
import org.iocstream.jobs.aqi.NowCast;
import org.iocstream.jobs.aqi.Pollutant;
import org.iocstream.jobs.aqi.VnAqi;

/**
 * Builds the inputs of {@link VnAqi#hourly} and {@link VnAqi#daily} from a station's hourly means, looked up by
 * hour start ({@code null} for an hour the station has no mean in). Plain Java; the arithmetic of the index is in
 * {@code aqi}.
 */
public final class StationHours {

    /** Hourly means a PM 24-h mean needs, of its 24 (75 %, *ours*: DOMAIN gives no minimum). */
    public static final int MIN_HOURS_FOR_24H_MEAN = 18;
    /** The hours a 24-h mean runs over. */
    public static final int HOURS_IN_24H_MEAN = 24;
    /** Hourly means an O3 8-h mean needs, of its 8 (75 %, *ours*). */
    public static final int MIN_HOURS_FOR_8H_MEAN = 6;

    private static final Pollutant[] HOURLY = {
        Pollutant.PM2_5, Pollutant.PM10, Pollutant.O3_1H, Pollutant.CO, Pollutant.SO2, Pollutant.NO2};

    private StationHours() {
    }

    /**
     * The hourly means of the hour starting at {@code hourStart} and the 11 before it, current first, for every
     * parameter of AQI^h (PM10 and PM2.5 use all 12 for their NowCast, the gases only the first).
     */
    public static Map<Pollutant, double[]> hourlyInput(LongFunction<StationHour> hours, long hourStart) {
        Map<Pollutant, double[]> input = new EnumMap<>(Pollutant.class);
        for (Pollutant pollutant : HOURLY) {
            int length = pollutant.isParticulate() ? NowCast.HOURS : 1;
            double[] means = new double[length];
            for (int i = 0; i < length; i++) {
                means[i] = mean(hours, hourStart - i * AqiTime.HOUR, pollutant);
            }
            input.put(pollutant, means);
        }
        return input;
    }

    /**
     * The day's values for AQI^d; the day is the 24 hours from {@code dayStart} (local midnight), i.e. the
     * hourly means ending 01:00 … 24:00, which is how we read the decision's "01:00 to 00:00".
     * <ul>
     *   <li>PM10, PM2.5: the mean of the day's hourly means, NaN with fewer than {@value #MIN_HOURS_FOR_24H_MEAN};</li>
     *   <li>O3_1H, CO, SO2, NO2: the largest hourly mean of the day;</li>
     *   <li>O3_8H: the largest of the day's 8-h means, each ending with one of the day's hours (so the first ones
     *       reach back into the day before), an 8-h mean needing {@value #MIN_HOURS_FOR_8H_MEAN} hourly means.</li>
     * </ul>
     */
    public static Map<Pollutant, Double> dailyInput(LongFunction<StationHour> hours, long dayStart) {
        Map<Pollutant, Double> input = new EnumMap<>(Pollutant.class);
        int hoursInDay = (int) ((AqiTime.dayEnd(dayStart) - dayStart) / AqiTime.HOUR);
        for (Pollutant pollutant : new Pollutant[] {Pollutant.PM2_5, Pollutant.PM10}) {
            input.put(pollutant, mean(hour -> mean(hours, hour, pollutant), dayStart, hoursInDay,
                    MIN_HOURS_FOR_24H_MEAN));
        }
        for (Pollutant pollutant : new Pollutant[] {Pollutant.O3_1H, Pollutant.CO, Pollutant.SO2, Pollutant.NO2}) {
            double max = Double.NaN;
            for (int i = 0; i < hoursInDay; i++) {
                max = larger(max, mean(hours, dayStart + i * AqiTime.HOUR, pollutant));
            }
            input.put(pollutant, max);
        }
        double o3EightHours = Double.NaN;
        for (int i = 0; i < hoursInDay; i++) {
            long firstHour = dayStart + (i - 7) * AqiTime.HOUR;
            o3EightHours = larger(o3EightHours, mean(hour -> mean(hours, hour, Pollutant.O3_8H), firstHour, 8,
                    MIN_HOURS_FOR_8H_MEAN));
        }
        input.put(Pollutant.O3_8H, o3EightHours);
        return input;
    }

    /**
     * The 24-h mean that ends with the hour starting at {@code hourStart}: the mean of the hourly means of that hour
     * and the 23 before it ({@code means} gives an hour's mean by its start, NaN for an hour without one), the
     * oldest added first; NaN with fewer than {@value #MIN_HOURS_FOR_24H_MEAN}, the rule of the daily PM means.
     */
    public static double trailing24hMean(LongToDoubleFunction means, long hourStart) {
        return mean(means, hourStart - (HOURS_IN_24H_MEAN - 1) * AqiTime.HOUR, HOURS_IN_24H_MEAN,
                MIN_HOURS_FOR_24H_MEAN);
    }

    /** The mean of the hourly means of {@code count} hours from {@code from}, NaN with fewer than {@code minimum}. */
    private static double mean(LongToDoubleFunction means, long from, int count, int minimum) {
        double sum = 0;
        int present = 0;
        for (int i = 0; i < count; i++) {
            double mean = means.applyAsDouble(from + i * AqiTime.HOUR);
            if (!Double.isNaN(mean)) {
                sum += mean;
                present++;
            }
        }
        return present >= minimum ? sum / present : Double.NaN;
    }

    private static double mean(LongFunction<StationHour> hours, long hourStart, Pollutant pollutant) {
        StationHour hour = hours.apply(hourStart);
        return hour == null ? Double.NaN : hour.mean(pollutant);
    }

    private static double larger(double a, double b) {
        if (Double.isNaN(a)) {
            return b;
        }
        return Double.isNaN(b) ? a : Math.max(a, b);
    }
}
