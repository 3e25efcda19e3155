package org.iocstream.sim;

import static org.iocstream.sim.KindSignals.quantised;

/**
 * Agriculture sensor in a field: air temperature and light are the commune's {@link Weather}; the soil warms
 * two hours behind the air and swings half as much; soil moisture follows the season, jumps after rain or the
 * farmer's irrigation and dries in the afternoon; pH drifts slowly; EC rises when fertiliser is spread and
 * falls as rain leaches it.
 */
final class AgricultureSignals implements KindSignals {

    private static final long HOUR = 3600;
    private static final long DAY = 24 * HOUR;
    private static final long SOIL_LAG = 2 * HOUR;
    /** Fields are irrigated at 06:00 on about 30 % of days; the water drains away over a day or two. */
    private static final double IRRIGATION_CHANCE = 0.3;
    private static final int IRRIGATION_SECOND = ProvinceTime.secondOf(6, 0);
    private static final int IRRIGATION_LOOKBACK_DAYS = 3;
    /** Fertiliser is spread on about one day in fifteen; it washes out over a week or so. */
    private static final double FERTILISER_CHANCE = 1.0 / 15;
    private static final int FERTILISER_LOOKBACK_DAYS = 10;

    private final SignalNoise noise;
    private final Weather weather;

    AgricultureSignals(SignalNoise noise, Weather weather) {
        this.noise = noise;
        this.weather = weather;
    }

    @Override
    public double value(Device device, String metric, long t) {
        Commune commune = device.commune();
        return switch (metric) {
            case "soil_moisture" -> soilMoisture(device, t);
            case "soil_temperature" -> soilTemperature(device, t);
            case "air_temperature" -> quantised(weather.airTemperature(commune, t)
                    + jitter(device, "air_temperature", t, 0.5), 12, 40);
            // ±2 % sensor noise, so a field is fully dark at night
            case "light" -> quantised(weather.illuminance(commune, t) * (1 + jitter(device, "light", t, 0.04)), 0,
                    100_000);
            case "ph" -> ph(device, t);
            case "ec" -> electricalConductivity(device, t);
            default -> throw new IllegalArgumentException("AGR devices have no metric " + metric);
        };
    }

    /** Cel: half the air's swing, two hours behind it, a degree above the season's mean. */
    private double soilTemperature(Device device, long t) {
        Commune commune = device.commune();
        return quantised(0.5 * weather.airTemperature(commune, t - SOIL_LAG)
                + 0.5 * weather.seasonalTemperature(commune, t) + 1 + jitter(device, "soil_temperature", t, 0.5),
                12, 40);
    }

    /** %: 18 in the dry season, 26 in the rainy season, up to 30 more after rain, up to 15 after irrigation. */
    private double soilMoisture(Device device, long t) {
        int month = ProvinceTime.month(t);
        double season = month >= 8 && month <= 11 ? 26 : 18;
        double rain = 30 * (1 - Math.exp(-weather.recentRain(device.commune(), t) / 3));
        double field = 8 * (noise.constant(device.id(), "soil") - 0.5);
        double afternoonDrying = 3 * Math.max(0, Weather.dailyCycle(t));
        return quantised(season + rain + irrigation(device, t) + field - afternoonDrying
                + jitter(device, "soil_moisture", t, 1), 10, 60);
    }

    /** Moisture (%) the last irrigations still add: 15 at 06:00 on an irrigation day, draining over about 30 h. */
    private double irrigation(Device device, long t) {
        long today = ProvinceTime.localEpochDay(t);
        double added = 0;
        for (long day = today - IRRIGATION_LOOKBACK_DAYS + 1; day <= today; day++) {
            long irrigatedAt = ProvinceTime.startOfDay(day) + IRRIGATION_SECOND;
            if (t >= irrigatedAt && noise.uniform(device.id(), "irrigation", day) < IRRIGATION_CHANCE) {
                added = Math.max(added, 15 * Math.exp(-(t - irrigatedAt) / (30.0 * HOUR)));
            }
        }
        return added;
    }

    /** The field's own pH (5.0-7.0) drifting ±0.4 over days, a little more acid after heavy rain. */
    private double ph(Device device, long t) {
        double field = 5.0 + 2.0 * noise.constant(device.id(), "ph");
        double drift = 0.8 * (noise.smooth(device.id(), "ph", t, 5 * DAY) - 0.5);
        double acidRain = 0.2 * Math.min(1, weather.recentRain(device.commune(), t) / 5);
        return quantised(field + drift - acidRain, 4.5, 8.0);
    }

    /**
     * mS/cm: the field's base (0.5-1.1), plus 1.2 on a fertiliser day fading over about four days, the whole
     * reduced by up to half by the rain of the last day.
     */
    private double electricalConductivity(Device device, long t) {
        double base = 0.5 + 0.6 * noise.constant(device.id(), "ec");
        long today = ProvinceTime.localEpochDay(t);
        double fertiliser = 0;
        for (long day = today - FERTILISER_LOOKBACK_DAYS + 1; day <= today; day++) {
            if (noise.uniform(device.id(), "fertiliser", day) < FERTILISER_CHANCE) {
                fertiliser = Math.max(fertiliser, 1.2 * Math.exp(-(today - day) / 4.0));
            }
        }
        double leaching = 1 - 0.5 * Math.min(1, weather.recentRain(device.commune(), t) / 4);
        return quantised((base + fertiliser) * leaching, 0.2, 3.0);
    }

    private double jitter(Device device, String metric, long t, double width) {
        return width * (noise.uniform(device.id(), metric, t) - 0.5);
    }
}
