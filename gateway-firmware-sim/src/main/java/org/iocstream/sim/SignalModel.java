package org.iocstream.sim;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The simulated world: every value is a pure function of (seed, device, metric, epoch second); numbers are
 * multiples of 0.25 inside the metric's physical range. The same seed gives the same values to the simulator,
 * the ground truth and any replay, in any order.
 */
public final class SignalModel {

    private final EnvironmentSignals environment;
    private final LightingSignals lighting;
    private final CameraSignals camera;
    private final SpeakerSignals speaker;
    private final AgricultureSignals agriculture;
    private final GatewaySignals gateway;
    /** Null when the scenario changes no value, so the everyday signals cost nothing extra. */
    private final FaultedValues faulted;

    /** The everyday signals, without faults. */
    public SignalModel(long seed) {
        this(seed, Scenario.NONE);
    }

    /** The signals with the scenario's value faults (pollution, floods, failing lamps, cameras, speakers) applied. */
    public SignalModel(long seed, Scenario scenario) {
        SignalNoise noise = new SignalNoise(seed);
        Weather weather = new Weather(noise);
        this.environment = new EnvironmentSignals(noise, weather);
        this.lighting = new LightingSignals(noise, weather);
        this.camera = new CameraSignals(noise, weather);
        this.speaker = new SpeakerSignals(noise);
        this.agriculture = new AgricultureSignals(noise, weather);
        this.gateway = new GatewaySignals(noise, weather);
        boolean changesValues = scenario.faults().stream().anyMatch(fault -> fault.type().changesValuesOf() != null);
        this.faulted = changesValues ? new FaultedValues(new ActiveFaults(scenario, noise), lighting) : null;
    }

    /**
     * The value of numeric {@code metric} of {@code device} at {@code time}, which must be a whole second.
     * Defined at every second, whether or not the device reports then.
     *
     * @throws IllegalArgumentException if the device does not report the metric or the metric is text
     */
    public double value(Device device, String metric, Instant time) {
        return value(device, metric, wholeSecond(time));
    }

    /**
     * The value of text {@code metric} of {@code device} at {@code time}, a whole second; null when the device
     * reports nothing for it then (a camera {@code event} exists only when one occurs).
     *
     * @throws IllegalArgumentException if the device does not report the metric or the metric is a number
     */
    public String text(Device device, String metric, Instant time) {
        return text(device, metric, wholeSecond(time));
    }

    /**
     * The readings the gateway publishes at {@code time}: every metric of every device due then, in device
     * order, except a camera's {@code event} at the reports where nothing happened.
     */
    public List<Reading> readingsDue(Gateway gateway, Instant time) {
        long t = wholeSecond(time);
        List<Reading> readings = new ArrayList<>();
        for (Device device : gateway.devices()) {
            if (!device.kind().reportsAt(t)) {
                continue;
            }
            for (Metric metric : device.metrics()) {
                if (metric.numeric()) {
                    readings.add(new Reading(device, metric, time, value(device, metric.name(), t)));
                } else if (reportedAt(device, metric, t)) {
                    readings.add(Reading.ofText(device, metric, time, text(device, metric.name(), t)));
                }
            }
        }
        return readings;
    }

    /**
     * Whether a report of the device at {@code t} carries the metric: always, but for a camera's {@code event},
     * which only appears when one occurs. Independent of the seed, so readings can be counted without values.
     */
    static boolean reportedAt(Device device, Metric metric, long t) {
        return device.kind() != DeviceKind.CAM || !metric.name().equals("event")
                || CameraSignals.eventOccurs(device, t);
    }

    private double value(Device device, String metric, long t) {
        double normal = signalsOf(device.kind()).value(device, metric, t);
        return faulted == null ? normal : faulted.value(device, metric, t, normal);
    }

    private String text(Device device, String metric, long t) {
        String normal = signalsOf(device.kind()).text(device, metric, t);
        return faulted == null ? normal : faulted.text(device, metric, t, normal);
    }

    private static long wholeSecond(Instant time) {
        if (time.getNano() != 0) {
            throw new IllegalArgumentException("readings are at whole seconds, got " + time);
        }
        return time.getEpochSecond();
    }

    private KindSignals signalsOf(DeviceKind kind) {
        return switch (kind) {
            case ENV -> environment;
            case LGT -> lighting;
            case CAM -> camera;
            case SPK -> speaker;
            case AGR -> agriculture;
            case GTW -> gateway;
        };
    }
}
