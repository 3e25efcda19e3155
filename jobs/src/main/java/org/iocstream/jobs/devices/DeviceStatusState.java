package org.iocstream.jobs.devices;

import java.util.ArrayList;
import java.util.List;

/**
 * What {@link DeviceStatusFunction} keeps per device. Times are epoch milliseconds of event time.
 * Public fields and a no-argument constructor make it a Flink POJO.
 */
public final class DeviceStatusState {
    static final long NEVER = Long.MIN_VALUE;

    public String kind;
    public String commune;
    public String gateway;
    /** Time of the reading that gave commune and gateway: an older reading does not overwrite them. */
    public long labelTime = NEVER;
    /** Reading times, ascending, recent enough that a late reading could still change a status row with them. */
    public List<Long> times = new ArrayList<>();
    /** The latest reading time dropped from {@link #times}: the last-seen of every later minute without one. */
    public long floor = NEVER;
    /** The latest reading, or when the registry last announced the device; it is forgotten a while after. */
    public long quietSince = NEVER;
    /** The minute whose status is due next; every earlier minute since the device became known was emitted. */
    public long nextTick = NEVER;

    public DeviceStatusState() {
    }

    long lastSeenAsOf(long at) {
        long lastSeen = floor;
        for (long time : times) {
            if (time > at) {
                break;
            }
            lastSeen = time;
        }
        return lastSeen;
    }

    /**
     * Distinct reading times in (from, to]. Exact only while {@link #times} still holds that span: the caller
     * keeps it until the minute is final.
     */
    int reportsIn(long from, long to) {
        int reports = 0;
        for (long time : times) {
            if (time > to) {
                break;
            }
            if (time > from) {
                reports++;
            }
        }
        return reports;
    }

    /** Records a reading time; false when it changes nothing (known already, or older than the floor). */
    boolean add(long time) {
        if (time <= floor) {
            return false;
        }
        int at = 0;
        while (at < times.size() && times.get(at) < time) {
            at++;
        }
        if (at < times.size() && times.get(at) == time) {
            return false;
        }
        times.add(at, time);
        return true;
    }

    /** Drops the reading times before {@code horizon}, keeping the latest of them as the floor. */
    void forgetBefore(long horizon) {
        while (!times.isEmpty() && times.get(0) < horizon) {
            floor = times.remove(0);
        }
    }
}
