package org.iocstream.sim;

import static org.iocstream.sim.KindSignals.flag;
import static org.iocstream.sim.KindSignals.quantised;

/**
 * Camera: vehicles per 10 s interval follow road traffic, people follow markets and the evening, speed falls as
 * the road fills and in rain, the stream's bitrate grows with the motion in the scene, and the analytics report
 * a rare event. Cameras stay online (faults come from scenarios).
 */
final class CameraSignals implements KindSignals {

    /** About one event per camera per day: one report in 8,640. */
    private static final double EVENT_CHANCE = 1.0 / 8640;
    private static final int NIGHT_START = ProvinceTime.secondOf(22, 0);
    private static final int NIGHT_END = ProvinceTime.secondOf(5, 0);

    private final SignalNoise noise;
    private final Weather weather;

    CameraSignals(SignalNoise noise, Weather weather) {
        this.noise = noise;
        this.weather = weather;
    }

    @Override
    public double value(Device device, String metric, long t) {
        return switch (metric) {
            case "online" -> flag(true);
            case "vehicle_count" -> vehicleCount(device, t);
            case "person_count" -> personCount(device, t);
            case "avg_speed" -> averageSpeed(device, t);
            case "bitrate" -> bitrate(device, t);
            default -> throw new IllegalArgumentException("CAM devices have no numeric metric " + metric);
        };
    }

    /**
     * What the analytics saw, or null at the reports without an event: congestion where traffic crawls,
     * intrusion at night, a crowd where many people are in view, otherwise mostly an accident, sometimes smoke.
     */
    @Override
    public String text(Device device, String metric, long t) {
        if (!metric.equals("event")) {
            throw new IllegalArgumentException("CAM devices have no text metric " + metric);
        }
        if (!eventOccurs(device, t)) {
            return null;
        }
        int second = ProvinceTime.secondOfDay(t);
        if (averageSpeed(device, t) < 15) {
            return "congestion";
        }
        if (second >= NIGHT_START || second < NIGHT_END) {
            return "intrusion";
        }
        if (personCount(device, t) >= 15) {
            return "crowd";
        }
        return noise.uniform(device.id(), "event", t) < 0.85 ? "accident" : "fire_smoke";
    }

    /**
     * Whether the camera reports an event at {@code t}. Deliberately independent of the seed: which reports
     * carry an event is then part of the fleet's schedule, so {@link GroundTruth#readingCount} can count the
     * readings without a {@link SignalModel}; what the event is still depends on the seed.
     */
    static boolean eventOccurs(Device device, long t) {
        long key = StableHash.mix(StableHash.fnv1a(device.id()) ^ StableHash.mix(t * StableHash.GOLDEN_GAMMA));
        return StableHash.unitInterval(key) < EVENT_CHANCE;
    }

    private double vehicleCount(Device device, long t) {
        double mean = (1 + 24 * ProvinceTime.trafficLevel(t)) * ProvinceTime.regionActivity(device.commune().region());
        return count(mean * (0.5 + noise.uniform(device.id(), "vehicle_count", t)));
    }

    private double personCount(Device device, long t) {
        double mean = (0.5 + 12 * ProvinceTime.streetLife(t)) * ProvinceTime.regionActivity(device.commune().region());
        return count(mean * (0.5 + noise.uniform(device.id(), "person_count", t)));
    }

    /** km/h: the road's free-flow speed, down to 30 % of it as vehicles fill the view, 15 % slower in rain. */
    private double averageSpeed(Device device, long t) {
        Commune commune = device.commune();
        double freeFlow = switch (commune.region()) {
            case URBAN -> 38;
            case LOWLAND -> 50;
            case MIDLAND -> 52;
            case HIGHLAND -> 42;
        };
        double congestion = Math.min(1, vehicleCount(device, t) / 40);
        double rain = weather.rainfall(commune, t) > 2 ? 0.85 : 1;
        double jitter = 6 * (noise.uniform(device.id(), "avg_speed", t) - 0.5);
        return quantised(freeFlow * (1 - 0.7 * congestion) * rain + jitter, 5, 70);
    }

    /** Encoded kbit/s: a quiet scene compresses well, every moving vehicle or person costs bits. */
    private double bitrate(Device device, long t) {
        double motion = vehicleCount(device, t) + personCount(device, t);
        double jitter = 800 * noise.uniform(device.id(), "bitrate", t);
        return quantised(Math.rint(1500 + 90 * motion + jitter), 1000, 8000);
    }

    private static double count(double expected) {
        return quantised(Math.rint(expected), 0, 200);
    }
}
