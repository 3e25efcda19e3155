package org.iocstream.sim;

import static org.iocstream.sim.KindSignals.quantised;

/**
 * Environment station: particulates, NO2, SO2 and CO follow traffic (rush hours, urban over highland), are
 * worse in the cool dry season and in highland burning episodes, and rain washes particulates out; ozone is
 * made by sunlight in the afternoon; temperature, humidity and rainfall are the commune's {@link Weather};
 * river stations also report the water level, which rises a day after heavy rain.
 */
final class EnvironmentSignals implements KindSignals {

    private static final long HOUR = 3600;
    private static final long DAY = 24 * HOUR;
    /** Ozone forms from about 08:30 to 20:30 local, most at 14:30. */
    private static final double OZONE_START_HOUR = 8.5;
    private static final double OZONE_HOURS = 12;
    /** Period of the semi-diurnal tide that coastal river mouths feel. */
    private static final double TIDE_SECONDS = 12.42 * HOUR;

    private final SignalNoise noise;
    private final Weather weather;

    EnvironmentSignals(SignalNoise noise, Weather weather) {
        this.noise = noise;
        this.weather = weather;
    }

    @Override
    public double value(Device device, String metric, long t) {
        return switch (metric) {
            case "pm2_5" -> pm25(device, t);
            case "pm10" -> pm10(device, t);
            case "no2" -> no2(device, t);
            case "so2" -> so2(device, t);
            case "co" -> co(device, t);
            case "o3" -> o3(device, t);
            case "temperature" -> temperature(device, t);
            case "humidity" -> humidity(device, t);
            case "noise" -> noise(device, t);
            case "rainfall" -> quantised(weather.rainfall(device.commune(), t), 0, 60);
            case "water_level" -> waterLevel(device, t);
            default -> throw new IllegalArgumentException("ENV devices have no metric " + metric);
        };
    }

    private double pm25(Device device, long t) {
        Commune commune = device.commune();
        double level = (10 + 50 * ProvinceTime.trafficLevel(t)) * ProvinceTime.regionActivity(commune.region());
        double washout = 1 - 0.6 * Math.min(1, weather.rainfall(commune, t) / 5);
        double seaBreeze = commune.coastal() ? 0.85 : 1;
        return quantised(level * drySeasonFactor(t) * mixing(commune, t) * washout * seaBreeze
                * (1 + 1.5 * burningEpisode(commune, t)) + jitter(device, "pm2_5", t, 4), 5, 300);
    }

    /** pm10 is pm2_5 times a slowly drifting dust ratio, kept inside 1.35-1.95 so rounding stays within 1.3-2. */
    private double pm10(Device device, long t) {
        double ratio = 1.35 + 0.6 * noise.smooth(device.id(), "dust_ratio", t, 6 * HOUR);
        return quantised(pm25(device, t) * ratio, 0, 600);
    }

    private double no2(Device device, long t) {
        double level = (12 + 70 * ProvinceTime.trafficLevel(t))
                * ProvinceTime.regionActivity(device.commune().region());
        double weatherFactor = 0.8 + 0.4 * noise.smooth(device.commune().code(), "air_mixing", t, 3 * HOUR);
        return quantised(level * weatherFactor + jitter(device, "no2", t, 5), 10, 150);
    }

    /** Diesel traffic and, in the lowlands and Vinh, industry (cement, brick kilns) burning coal. */
    private double so2(Device device, long t) {
        Commune commune = device.commune();
        double industry = switch (commune.region()) {
            case URBAN -> 8;
            case LOWLAND -> 5;
            case MIDLAND, HIGHLAND -> 0;
        };
        double level = (3 + 10 * ProvinceTime.trafficLevel(t)) * ProvinceTime.regionActivity(commune.region())
                + industry;
        return quantised(level * drySeasonFactor(t) * mixing(commune, t) + jitter(device, "so2", t, 2), 2, 60);
    }

    private double co(Device device, long t) {
        Commune commune = device.commune();
        double level = (350 + 2000 * ProvinceTime.trafficLevel(t)) * ProvinceTime.regionActivity(commune.region());
        return quantised(level * drySeasonFactor(t) * mixing(commune, t) + jitter(device, "co", t, 80), 300, 4000);
    }

