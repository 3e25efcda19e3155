package org.iocstream.sim;

import java.time.LocalDate;

/**
 * Clear-sky daylight over Nghệ An as arithmetic on epoch seconds: sunrise and sunset move with a cosine over
 * the year (a 13.2 h day at the June solstice, 11 h in late December), illuminance is a sine from sunrise to
 * sunset on top of {@value #TWILIGHT_LUX} lx, fading to nothing over the half hour of twilight on either side.
 */
final class Daylight {

    private static final double FULL_SUN_LUX = 110_000;
    private static final double TWILIGHT_LUX = 400;
    private static final double TWILIGHT_HOURS = 0.5;
    /** Local solar noon in Nghệ An (about 105.5 E in a UTC+7 zone), in hours. */
    static final double SOLAR_NOON_HOUR = 11.95;
    /** Half the length of the day is {@code MEAN + SWING · cos(solar phase)} hours. */
    static final double MEAN_HALF_DAY_HOURS = 6.05;
    static final double HALF_DAY_SWING_HOURS = 0.55;
    /** Radians of solar phase per day; a continuous phase keeps closed-form sums over days simple. */
    static final double PHASE_PER_DAY = 2 * Math.PI / 365.2425;
    private static final long SOLSTICE_EPOCH_DAY = LocalDate.of(2025, 6, 21).toEpochDay();

    private Daylight() {
    }

    /** 0 at the June solstice, when the day is longest. */
    static double solarPhase(long localEpochDay) {
        return PHASE_PER_DAY * (localEpochDay - SOLSTICE_EPOCH_DAY);
    }

    static double halfDayHours(long localEpochDay) {
        return MEAN_HALF_DAY_HOURS + HALF_DAY_SWING_HOURS * Math.cos(solarPhase(localEpochDay));
    }

    /** Hours after sunset (and before sunrise) at which clear-sky twilight has faded to {@code lux}. */
    static double twilightHoursAbove(double lux) {
        return TWILIGHT_HOURS * (1 - Math.cbrt(lux / TWILIGHT_LUX));
    }

    /** Clear-sky illuminance (lx) at the epoch second. */
    static double clearSkyLux(long t) {
        double halfDay = halfDayHours(ProvinceTime.localEpochDay(t)) * 3600;
        double sunrise = SOLAR_NOON_HOUR * 3600 - halfDay;
        double sunset = SOLAR_NOON_HOUR * 3600 + halfDay;
        int second = ProvinceTime.secondOfDay(t);
        if (second >= sunrise && second <= sunset) {
            double sunHeight = Math.sin(Math.PI * (second - sunrise) / (sunset - sunrise));
            return TWILIGHT_LUX + (FULL_SUN_LUX - TWILIGHT_LUX) * sunHeight;
        }
        double fromSun = second < sunrise ? sunrise - second : second - sunset;
        double twilightSeconds = TWILIGHT_HOURS * 3600;
        if (fromSun >= twilightSeconds) {
            return 0;
        }
        double fading = 1 - fromSun / twilightSeconds;
        return TWILIGHT_LUX * fading * fading * fading;
    }
}
