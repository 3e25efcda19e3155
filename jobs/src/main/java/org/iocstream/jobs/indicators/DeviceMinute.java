package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.util.Objects;
import org.iocstream.jobs.rollup.ReportingIntervals;
import org.iocstream.schemas.DeviceStatus;

/**
 * What one {@code device_status} row, one device over the minute (at - 1 min, at], gives a commune-day's computed
 * indicators: the device's kind, whether it was online at the minute's end (null when the kind's interval is
 * unknown) and the reports received in the minute (null in a row written without the count).
 *
 * <p>Public fields and a no-argument constructor make it a Flink POJO.
 */
public final class DeviceMinute {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    public String kind;
    public Boolean online;
    public Integer reports;

    public DeviceMinute() {
    }

    public DeviceMinute(String kind, Boolean online, Integer reports) {
        this.kind = kind;
        this.online = online;
        this.reports = reports;
    }

    public static DeviceMinute of(DeviceStatus status) {
        return new DeviceMinute(status.getKind(), status.getOnline(), status.getReports());
    }

    /**
     * The reports the kind's interval makes a device owe in a minute: 1 at 60 s, 6 at 10 s (CAM), 0.2 at 300 s (AGR);
     * 0 when the interval is unknown.
     */
    public double expectedReports() {
        return ReportingIntervals.expectedReadings(kind, 1, MINUTE);
    }

    /** Counts for completeness: its kind has a known interval and the row has a report count. */
    public boolean countsReports() {
        return reports != null && expectedReports() > 0;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DeviceMinute minute && Objects.equals(kind, minute.kind)
                && Objects.equals(online, minute.online) && Objects.equals(reports, minute.reports);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, online, reports);
    }

    @Override
    public String toString() {
        return kind + " online=" + online + " reports=" + reports;
    }
}
