package org.iocstream.sim;

import static org.iocstream.sim.KindSignals.flag;
import static org.iocstream.sim.KindSignals.quantised;

import java.time.LocalDate;

/**
 * Street-light controller: the commune's daylight under its clouds gives the ambient light; the lamp is on while
 * it is below {@value #DARK_LUX} lx, at full output until 22:00 and half after, back to full for 5 minutes
 * after motion; power follows the output, and the energy counter integrates the expected power since
 * installation in closed form.
 */
final class LightingSignals implements KindSignals {

    /** Below this ambient light (lx) the controller switches the lamp on. */
    private static final double DARK_LUX = 20;
    /** Power (W) the controller draws with the lamp off, and on top of the lamp when it is on. */
    static final double STANDBY_WATTS = 1;

    private static final int EVENING_DIMMING = ProvinceTime.secondOf(22, 0);
    private static final int NOON = ProvinceTime.secondOf(12, 0);
    private static final int EVENING_START = ProvinceTime.secondOf(17, 0);
    private static final int DAY_LOAD_START = ProvinceTime.secondOf(6, 0);
    private static final int PEAK_LOAD_START = ProvinceTime.secondOf(17, 30);
    private static final int PEAK_LOAD_END = ProvinceTime.secondOf(21, 30);
    /** From 22:00 to 04:30 passers-by are few; from 04:30 people are up and lamps mostly back at full output. */
    private static final int QUIET_END = ProvinceTime.secondOf(4, 30);
    private static final double QUIET_END_HOUR = 4.5;
    private static final double EVENING_DIMMING_HOUR = 22;
    /** Motion in any of the last 5 reports (this one included) holds the lamp at full output. */
    private static final int MOTION_HOLD_REPORTS = 5;
    private static final int REPORT_SECONDS = DeviceKind.LGT.intervalSeconds();
    /** Hours after sunset (before sunrise) when clear-sky light falls below {@value #DARK_LUX} lx. */
    private static final double TWILIGHT_HOURS_ON = Daylight.twilightHoursAbove(DARK_LUX);
    /** Energy counters are integrated from this local day; any fixed day gives the same differences. */
    private static final long ORIGIN_DAY = LocalDate.of(2025, 1, 1).toEpochDay();

    private final SignalNoise noise;
    private final Weather weather;

    LightingSignals(SignalNoise noise, Weather weather) {
        this.noise = noise;
        this.weather = weather;
    }

    @Override
    public double value(Device device, String metric, long t) {
        return switch (metric) {
            case "lamp_on" -> flag(lampOn(device, t));
            case "dim_level" -> lampOn(device, t) ? onLevel(device, t) : 0;
            case "power" -> power(device, t);
            case "energy" -> energy(device, t);
            case "ambient_light" -> ambientLight(device, t);
            case "motion" -> motion(device, t);
            case "voltage" -> voltage(device, t);
            default -> throw new IllegalArgumentException("LGT devices have no numeric metric " + metric);
        };
    }

    /** Controllers report {@code ok}; faults are injected by scenarios, not by the everyday signal. */
    @Override
    public String text(Device device, String metric, long t) {
        if (!metric.equals("fault")) {
            throw new IllegalArgumentException("LGT devices have no text metric " + metric);
        }
        return "ok";
    }

    private boolean lampOn(Device device, long t) {
        return ambientLight(device, t) < DARK_LUX;
    }

    /**
     * Output level (%) of a lamp that is on: 100 from dusk to 22:00; after 22:00 (and until the lamp goes off
     * in the morning) 50, or 100 if any of the last {@value #MOTION_HOLD_REPORTS} reports saw motion.
     */
    private double onLevel(Device device, long t) {
        int second = ProvinceTime.secondOfDay(t);
        // A lamp that is on before noon has been on since the previous evening, so it is past 22:00.
        boolean lateNight = second >= EVENING_DIMMING || second < NOON;
        return !lateNight || motionRecently(device, t) ? 100 : 50;
    }

