package org.iocstream.sim;

import static org.iocstream.sim.KindSignals.quantised;

import java.time.LocalDate;

/**
 * The gateway's own health: uptime since its monthly maintenance reboot, an empty store-and-forward queue,
 * backhaul signal strength (weaker in the mountains and in heavy rain) and the supply voltage of a mains
 * adapter float-charging the backup battery. Outages and backlogs come from scenarios.
 */
final class GatewaySignals implements KindSignals {

    /** Gateways reboot for maintenance on the first of every month at 03:00 local, staggered over half an hour. */
    private static final int REBOOT_SECOND = ProvinceTime.secondOf(3, 0);
    private static final int REBOOT_STAGGER_SECONDS = 1800;

    private final SignalNoise noise;
    private final Weather weather;

    GatewaySignals(SignalNoise noise, Weather weather) {
        this.noise = noise;
        this.weather = weather;
    }

    @Override
    public double value(Device device, String metric, long t) {
        return switch (metric) {
            case "uptime" -> uptime(device, t);
            case "queue_depth" -> 0;
            case "rssi" -> rssi(device, t);
            case "supply_voltage" -> quantised(13.6 + 0.3 * (noise.uniform(device.id(), "supply_voltage", t) - 0.5),
                    10, 15);
            default -> throw new IllegalArgumentException("GTW devices have no metric " + metric);
        };
    }

    /** Seconds since the last monthly reboot. */
    private double uptime(Device device, long t) {
        long reboot = rebootOfMonth(device, ProvinceTime.localDate(t).withDayOfMonth(1));
        if (reboot > t) {
            reboot = rebootOfMonth(device, ProvinceTime.localDate(t).withDayOfMonth(1).minusMonths(1));
        }
        return t - reboot;
    }

    private long rebootOfMonth(Device device, LocalDate firstOfMonth) {
        long stagger = (long) (REBOOT_STAGGER_SECONDS * noise.constant(device.id(), "reboot"));
        return ProvinceTime.startOfDay(firstOfMonth.toEpochDay()) + REBOOT_SECOND + stagger;
    }

    /** dBm: from -62 in Vinh to -93 in the mountains, ±5 per site, fading a little, 4 dB lost in heavy rain. */
    private double rssi(Device device, long t) {
        double region = switch (device.commune().region()) {
            case URBAN -> -62;
            case LOWLAND -> -72;
            case MIDLAND -> -82;
            case HIGHLAND -> -93;
        };
        double site = 10 * (noise.constant(device.id(), "site") - 0.5);
        double fading = 3 * (noise.smooth(device.id(), "fading", t, 3600) - 0.5);
        double rain = 4 * Math.min(1, weather.rainfall(device.commune(), t) / 10);
        double jitter = 2 * (noise.uniform(device.id(), "rssi", t) - 0.5);
        return quantised(region + site + fading - rain + jitter, -110, -50);
    }
}