    /** Ozone is made by sunlight: a bell over the afternoon, cut by clouds, more downwind of Vinh than in the hills. */
    private double o3(Device device, long t) {
        Commune commune = device.commune();
        double hour = ProvinceTime.secondOfDay(t) / 3600.0;
        double photochemistry = 0;
        if (hour > OZONE_START_HOUR && hour < OZONE_START_HOUR + OZONE_HOURS) {
            double bell = Math.sin(Math.PI * (hour - OZONE_START_HOUR) / OZONE_HOURS);
            photochemistry = bell * bell;
        }
        double downwind = switch (commune.region()) {
            case URBAN -> 1.0;
            case LOWLAND -> 1.1;
            case MIDLAND -> 0.9;
            case HIGHLAND -> 0.7;
        };
        double sunlight = 1 - 0.8 * weather.cloudCover(commune, t);
        return quantised(25 + 140 * photochemistry * sunlight * downwind + jitter(device, "o3", t, 6), 20, 200);
    }

    private double temperature(Device device, long t) {
        return quantised(weather.airTemperature(device.commune(), t) + jitter(device, "temperature", t, 0.5), 10, 42);
    }

    private double humidity(Device device, long t) {
        return quantised(weather.humidity(device.commune(), t) + jitter(device, "humidity", t, 2), 40, 100);
    }

    private double noise(Device device, long t) {
        double activity = ProvinceTime.regionActivity(device.commune().region());
        double traffic = ProvinceTime.trafficLevel(t) * (0.5 + 0.5 * activity);
        double markets = ProvinceTime.streetLife(t) * activity;
        return quantised(38 + 32 * traffic + 5 * markets + jitter(device, "noise", t, 6), 35, 90);
    }

    /**
     * Gauge height (cm) above the station's datum: a base level of 100-400 cm, a rise of up to 5 m (3.5 m in
     * the lowlands, where rivers are wide) with the rain of the last day, and the tide near the coast.
     */
    private double waterLevel(Device device, long t) {
        if (!device.reports(DeviceKind.WATER_LEVEL.name())) {
            throw new IllegalArgumentException(device.id() + " is not a river station; it has no water_level");
        }
        Commune commune = device.commune();
        double base = 100 + 300 * noise.constant(device.id(), "river_base");
        double maxRise = commune.region() == Region.HIGHLAND ? 500 : 350;
        double flood = maxRise * (1 - Math.exp(-weather.recentRain(commune, t) / 8));
        double tide = commune.coastal() ? 25 * Math.sin(2 * Math.PI * t / TIDE_SECONDS) : 0;
        return quantised(base + flood + tide + jitter(device, "water_level", t, 2), 0, 1000);
    }

    /** Vertical mixing: 0.7 on still, stable days (pollution stays near the ground) to 1.3. */
    private double mixing(Commune commune, long t) {
        return 0.7 + 0.6 * noise.smooth(commune.code(), "air_mixing", t, 3 * HOUR);
    }

    /**
     * 0 normally, up to 1 in an episode of field and forest burning in the midland and highland communes from
     * February to April: a few days at a time, shared by the whole west of the province.
     */
    private double burningEpisode(Commune commune, long t) {
        int month = ProvinceTime.month(t);
        if (month < 2 || month > 4 || commune.region() == Region.URBAN || commune.region() == Region.LOWLAND) {
            return 0;
        }
        return Math.max(0, (noise.smooth("west", "burning", t, 2 * DAY) - 0.7) / 0.3);
    }

    /** The cool dry season (November to March) traps particulates near the ground. */
    private static double drySeasonFactor(long t) {
        int month = ProvinceTime.month(t);
        return month >= 11 || month <= 3 ? 1.3 : 1.0;
    }

    /** Uniform in ±width/2: the device's own measurement noise. */
    private double jitter(Device device, String metric, long t, double width) {
        return width * (noise.uniform(device.id(), metric, t) - 0.5);
    }
}
