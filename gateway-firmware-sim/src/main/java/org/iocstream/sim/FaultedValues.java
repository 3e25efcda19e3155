package org.iocstream.sim;

import static org.iocstream.sim.KindSignals.quantised;

/**
 * What a scenario's value faults do to the measured values: episodes of pollution and floods the alerts must
 * catch, lamps, cameras and loudspeakers that fail. Applied on top of the everyday signals, so the values stay a
 * pure function of (seed, scenario, device, metric, second).
 */
final class FaultedValues {

    /** VN_AQI's top breakpoints: a concentration beyond them has no index, so an episode stops there. */
    private static final double PM25_CEILING = 500;
    private static final double PM10_CEILING = 600;
    private static final double WATER_LEVEL_CEILING = 2000;

    private final ActiveFaults faults;
    private final LightingSignals lighting;

    FaultedValues(ActiveFaults faults, LightingSignals lighting) {
        this.faults = faults;
        this.lighting = lighting;
    }

    /** The number a faulty device reports instead of {@code normal}; {@code normal} when no fault strikes it. */
    double value(Device device, String metric, long t, double normal) {
        return switch (device.kind()) {
            case ENV -> environment(device, metric, t, normal);
            case LGT -> lighting(device, metric, t, normal);
            case CAM -> faults.striking(FaultType.CAMERA_DOWN, device, t) == null ? normal
                    : cameraDown(metric, normal);
            case SPK -> faults.striking(FaultType.SPEAKER_SILENT, device, t) == null || metric.equals("online")
                    ? normal : 0;
            default -> normal;
        };
    }

    /** The text a faulty device reports instead of {@code normal}. */
    String text(Device device, String metric, long t, String normal) {
        if (device.kind() == DeviceKind.LGT && metric.equals("fault")
                && faults.striking(FaultType.LAMP_DEAD_AT_NIGHT, device, t) != null) {
            return "lamp_failure";
        }
        if (device.kind() == DeviceKind.SPK && metric.equals("program")
                && faults.striking(FaultType.SPEAKER_SILENT, device, t) != null) {
            return "none";
        }
        return normal;
    }

    private double environment(Device device, String metric, long t, double normal) {
        if (metric.equals("pm2_5") || metric.equals("pm10")) {
            Fault episode = faults.striking(FaultType.POLLUTION_EPISODE, device, t);
            return episode == null ? normal : quantised(normal * episode.magnitude(), 0,
                    metric.equals("pm2_5") ? PM25_CEILING : PM10_CEILING);
        }
        if (metric.equals(DeviceKind.WATER_LEVEL.name())) {
            Fault flood = faults.striking(FaultType.FLOOD_RISE, device, t);
            return flood == null ? normal
                    : quantised(normal + flood.magnitude() * flood.riseAt(t), 0, WATER_LEVEL_CEILING);
        }
        return normal;
    }

    private double lighting(Device device, String metric, long t, double normal) {
        if (faults.striking(FaultType.LAMP_DEAD_AT_NIGHT, device, t) != null && metric.equals("power")) {
            return LightingSignals.STANDBY_WATTS;
        }
        if (faults.striking(FaultType.LAMP_ON_BY_DAY, device, t) != null) {
            return switch (metric) {
                case "lamp_on" -> 1;
                case "dim_level" -> 100;
                case "power" -> lighting.ratedWatts(device) + LightingSignals.STANDBY_WATTS;
                default -> normal;
            };
        }
        return normal;
    }

    private static double cameraDown(String metric, double normal) {
        return switch (metric) {
            case "online", "bitrate", "vehicle_count", "person_count", "avg_speed" -> 0;
            default -> normal;
        };
    }
}
