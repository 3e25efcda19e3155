package org.iocstream.sim;

import static org.iocstream.sim.KindSignals.flag;
import static org.iocstream.sim.KindSignals.quantised;

/**
 * Street-light controller: a daylight curve with twilight and clouds gives the ambient light; the lamp is on
 * while it is below {@value #DARK_LUX} lx, at full output until 22:00 and half after; power follows the output.
 */
final class LightingSignals implements KindSignals {

    /** Below this ambient light (lx) the controller switches the lamp on. */
    static final double DARK_LUX = 20;
    /** Power (W) the controller draws with the lamp off, and on top of the lamp when it is on. */
    static final double STANDBY_WATTS = 1;

    private static final double FULL_SUN_LUX = 110_000;
    private static final double TWILIGHT_LUX = 400;
    private static final double TWILIGHT_SECONDS = 30 * 60;
    /** Local solar noon in Nghệ An (about 105.5 E in a UTC+7 zone), in hours. */
    private static final double SOLAR_NOON_HOUR = 11.95;
    private static final int EVENING_DIMMING = ProvinceTime.secondOf(22, 0);
    private static final int NOON = ProvinceTime.secondOf(12, 0);

    private final SignalNoise noise;

    LightingSignals(SignalNoise noise) {
        this.noise = noise;
    }

    @Override
    public double value(Device device, String metric, long t) {
        return switch (metric) {
            case "lamp_on" -> flag(lampOn(device, t));
            case "dim_level" -> dimLevel(device, t);
            case "power" -> power(device, t);
            case "ambient_light" -> ambientLight(device, t);
            default -> throw new IllegalArgumentException("LGT devices have no metric " + metric);
        };
    }

    private boolean lampOn(Device device, long t) {
        return ambientLight(device, t) < DARK_LUX;
    }

    /** Output level (%): 100 from dusk to 22:00, 50 from 22:00 to dawn, 0 while the lamp is off. */
    private double dimLevel(Device device, long t) {
        return lampOn(device, t) ? onLevel(t) : 0;
    }

    /** Output level (%) of a lamp that is on. */
    private static double onLevel(long t) {
        int second = ProvinceTime.secondOfDay(t);
        // A lamp that is on before noon has been on since the previous evening, so it is past 22:00.
        boolean lateNight = second >= EVENING_DIMMING || second < NOON;
        return lateNight ? 50 : 100;
    }

    private double power(Device device, long t) {
        if (!lampOn(device, t)) {
            return STANDBY_WATTS;
        }
        double jitter = 2 * (noise.uniform(device.id(), "power", t) - 0.5);
        return quantised(ratedWatts(device) * onLevel(t) / 100 + STANDBY_WATTS + jitter, STANDBY_WATTS, 150);
    }

    /** Every lamp is an LED of 60 to 140 W in steps of 10, fixed per device. */
    private double ratedWatts(Device device) {
        return 60 + 10 * Math.floor(9 * noise.constant(device.id(), "rated_watts"));
    }

    private double ambientLight(Device device, long t) {
        double daylight = daylight(t);
        if (daylight <= 0) {
            return quantised(noise.smooth(device.commune().code(), "moonlight", t, 3600), 0, 100_000);
        }
        double clouds = 0.15 + 0.85 * noise.smooth(device.commune().code(), "clear_sky", t, 3600);
        double jitter = noise.uniform(device.id(), "ambient_light", t);
        return quantised(daylight * clouds + jitter, 0, 100_000);
    }

    /**
     * Clear-sky illuminance (lx) before clouds: a sine from sunrise to sunset on top of {@value #TWILIGHT_LUX}
     * lx, fading to nothing over the half hour of twilight on either side; 0 at night. The day is 13.2 h long
     * in late June and 11 h in late December.
     */
    private static double daylight(long t) {
        int dayOfYear = ProvinceTime.localDate(t).getDayOfYear();
        double halfDayHours = 6.05 + 0.55 * Math.cos(2 * Math.PI * (dayOfYear - 172) / 365.0);
        double sunrise = (SOLAR_NOON_HOUR - halfDayHours) * 3600;
        double sunset = (SOLAR_NOON_HOUR + halfDayHours) * 3600;
        int second = ProvinceTime.secondOfDay(t);
        if (second >= sunrise && second <= sunset) {
            double sunHeight = Math.sin(Math.PI * (second - sunrise) / (sunset - sunrise));
            return TWILIGHT_LUX + (FULL_SUN_LUX - TWILIGHT_LUX) * sunHeight;
        }
        double fromSun = second < sunrise ? sunrise - second : second - sunset;
        if (fromSun >= TWILIGHT_SECONDS) {
            return 0;
        }
        return TWILIGHT_LUX * Math.pow(1 - fromSun / TWILIGHT_SECONDS, 3);
    }
}
