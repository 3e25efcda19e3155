package org.iocstream.jobs.aqi;

/**
 * The VN_AQI parameters of Decision 1459/QĐ-TCMT with their breakpoint tables, all in µg/m³ (CO included), and
 * the metric each is computed from. Ozone has two tables, for its 1-h and its 8-h mean; the 8-h table stops at
 * 400 µg/m³ (index 300).
 */
public enum Pollutant {
    O3_1H("o3", 0, 160, 200, 300, 400, 800, 1000, 1200),
    O3_8H("o3", 0, 100, 120, 170, 210, 400),
    CO("co", 0, 10000, 30000, 45000, 60000, 90000, 120000, 150000),
    SO2("so2", 0, 125, 350, 550, 800, 1600, 2100, 2630),
    NO2("no2", 0, 100, 200, 700, 1200, 2350, 3100, 3850),
    PM10("pm10", 0, 50, 150, 250, 350, 420, 500, 600),
    PM2_5("pm2_5", 0, 25, 50, 80, 150, 250, 350, 500);

    /**
     * The SenML unit of every breakpoint, as the metric catalogue spells µg/m³. The catalogue gives this unit to
     * all six metrics (CO too), so readings need no conversion.
     */
    public static final String SENML_UNIT = "ug/m3";

    private static final int[] INDEX_BREAKPOINTS = {0, 50, 100, 150, 200, 300, 400, 500};

    private final String metric;
    private final int[] concentrationBreakpoints;

    Pollutant(String metric, int... concentrationBreakpoints) {
        this.metric = metric;
        this.concentrationBreakpoints = concentrationBreakpoints;
    }

    /** The metric name (SenML {@code n} after the device id) whose hourly means feed this parameter. */
    public String metric() {
        return metric;
    }

    public boolean isParticulate() {
        return this == PM10 || this == PM2_5;
    }

    /** BP[i], the concentration at the i-th breakpoint, for i from 0 to {@link #breakpointCount()} - 1. */
    int concentrationBreakpoint(int i) {
        return concentrationBreakpoints[i];
    }

    /** I[i], the index at the i-th breakpoint; the same for every pollutant. */
    int indexBreakpoint(int i) {
        return INDEX_BREAKPOINTS[i];
    }

    int breakpointCount() {
        return concentrationBreakpoints.length;
    }

    int topConcentration() {
        return concentrationBreakpoints[concentrationBreakpoints.length - 1];
    }
}
