package org.iocstream.sim;

/**
 * The weather of a commune, shared by all its devices: smooth seeded noise for clouds, rain and the day's
 * anomaly, a province-wide component so that neighbouring communes see the same storm, the seasons of Nghệ An
 * (drizzle in February and March, storms August to October) and the "gió Lào", the hot dry west wind of
 * May to August. Values are physical (mm/h, Cel, %RH) and not yet clamped or quantised.
 */
final class Weather {

    private static final long HOUR = 3600;
    private static final long DAY = 24 * HOUR;
    private static final String PROVINCE = "province";
    /** Annual mean temperature (Cel) and half the difference between July and January, roughly Vinh's. */
    private static final double ANNUAL_MEAN_TEMPERATURE = 24.0;
    private static final double SEASONAL_SWING = 6.5;
    private static final double DAILY_SWING = 3.5;
    /** The warmest hour of the day, local time. */
    private static final double WARMEST_HOUR = 14.5;
    /** Heat a full gió Lào spell adds in the afternoon (Cel). */
    private static final double GIO_LAO_HEAT = 9;
    /**
     * Per month (January first): the rain index above which it rains, and the rate (mm/h) at the top of the
     * index. Drizzle in February-March is frequent but light; the storms of August-October are the heaviest.
     */
    private static final double[] RAIN_THRESHOLD =
            {0.72, 0.6, 0.6, 0.74, 0.72, 0.74, 0.74, 0.68, 0.64, 0.66, 0.66, 0.74};
    private static final double[] RAIN_PEAK_MM_PER_HOUR = {3, 1.5, 1.5, 10, 25, 25, 20, 45, 60, 35, 15, 5};
    /** Lags of the recent-rain index: every 3 h over the last day, each weighing 0.75 of the one after it. */
    private static final int RECENT_RAIN_LAGS = 8;
    private static final double RECENT_RAIN_DECAY = 0.75;

    private final SignalNoise noise;

    Weather(SignalNoise noise) {
        this.noise = noise;
    }

    /** Rain now, in mm/h: 0 most of the time; heavy only in the storm season; none during gió Lào. */
    double rainfall(Commune commune, long t) {
        int month = ProvinceTime.month(t);
        double index = 0.6 * noise.smooth(PROVINCE, "rain", t, 12 * HOUR)
                + 0.4 * noise.smooth(commune.code(), "rain", t, 3 * HOUR);
        // Mountains squeeze more rain out of the same air.
        double threshold = RAIN_THRESHOLD[month - 1] - (commune.region() == Region.HIGHLAND ? 0.03 : 0);
        if (index <= threshold) {
            return 0;
        }
        double strength = (index - threshold) / (1 - threshold);
        return RAIN_PEAK_MM_PER_HOUR[month - 1] * strength * strength * (1 - gioLao(commune, t));
    }

    /** The rain of the last day in mm/h, recent hours weighing more: what soil, rivers and air still feel. */
    double recentRain(Commune commune, long t) {
        double weighted = 0;
        double weights = 0;
        double weight = 1;
        for (int lag = 0; lag < RECENT_RAIN_LAGS; lag++) {
            weighted += weight * rainfall(commune, t - lag * 3 * HOUR);
            weights += weight;
            weight *= RECENT_RAIN_DECAY;
        }
        return weighted / weights;
    }

    /** 0 for a clear sky, 1 overcast: drifting clouds, grey drizzle-season skies, full cover while it rains. */
    double cloudCover(Commune commune, long t) {
        double clouds = 0.75 * noise.smooth(commune.code(), "clouds", t, 2 * HOUR);
        int month = ProvinceTime.month(t);
        double drizzleSeason = month == 2 || month == 3 ? 0.25 : 0;
        return Math.min(1, clouds + drizzleSeason + rainfall(commune, t) / 2);
    }

    /** Illuminance (lx) under the commune's clouds, which let through down to 15 % of the clear-sky light. */
    double illuminance(Commune commune, long t) {
        double clear = Daylight.clearSkyLux(t);
        return clear == 0 ? 0 : clear * (1 - 0.85 * cloudCover(commune, t));
    }

    /**
     * 0 normally, up to 1 in a gió Lào spell: spells of a few days over the whole province from May to
     * August, weaker on the coast (sea breeze) and in the mountains.
     */
    double gioLao(Commune commune, long t) {
        int month = ProvinceTime.month(t);
        if (month < 5 || month > 8) {
            return 0;
        }
        double spell = Math.max(0, (noise.smooth(PROVINCE, "gio_lao", t, 2 * DAY) - 0.55) / 0.45);
        double exposure = commune.coastal() ? 0.5 : commune.region() == Region.HIGHLAND ? 0.6 : 1;
        return spell * exposure;
    }

    /** The season's mean temperature at the commune, before the daily cycle and the weather. */
    double seasonalTemperature(Commune commune, long t) {
        double dayOfYear = ProvinceTime.localDate(t).getDayOfYear();
        double seasonal = ANNUAL_MEAN_TEMPERATURE - SEASONAL_SWING * Math.cos(2 * Math.PI * (dayOfYear - 15) / 365.0);
        return seasonal + switch (commune.region()) {
            case HIGHLAND -> -3.5;
            case MIDLAND -> -1;
            case URBAN, LOWLAND -> 0;
        };
    }

    /**
     * Air temperature (Cel): season, a daily cycle damped by clouds and the sea and wider in the mountains, the
     * day's anomaly, cooling by rain, and the gió Lào heat, strongest in the afternoon.
     */
    double airTemperature(Commune commune, long t) {
        double cycle = dailyCycle(t);
        double swing = DAILY_SWING * (1 - 0.6 * cloudCover(commune, t)) * (commune.coastal() ? 0.7 : 1)
                * (commune.region() == Region.HIGHLAND ? 1.4 : 1);
        double anomaly = 3 * (noise.smooth(commune.code(), "weather", t, 6 * HOUR) - 0.5);
        double rainCooling = 4 * Math.min(1, rainfall(commune, t) / 10);
        double heat = GIO_LAO_HEAT * gioLao(commune, t) * (0.55 + 0.45 * cycle);
        return seasonalTemperature(commune, t) + swing * cycle + anomaly - rainCooling + heat;
    }

    /**
     * Relative humidity (%RH): the mirror of the daily temperature cycle, near saturation in rain and after
     * it, damp in the drizzle season, on the coast and in the mountains, dry in a gió Lào spell.
     */
    double humidity(Commune commune, long t) {
        double cycle = dailyCycle(t);
        double anomaly = 8 * (noise.smooth(commune.code(), "weather", t, 6 * HOUR) - 0.5);
        double wet = 20 * Math.min(1, rainfall(commune, t) / 2) + 12 * Math.min(1, recentRain(commune, t) / 3);
        int month = ProvinceTime.month(t);
        double place = (month == 2 || month == 3 ? 8 : 0) + (commune.coastal() ? 4 : 0)
                + (commune.region() == Region.HIGHLAND ? 5 : 0);
        double dryWind = 35 * gioLao(commune, t) * (0.55 + 0.45 * cycle);
        return 76 - 14 * cycle * (1 - 0.5 * cloudCover(commune, t)) - anomaly + wet + place - dryWind;
    }

    /** +1 at the warmest hour of the day, -1 twelve hours later. */
    static double dailyCycle(long t) {
        double hour = ProvinceTime.secondOfDay(t) / 3600.0;
        return Math.cos(2 * Math.PI * (hour - WARMEST_HOUR) / 24);
    }
}
