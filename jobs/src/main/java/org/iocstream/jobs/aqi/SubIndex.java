package org.iocstream.jobs.aqi;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * The sub-index of one parameter for one concentration (µg/m³), by the decision's linear interpolation
 * {@code I[i] + (I[i+1] - I[i]) / (BP[i+1] - BP[i]) × (C - BP[i])} on the segment with
 * {@code BP[i] < C ≤ BP[i+1]} (C = 0 gives 0). A concentration exactly on a breakpoint gives that breakpoint's
 * index, the value both neighbouring segments give there. Above the top breakpoint the decision gives no value;
 * the sub-index is then capped at 500 and {@link #capped()} says so.
 *
 * <p>The arithmetic is decimal, on the concentration as written ({@link BigDecimal#valueOf(double)}), so that a
 * sub-index that is exactly half-way rounds up as it does by hand: O3 1-h 161.2 µg/m³ gives 51.5 and so 52, where
 * binary floating point gives 51.49999999999999 and so 51.
 *
 * @param concentration finite and not negative; for O3_8H at most 400, because above it the decision uses the
 *     1-h ozone instead
 */
public record SubIndex(Pollutant pollutant, double concentration) {

    private static final int CAP = 500;
    // far below any half a concentration with a few decimals can produce, far above the error it adds
    private static final int SCALE = 10;

    public SubIndex {
        if (pollutant == null) {
            throw new IllegalArgumentException("a sub-index needs a pollutant");
        }
        if (!Double.isFinite(concentration) || concentration < 0) {
            throw new IllegalArgumentException("the " + pollutant + " concentration must be finite and not negative,"
                    + " got " + concentration);
        }
        if (pollutant == Pollutant.O3_8H && concentration > pollutant.topConcentration()) {
            throw new IllegalArgumentException("O3_8H has no sub-index above " + pollutant.topConcentration()
                    + " µg/m³ (got " + concentration + "): Decision 1459 uses the 1-h ozone instead");
        }
    }

    /** The interpolated sub-index, exact to 10 decimals; 500 when {@link #capped()}. */
    public BigDecimal value() {
        if (capped()) {
            return BigDecimal.valueOf(CAP);
        }
        BigDecimal c = BigDecimal.valueOf(concentration);
        int upper = 1;
        while (c.compareTo(BigDecimal.valueOf(pollutant.concentrationBreakpoint(upper))) > 0) {
            upper++;
        }
        int bpLow = pollutant.concentrationBreakpoint(upper - 1);
        int bpHigh = pollutant.concentrationBreakpoint(upper);
        int iLow = pollutant.indexBreakpoint(upper - 1);
        int iHigh = pollutant.indexBreakpoint(upper);
        return c.subtract(BigDecimal.valueOf(bpLow))
                .multiply(BigDecimal.valueOf(iHigh - iLow))
                .divide(BigDecimal.valueOf(bpHigh - bpLow), SCALE, RoundingMode.HALF_UP)
                .add(BigDecimal.valueOf(iLow));
    }

    /** The sub-index rounded half-up to an integer, as the decision's worked examples round. */
    public int rounded() {
        return value().setScale(0, RoundingMode.HALF_UP).intValueExact();
    }

    /** True when the concentration is above the top breakpoint and the sub-index was capped at 500. */
    public boolean capped() {
        return concentration > pollutant.topConcentration();
    }
}
