package org.iocstream.sim;

import static org.iocstream.sim.KindSignals.flag;
import static org.iocstream.sim.KindSignals.quantised;

/**
 * Camera: vehicles per 10 s interval follow road traffic, people follow the morning market and the evening,
 * and the stream's bitrate grows with the motion in the scene. Cameras stay online (faults come later).
 */
final class CameraSignals implements KindSignals {

    private static final int MARKET_START = ProvinceTime.secondOf(5, 0);
    private static final int MARKET_END = ProvinceTime.secondOf(9, 0);
    private static final int DAY_END = ProvinceTime.secondOf(17, 0);
    private static final int EVENING_END = ProvinceTime.secondOf(21, 0);

    private final SignalNoise noise;

    CameraSignals(SignalNoise noise) {
        this.noise = noise;
    }

    @Override
    public double value(Device device, String metric, long t) {
        return switch (metric) {
            case "online" -> flag(true);
            case "vehicle_count" -> vehicleCount(device, t);
            case "person_count" -> personCount(device, t);
            case "bitrate" -> bitrate(device, t);
            default -> throw new IllegalArgumentException("CAM devices have no metric " + metric);
        };
    }

    private double vehicleCount(Device device, long t) {
        double mean = (1 + 24 * ProvinceTime.trafficLevel(t)) * ProvinceTime.regionActivity(device.commune().region());
        return count(mean * (0.5 + noise.uniform(device.id(), "vehicle_count", t)));
    }

    private double personCount(Device device, long t) {
        double mean = (0.5 + 12 * pedestrianLevel(t)) * ProvinceTime.regionActivity(device.commune().region());
        return count(mean * (0.5 + noise.uniform(device.id(), "person_count", t)));
    }

    /** Encoded kbit/s: a quiet scene compresses well, every moving vehicle or person costs bits. */
    private double bitrate(Device device, long t) {
        double motion = vehicleCount(device, t) + personCount(device, t);
        double jitter = 800 * noise.uniform(device.id(), "bitrate", t);
        return quantised(Math.rint(1500 + 90 * motion + jitter), 1000, 8000);
    }

    /** People in view relative to the peak: the morning market, then the day, the evening, the night. */
    private static double pedestrianLevel(long t) {
        int second = ProvinceTime.secondOfDay(t);
        if (ProvinceTime.within(second, MARKET_START, MARKET_END)) {
            return 1.0;
        }
        if (ProvinceTime.within(second, MARKET_END, DAY_END)) {
            return 0.5;
        }
        return ProvinceTime.within(second, DAY_END, EVENING_END) ? 0.7 : 0.05;
    }

    private static double count(double expected) {
        return quantised(Math.rint(expected), 0, 200);
    }
}
