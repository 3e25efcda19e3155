package org.iocstream.jobs.airquality;

import org.iocstream.jobs.aqi.Pollutant;

/**
 * One station's hourly means of one hour, in µg/m³, NaN for a pollutant without a mean, and the labels of the
 * latest mean. Keyed state of {@link StationAqiFunction}; public fields and a no-argument constructor make it a
 * Flink POJO.
 */
public final class StationHour {
    public double pm2_5 = Double.NaN;
    public double pm10 = Double.NaN;
    public double o3 = Double.NaN;
    public double co = Double.NaN;
    public double so2 = Double.NaN;
    public double no2 = Double.NaN;
    public String commune;
    public String gateway;
    public String kind;

    public StationHour() {
    }

    /** The mean of a metric ({@link Pollutant#metric()}), NaN if none. */
    public double mean(String metric) {
        return switch (metric) {
            case "pm2_5" -> pm2_5;
            case "pm10" -> pm10;
            case "o3" -> o3;
            case "co" -> co;
            case "so2" -> so2;
            case "no2" -> no2;
            default -> throw new IllegalArgumentException("not a VN_AQI metric: " + metric);
        };
    }

    public double mean(Pollutant pollutant) {
        return mean(pollutant.metric());
    }

    public void setMean(String metric, double mean) {
        switch (metric) {
            case "pm2_5" -> pm2_5 = mean;
            case "pm10" -> pm10 = mean;
            case "o3" -> o3 = mean;
            case "co" -> co = mean;
            case "so2" -> so2 = mean;
            case "no2" -> no2 = mean;
            default -> throw new IllegalArgumentException("not a VN_AQI metric: " + metric);
        }
    }
}
