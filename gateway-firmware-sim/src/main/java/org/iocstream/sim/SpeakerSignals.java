package org.iocstream.sim;

import static org.iocstream.sim.KindSignals.flag;

/**
 * IP loudspeaker of the commune radio: broadcasts on the default commune schedule (05:30-06:15 and
 * 17:00-17:45 local) at the volume set on the device, silent otherwise. Speakers stay online (faults come later).
 */
final class SpeakerSignals implements KindSignals {

    private static final int MORNING_START = ProvinceTime.secondOf(5, 30);
    private static final int MORNING_END = ProvinceTime.secondOf(6, 15);
    private static final int EVENING_START = ProvinceTime.secondOf(17, 0);
    private static final int EVENING_END = ProvinceTime.secondOf(17, 45);

    private final SignalNoise noise;

    SpeakerSignals(SignalNoise noise) {
        this.noise = noise;
    }

    @Override
    public double value(Device device, String metric, long t) {
        return switch (metric) {
            case "online" -> flag(true);
            case "broadcasting" -> flag(broadcasting(t));
            case "volume" -> broadcasting(t) ? volumeSetting(device) : 0;
            default -> throw new IllegalArgumentException("SPK devices have no metric " + metric);
        };
    }

    private static boolean broadcasting(long t) {
        int second = ProvinceTime.secondOfDay(t);
        return ProvinceTime.within(second, MORNING_START, MORNING_END)
                || ProvinceTime.within(second, EVENING_START, EVENING_END);
    }

    /** 60 to 90 % in steps of 5, fixed per device. */
    private double volumeSetting(Device device) {
        return 60 + 5 * Math.floor(7 * noise.constant(device.id(), "volume"));
    }
}
