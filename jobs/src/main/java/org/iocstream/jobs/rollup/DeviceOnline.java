package org.iocstream.jobs.rollup;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;

/**
 * Whether a device is online, by DOMAIN.md's device-offline rule: it is offline once it has sent no reading for
 * {@value #OFFLINE_AFTER_INTERVALS} × its reporting interval.
 */
public final class DeviceOnline {

    public static final int OFFLINE_AFTER_INTERVALS = 3;

    private DeviceOnline() {
    }

    /**
     * Online at {@code at} if the last reading is at most 3 intervals old. Exactly 3 intervals still counts:
     * the reading due at that instant may carry that very timestamp, so the device is not late yet.
     */
    public static boolean isOnline(Instant lastSeen, Duration interval, Instant at) {
        if (lastSeen.isAfter(at)) {
            throw new IllegalArgumentException("last seen " + lastSeen + " is after the instant asked about " + at);
        }
        return Duration.between(lastSeen, at).compareTo(interval.multipliedBy(OFFLINE_AFTER_INTERVALS)) <= 0;
    }

    /**
     * How many of the registered devices of one (commune, kind) are online at {@code at}, from the last-seen
     * times of those that have ever reported; a registered device without one is offline.
     */
    public static int countOnline(int registeredDevices, Collection<Instant> lastSeenTimes, Duration interval,
            Instant at) {
        if (lastSeenTimes.size() > registeredDevices) {
            throw new IllegalArgumentException(lastSeenTimes.size() + " last-seen times for only " + registeredDevices
                    + " registered devices: pass the registered devices' times only");
        }
        return (int) lastSeenTimes.stream().filter(lastSeen -> isOnline(lastSeen, interval, at)).count();
    }
}
