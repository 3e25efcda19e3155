package org.iocstream.sim;

import static org.iocstream.sim.KindSignals.quantised;

import java.time.Month;

/**
 * Environment station: particulates and NO2 follow traffic (rush hours, urban over highland) and are worse in
 * the cool dry season; temperature follows the season and the day; humidity mirrors temperature.
 */
final class EnvironmentSignals implements KindSignals {

    private static final long HOUR = 3600;
    /** Annual mean temperature (Cel) and half the difference between July and January, roughly Vinh's. */
    private static final double ANNUAL_MEAN_TEMPERATURE = 24.0;
    private static final double SEASONAL_SWING = 6.5;
    private static final double DAILY_SWING = 3.5;
    /** The warmest hour of the day, local time. */
    private static final double WARMEST_HOUR = 14.5;
    private static final double HIGHLAND_COOLING = 2.5;

    private final SignalNoise noise;

    EnvironmentSignals(SignalNoise noise) {
        this.noise = noise;
    }

    @Override
    public double value(Device device, String metric, long t) {
        return switch (metric) {
            case "pm2_5" -> pm25(device, t);
            case "pm10" -> pm10(device, t);
            case "no2" -> no2(device, t);
            case "temperature" -> temperature(device, t);
            case "humidity" -> humidity(device, t);
            case "noise" -> noise(device, t);
            default -> throw new IllegalArgumentException("ENV devices have no metric " + metric);
        };
    }

    private double pm25(Device device, long t) {
        double level = (10 + 50 * ProvinceTime.trafficLevel(t)) * ProvinceTime.regionActivity(device.commune().region())
                * drySeasonFactor(t);
        double weather = 0.7 + 0.6 * noise.smooth(device.commune().code(), "air_mixing", t, 3 * HOUR);
        double jitter = 4 * (noise.uniform(device.id(), "pm2_5", t) - 0.5);
        return quantised(level * weather + jitter, 5, 300);
    }

    /** pm10 is pm2_5 times a slowly drifting dust ratio, kept inside 1.35-1.95 so rounding stays within 1.3-2. */
    private double pm10(Device device, long t) {
        double ratio = 1.35 + 0.6 * noise.smooth(device.id(), "dust_ratio", t, 6 * HOUR);
        return quantised(pm25(device, t) * ratio, 0, 600);
    }

    private double no2(Device device, long t) {
        double level = (12 + 70 * ProvinceTime.trafficLevel(t)) * ProvinceTime.regionActivity(device.commune().region());
        double weather = 0.8 + 0.4 * noise.smooth(device.commune().code(), "air_mixing", t, 3 * HOUR);
        double jitter = 5 * (noise.uniform(device.id(), "no2", t) - 0.5);
        return quantised(level * weather + jitter, 10, 150);
    }

    private double temperature(Device device, long t) {
        double seasonal = ANNUAL_MEAN_TEMPERATURE - SEASONAL_SWING * Math.cos(2 * Math.PI * (dayOfYear(t) - 15) / 365.0);
        double highland = device.commune().region() == Region.HIGHLAND ? -HIGHLAND_COOLING : 0;
        double weather = 3 * (noise.smooth(device.commune().code(), "weather", t, 6 * HOUR) - 0.5);
        double jitter = 0.5 * (noise.uniform(device.id(), "temperature", t) - 0.5);
        return quantised(seasonal + DAILY_SWING * dailyCycle(t) + highland + weather + jitter, 10, 42);
    }

    private double humidity(Device device, long t) {
        double weather = 10 * (noise.smooth(device.commune().code(), "weather", t, 6 * HOUR) - 0.5);
        double jitter = 2 * (noise.uniform(device.id(), "humidity", t) - 0.5);
        // Warm afternoons are dry and cool nights damp; the same weather that warms the air dries it.
        return quantised(82 - 12 * dailyCycle(t) - weather + jitter, 40, 100);
    }

    private double noise(Device device, long t) {
        double traffic = ProvinceTime.trafficLevel(t) * (0.5 + 0.5 * ProvinceTime.regionActivity(device.commune().region()));
        double jitter = 6 * (noise.uniform(device.id(), "noise", t) - 0.5);
        return quantised(38 + 32 * traffic + jitter, 35, 90);
    }

    /** +1 at the warmest hour of the day, -1 twelve hours later. */
    private static double dailyCycle(long t) {
        double hour = ProvinceTime.secondOfDay(t) / 3600.0;
        return Math.cos(2 * Math.PI * (hour - WARMEST_HOUR) / 24);
    }

    /** The cool dry season (November to March) traps particulates near the ground. */
    private static double drySeasonFactor(long t) {
        Month month = ProvinceTime.localDate(t).getMonth();
        return month.getValue() >= Month.NOVEMBER.getValue() || month.getValue() <= Month.MARCH.getValue() ? 1.3 : 1.0;
    }

    private static int dayOfYear(long t) {
        return ProvinceTime.localDate(t).getDayOfYear();
    }
}
