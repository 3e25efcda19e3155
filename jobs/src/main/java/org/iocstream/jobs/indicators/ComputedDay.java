package org.iocstream.jobs.indicators;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.iocstream.jobs.rollup.CommuneCoverage;
import org.iocstream.jobs.rollup.ReportingIntervals;

/**
 * The running totals of one commune-day's computed indicators, and what changed since they were last emitted.
 * Inputs are device-minutes ({@link DeviceMinute}, one {@code device_status} row each) that may come again (a
 * status rewritten by a late reading): the caller passes the minute's earlier contribution with its new one, so a
 * device-minute is replaced, never added twice.
 *
 * <ul>
 *   <li>{@code OPS_DATA_COMPLETENESS} = 100 × Σ reports / Σ expected reports over the device-minutes whose kind has
 *       a known interval ({@link DeviceMinute#expectedReports()}); gateways included, their telemetry is data too.
 *       A registered device that sends nothing owes its reports all the same, so it lowers the value;</li>
 *   <li>{@code OPS_DEVICE_AVAILABILITY} = 100 × online / known device-minutes, gateways (GTW) left out: over all
 *       other kinds, and per kind;</li>
 *   <li>{@code OPS_GATEWAY_UPTIME} = 100 × online / known device-minutes of kind GTW;</li>
 *   <li>{@code INF_COMMUNE_PHYS_DIGITAL} = 100 if a device of a {@link CommuneCoverage#PHYSICAL_DIGITAL_KINDS} kind
 *       had an online minute, else 0; defined once the day has any device-minute.</li>
 * </ul>
 *
 * <p>Public fields and a no-argument constructor make it a Flink POJO.
 */
public final class ComputedDay {

    /** No emission is scheduled. */
    public static final long NONE = Long.MIN_VALUE;
    // expected reports are sums of fractions such as 0.2 (a 300 s device per minute): replacing minutes leaves
    // rounding dust where the exact total is 0
    private static final double NOTHING_EXPECTED = 1e-9;

    public long reports;
    public double expectedReports;
    /** Online and known device-minutes per kind with a known interval, gateways (GTW) included. */
    public Map<String, KindMinutes> minutesByKind = new HashMap<>();
    /** Every device-minute, whatever its kind. */
    public long deviceMinutes;
    public boolean completenessChanged;
    /** The availability over all kinds changed; each kind has its own flag. */
    public boolean availabilityChanged;
    public boolean physicalDigitalChanged;
    /** The day's closing values were emitted. */
    public boolean closed;
    /** The pending emission boundary, or {@link #NONE}. */
    public long nextEmission = NONE;

    public ComputedDay() {
    }

    /** The device-minutes of one kind with an online state. A Flink POJO. */
    public static final class KindMinutes {
        public long online;
        public long known;
        /** Changed since last emitted. */
        public boolean changed;

        public KindMinutes() {
        }

        /** 100 × online / known, in percent; NaN without a known minute. */
        public double percent() {
            return known > 0 ? 100.0 * online / known : Double.NaN;
        }
    }

    /** Replaces a device-minute: {@code before} is null for one not seen before; {@code after} must not be null. */
    public void replace(DeviceMinute before, DeviceMinute after) {
        Objects.requireNonNull(after, "after");
        if (after.equals(before)) {
            return;
        }
        double physicalDigitalBefore = physicalDigitalPercent();
        if (before == null) {
            deviceMinutes++;
        }
        replaceReports(before, after);
        if (before == null || !Objects.equals(before.kind, after.kind)
                || !Objects.equals(before.online, after.online)) {
            countOnline(before, -1);
            countOnline(after, 1);
        }
        physicalDigitalChanged |= Double.compare(physicalDigitalBefore, physicalDigitalPercent()) != 0;
    }

    private void replaceReports(DeviceMinute before, DeviceMinute after) {
        long oldReports = before != null && before.countsReports() ? before.reports : 0;
        double oldExpected = before != null && before.countsReports() ? before.expectedReports() : 0;
        long newReports = after.countsReports() ? after.reports : 0;
        double newExpected = after.countsReports() ? after.expectedReports() : 0;
        if (oldReports == newReports && oldExpected == newExpected) {
            return;
        }
        reports += newReports - oldReports;
        expectedReports += newExpected - oldExpected;
        completenessChanged = true;
    }

    private void countOnline(DeviceMinute minute, int sign) {
        if (minute == null || minute.online == null) {
            return;
        }
        KindMinutes kind = minutesByKind.computeIfAbsent(minute.kind, k -> new KindMinutes());
        kind.known += sign;
        kind.online += minute.online ? sign : 0;
        kind.changed = true;
        availabilityChanged |= !isGateway(minute.kind);
    }

    /** The values were emitted: nothing has changed since. */
    public void markEmitted() {
        completenessChanged = false;
        availabilityChanged = false;
        physicalDigitalChanged = false;
        minutesByKind.values().forEach(kind -> kind.changed = false);
    }

    /** 100 × reports / expected reports, in percent; NaN when nothing is expected. */
    public double completenessPercent() {
        return expectedReports > NOTHING_EXPECTED ? 100.0 * reports / expectedReports : Double.NaN;
    }

    /** 100 × online / known device-minutes of every kind but gateways, in percent; NaN without one. */
    public double availabilityPercent() {
        KindMinutes devices = new KindMinutes();
        minutesByKind.forEach((kind, minutes) -> {
            if (!isGateway(kind)) {
                devices.online += minutes.online;
                devices.known += minutes.known;
            }
        });
        return devices.percent();
    }

    /** 100 × online / known device-minutes of one kind, in percent (of GTW: the gateway uptime); NaN without one. */
    public double onlinePercent(String kind) {
        KindMinutes minutes = minutesByKind.get(kind);
        return minutes == null ? Double.NaN : minutes.percent();
    }

    /** 100 if a physical-digital device had an online minute, 0 if not; NaN without any device-minute. */
    public double physicalDigitalPercent() {
        if (deviceMinutes == 0) {
            return Double.NaN;
        }
        boolean working = CommuneCoverage.PHYSICAL_DIGITAL_KINDS.stream()
                .map(minutesByKind::get)
                .anyMatch(minutes -> minutes != null && minutes.online > 0);
        return working ? 100.0 : 0.0;
    }

    public static boolean isGateway(String kind) {
        return ReportingIntervals.GATEWAY.equals(kind);
    }
}
