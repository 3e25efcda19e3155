package org.iocstream.sim;

import static org.iocstream.sim.KindSignals.flag;

/**
 * IP loudspeaker of the commune radio: on the default commune schedule it relays the provincial source
 * information system's news in the morning (05:30-06:15 local) and the commune's own news in the evening
 * (17:00-17:45) at the volume set on the device, and is silent otherwise. The schedule changes on whole
 * minutes, so the 60 s reports already carry every change. Speakers stay online (faults come from scenarios).
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
            case "broadcasting" -> flag(!program(t).equals("none"));
            case "volume" -> program(t).equals("none") ? 0 : volumeSetting(device);
            default -> throw new IllegalArgumentException("SPK devices have no numeric metric " + metric);
        };
    }

    @Override
    public String text(Device device, String metric, long t) {
        if (!metric.equals("program")) {
            throw new IllegalArgumentException("SPK devices have no text metric " + metric);
        }
        return program(t);
    }

    /** Whether the commune's broadcast schedule has a slot at this second. */
    static boolean scheduled(long t) {
        return !program(t).equals("none");
    }

    private static String program(long t) {
        int second = ProvinceTime.secondOfDay(t);
        if (ProvinceTime.within(second, MORNING_START, MORNING_END)) {
            return "source_news";
        }
        return ProvinceTime.within(second, EVENING_START, EVENING_END) ? "commune_news" : "none";
    }

    /** 60 to 90 % in steps of 5, fixed per device. */
    private double volumeSetting(Device device) {
        return 60 + 5 * Math.floor(7 * noise.constant(device.id(), "volume"));
    }
}
