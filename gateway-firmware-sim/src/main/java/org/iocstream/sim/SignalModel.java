package org.iocstream.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated world: every value is a pure function of (seed, device, metric, epoch second), a multiple of
 * 0.25 inside the metric's physical range. The same seed gives the same values to the simulator, the ground
 * truth and any replay, in any order.
 */
public final class SignalModel {

    private final EnvironmentSignals environment;
    private final LightingSignals lighting;
    private final CameraSignals camera;
    private final SpeakerSignals speaker;

    public SignalModel(long seed) {
        SignalNoise noise = new SignalNoise(seed);
        this.environment = new EnvironmentSignals(noise);
        this.lighting = new LightingSignals(noise);
        this.camera = new CameraSignals(noise);
        this.speaker = new SpeakerSignals(noise);
    }

    /**
     * The value of {@code metric} of {@code device} at {@code time}, which must be a whole second. Defined at
     * every second, whether or not the device reports then.
     */
    public double value(Device device, String metric, Instant time) {
        if (time.getNano() != 0) {
            throw new IllegalArgumentException("readings are at whole seconds, got " + time);
        }
        return signalsOf(device.kind()).value(device, metric, time.getEpochSecond());
    }

    /** The readings the gateway publishes at {@code time}: every metric of every device due then, in device order. */
    public List<Reading> readingsDue(Gateway gateway, Instant time) {
        List<Reading> readings = new ArrayList<>();
        for (Device device : gateway.devices()) {
            if (device.kind().reportsAt(time.getEpochSecond())) {
                for (Metric metric : device.kind().metrics()) {
                    readings.add(new Reading(device, metric, time, value(device, metric.name(), time)));
                }
            }
        }
        return readings;
    }

    private KindSignals signalsOf(DeviceKind kind) {
        return switch (kind) {
            case ENV -> environment;
            case LGT -> lighting;
            case CAM -> camera;
            case SPK -> speaker;
        };
    }
}