    private boolean motionRecently(Device device, long t) {
        long report = t - Math.floorMod(t, REPORT_SECONDS);
        for (int back = 0; back < MOTION_HOLD_REPORTS; back++) {
            if (motion(device, report - (long) back * REPORT_SECONDS) > 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Movements the sensor counted in the interval: from 22:00 to 04:30 a passer-by now and then (1-3, with a
     * probability per report from 12 % in Vinh to 4 % in the mountains); otherwise up to 50, most in the evening.
     */
    private double motion(Device device, long t) {
        Region region = device.commune().region();
        int second = ProvinceTime.secondOfDay(t);
        double chance = noise.uniform(device.id(), "motion", t);
        if (second >= EVENING_DIMMING || second < QUIET_END) {
            double passerBy = passerByChance(region);
            return chance < passerBy ? 1 + Math.floor(3 * chance / passerBy) : 0;
        }
        boolean evening = second >= EVENING_START;
        double busy = evening ? (ProvinceTime.isWeekend(t) ? 1.2 : 1.0) : 0.35;
        return quantised(Math.rint(25 * busy * ProvinceTime.regionActivity(region) * 2 * chance), 0, 50);
    }

    private static double passerByChance(Region region) {
        return switch (region) {
            case URBAN -> 0.12;
            case LOWLAND -> 0.08;
            case MIDLAND -> 0.06;
            case HIGHLAND -> 0.04;
        };
    }

    private double power(Device device, long t) {
        if (!lampOn(device, t)) {
            return STANDBY_WATTS;
        }
        double jitter = 2 * (noise.uniform(device.id(), "power", t) - 0.5);
        return quantised(ratedWatts(device) * onLevel(device, t) / 100 + STANDBY_WATTS + jitter, STANDBY_WATTS, 150);
    }

    /** Every lamp is an LED of 60 to 140 W in steps of 10, fixed per device. */
    double ratedWatts(Device device) {
        return 60 + 10 * Math.floor(9 * noise.constant(device.id(), "rated_watts"));
    }

    /**
     * The counter (Wh) since installation, 0 before: the integral of the expected power, {@value #STANDBY_WATTS}
     * W standby plus rated watts × the expected output while the clear-sky light is below {@value #DARK_LUX} lx.
     * In closed form, so it costs the same on the first day as after ten years, and it never decreases. The power
     * readings scatter around it: clouds move the switching by minutes and motion is random.
     */
    private double energy(Device device, long t) {
        long installed = device.installedAt().getEpochSecond();
        if (t <= installed) {
            return 0;
        }
        double quietOutput = expectedQuietOutput(device.commune().region());
        double lampHours = lampHoursSinceOrigin(t, quietOutput) - lampHoursSinceOrigin(installed, quietOutput);
        double wattHours = ratedWatts(device) * lampHours + STANDBY_WATTS * (t - installed) / 3600.0;
        return quantised(wattHours, 0, Double.MAX_VALUE);
    }

    /** Expected output (share of full) from 22:00 to 04:30: half, or full if one of the last 5 reports saw motion. */
    private static double expectedQuietOutput(Region region) {
        double motionHold = 1 - Math.pow(1 - passerByChance(region), MOTION_HOLD_REPORTS);
        return 0.5 + 0.5 * motionHold;
    }

    /** Full-output-equivalent lamp hours from local midnight of {@link #ORIGIN_DAY} to t (negative before it). */
    private static double lampHoursSinceOrigin(long t, double quietOutput) {
        long day = ProvinceTime.localEpochDay(t);
        double hour = (t - ProvinceTime.startOfDay(day)) / 3600.0;
        return lampHoursOfDaysBefore(day, quietOutput) + lampHoursOfDay(day, hour, quietOutput);
    }

    /**
     * Lamp hours of local day {@code day} from midnight to {@code hour}: quiet output until 04:30, full from
     * 04:30 to dawn and from dusk to 22:00, quiet output after 22:00. Dawn (after 05:00) and dusk (before 19:00)
     * are when the clear-sky light crosses {@value #DARK_LUX} lx.
     */
    private static double lampHoursOfDay(long day, double hour, double quietOutput) {
        double noonToDusk = Daylight.halfDayHours(day) + TWILIGHT_HOURS_ON;
        double dawn = Daylight.SOLAR_NOON_HOUR - noonToDusk;
        double dusk = Daylight.SOLAR_NOON_HOUR + noonToDusk;
        return quietOutput * Math.min(hour, QUIET_END_HOUR)
                + Math.max(0, Math.min(hour, dawn) - QUIET_END_HOUR)
                + Math.max(0, Math.min(hour, EVENING_DIMMING_HOUR) - dusk)
                + quietOutput * Math.max(0, hour - EVENING_DIMMING_HOUR);
    }

    /**
     * Lamp hours of the whole days from {@link #ORIGIN_DAY} to {@code day} (exclusive; negative if day is
     * earlier). A whole day has {@code 6.5·quiet + 17.5 − (dusk − dawn)} lamp hours and dusk − dawn is
     * {@code 2·(twilight + MEAN + SWING·cos(phase))}, so the sum is linear in a sum of cosines over equally
     * spaced phases, which has the closed form {@code sin(nω/2) / sin(ω/2) · cos(φ₀ + (n−1)ω/2)}.
     */
    private static double lampHoursOfDaysBefore(long day, double quietOutput) {
        long days = day - ORIGIN_DAY;
        double omega = Daylight.PHASE_PER_DAY;
        double cosineSum = Math.sin(days * omega / 2) / Math.sin(omega / 2)
                * Math.cos(Daylight.solarPhase(ORIGIN_DAY) + (days - 1) * omega / 2);
        double meanDay = (QUIET_END_HOUR + 24 - EVENING_DIMMING_HOUR) * quietOutput
                + (EVENING_DIMMING_HOUR - QUIET_END_HOUR)
                - 2 * (TWILIGHT_HOURS_ON + Daylight.MEAN_HALF_DAY_HOURS);
        return days * meanDay - 2 * Daylight.HALF_DAY_SWING_HOURS * cosineSum;
    }

    private double ambientLight(Device device, long t) {
        double lux = weather.illuminance(device.commune(), t);
        if (lux == 0) {
            return quantised(noise.smooth(device.commune().code(), "moonlight", t, 3600), 0, 100_000);
        }
        return quantised(lux + noise.uniform(device.id(), "ambient_light", t), 0, 100_000);
    }

    /**
     * Mains voltage at the pole: 232 V on a quiet night, sagging by up to 12 V under the evening load and a few
     * volts more at the end of long rural lines.
     */
    private double voltage(Device device, long t) {
        int second = ProvinceTime.secondOfDay(t);
        double load = ProvinceTime.within(second, PEAK_LOAD_START, PEAK_LOAD_END) ? 1
                : ProvinceTime.within(second, DAY_LOAD_START, PEAK_LOAD_START) ? 0.5 : 0.15;
        double lineDrop = switch (device.commune().region()) {
            case URBAN -> 0;
            case LOWLAND -> 3;
            case MIDLAND -> 5;
            case HIGHLAND -> 8;
        };
        double grid = 4 * (noise.smooth(device.commune().code(), "grid", t, 3600) - 0.5);
        double jitter = 2 * (noise.uniform(device.id(), "voltage", t) - 0.5);
        return quantised(232 - 12 * load - lineDrop + grid + jitter, 200, 240);
    }
}
