package org.iocstream.sim;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * Hourly VN_AQI (Decision 1459/QĐ-TCMT, DOMAIN.md section 3) of one station from its hourly means, written
 * straight from DOMAIN's tables with plain loops: the truth side of the pipeline's air-quality operators, sharing
 * no code with them.
 *
 * <p>PM2.5 and PM10 use the NowCast of the last 12 hourly means (a missing hour weighs 0; no value unless 2 of the
 * last 3 hours have a mean); O3 (1-h table), CO, SO2 and NO2 the current hour's mean. No PM sub-index, no AQI.
 * Each sub-index is the linear interpolation on the segment {@code BP[i] < C ≤ BP[i+1]}, in decimal arithmetic on
 * the concentration's shortest decimal form, capped at 500 above the top breakpoint; the AQI is the largest
 * sub-index rounded half-up.
 *
 * <p>Also the PM2.5 24-h mean of an hour that the {@code pm25-24h} alert rule (QCVN 05:2023) watches.
 */
final class AqiTruth {

    /** The index values I of the breakpoint rows. */
    private static final int[] INDEX = {0, 50, 100, 150, 200, 300, 400, 500};

    /** Breakpoints in µg/m³ of the parameters an hourly AQI uses (DOMAIN.md section 3), by metric name. */
    static final Map<String, double[]> BREAKPOINTS = Map.of(
            "o3", new double[] {0, 160, 200, 300, 400, 800, 1000, 1200},
            "co", new double[] {0, 10000, 30000, 45000, 60000, 90000, 120000, 150000},
            "so2", new double[] {0, 125, 350, 550, 800, 1600, 2100, 2630},
            "no2", new double[] {0, 100, 200, 700, 1200, 2350, 3100, 3850},
            "pm10", new double[] {0, 50, 150, 250, 350, 420, 500, 600},
            "pm2_5", new double[] {0, 25, 50, 80, 150, 250, 350, 500});

    /** The metrics whose hourly means an hourly AQI reads. */
    static final List<String> POLLUTANTS = List.of("pm2_5", "pm10", "o3", "co", "so2", "no2");

    private static final List<String> PARTICULATES = List.of("pm2_5", "pm10");
    private static final double CAP = 500;

    private AqiTruth() {
    }

    /**
     * The sub-index of a concentration on a metric's table, unrounded: 500 above the top breakpoint.
     *
     * @throws IllegalArgumentException for a negative concentration or a metric without a table
     */
    static BigDecimal subIndex(String metric, double concentration) {
        double[] bp = BREAKPOINTS.get(metric);
        if (bp == null || !(concentration >= 0) || Double.isInfinite(concentration)) {
            throw new IllegalArgumentException("no sub-index for " + metric + " = " + concentration);
        }
        if (concentration > bp[bp.length - 1]) {
            return BigDecimal.valueOf(CAP);
        }
        int upper = 1;
        while (concentration > bp[upper]) {
            upper++;
        }
        int lower = upper - 1;
        BigDecimal c = BigDecimal.valueOf(concentration);
        BigDecimal rise = BigDecimal.valueOf(INDEX[upper] - INDEX[lower]);
        BigDecimal span = BigDecimal.valueOf(bp[upper]).subtract(BigDecimal.valueOf(bp[lower]));
        return rise.multiply(c.subtract(BigDecimal.valueOf(bp[lower])))
                .divide(span, MathContext.DECIMAL128)
                .add(BigDecimal.valueOf(INDEX[lower]));
    }

    /**
     * The NowCast of up to 12 hourly means, the current hour first; NaN marks an hour without a mean. Null unless
     * at least 2 of the 3 most recent hours have a mean.
     */
    static Double nowCast(double[] means) {
        int recent = 0;
        for (int i = 0; i < 3 && i < means.length; i++) {
            if (!Double.isNaN(means[i])) {
                recent++;
            }
        }
        if (recent < 2) {
            return null;
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < 12 && i < means.length; i++) {
            if (!Double.isNaN(means[i])) {
                min = Math.min(min, means[i]);
                max = Math.max(max, means[i]);
            }
        }
        if (max == 0) {
            return 0.0; // every mean 0: w* is 0/0; the concentration is plainly 0
        }
        double w = Math.max(min / max, 0.5);
        double weighted = 0;
        double weights = 0;
        double power = 1; // w^(i-1) for the hour i (1-based); a missing hour keeps its place and weighs nothing
        for (int i = 0; i < 12 && i < means.length; i++) {
            if (!Double.isNaN(means[i])) {
                weighted += power * means[i];
                weights += power;
            }
            power *= w;
        }
        return weighted / weights;
    }

    /**
     * The hourly AQI of a station: for each metric its hourly means, the current hour first (NaN: no mean), as
     * far back as 12 hours for the particulates. Null when neither PM2.5 nor PM10 gives a sub-index.
     */
    static Integer hourly(Map<String, double[]> meansByMetric) {
        BigDecimal largest = null;
        for (String metric : PARTICULATES) {
            double[] means = meansByMetric.get(metric);
            Double concentration = means == null ? null : nowCast(means);
            if (concentration != null) {
                largest = max(largest, subIndex(metric, concentration));
            }
        }
        if (largest == null) {
            return null;
        }
        for (String metric : POLLUTANTS) {
            if (PARTICULATES.contains(metric)) {
                continue;
            }
            double[] means = meansByMetric.get(metric);
            if (means != null && means.length > 0 && !Double.isNaN(means[0])) {
                largest = max(largest, subIndex(metric, means[0]));
            }
        }
        return largest.setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    /** Hourly means a PM2.5 24-h mean needs, of its 24 (jobs/README.md: 75 %, as for the daily AQI). */
    static final int MIN_HOURS_FOR_24H_MEAN = 18;

    /**
     * The PM2.5 24-h mean of an hour: the mean of its hourly means and those of the 23 hours before it, given oldest
     * first (NaN: no mean; a missing hour is left out, not a zero) and added in that order. Null with fewer than
     * {@value #MIN_HOURS_FOR_24H_MEAN} means.
     *
     * @throws IllegalArgumentException unless there are exactly 24 hours
     */
    static Double twentyFourHourMean(double[] meansOldestFirst) {
        if (meansOldestFirst.length != 24) {
            throw new IllegalArgumentException("a 24-h mean takes 24 hourly means, got " + meansOldestFirst.length);
        }
        double sum = 0;
        int hours = 0;
        for (double mean : meansOldestFirst) {
            if (!Double.isNaN(mean)) {
                sum += mean;
                hours++;
            }
        }
        return hours < MIN_HOURS_FOR_24H_MEAN ? null : sum / hours;
    }

    private static BigDecimal max(BigDecimal a, BigDecimal b) {
        return a == null || b.compareTo(a) > 0 ? b : a;
    }
}
