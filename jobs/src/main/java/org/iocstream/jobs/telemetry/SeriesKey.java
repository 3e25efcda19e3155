package org.iocstream.jobs.telemetry;

import java.util.Objects;
import org.iocstream.schemas.Reading;

/** A time series: one metric of one device. Public fields and a no-argument constructor make it a Flink POJO. */
public final class SeriesKey {
    public String deviceId;
    public String metric;

    public SeriesKey() {
    }

    public SeriesKey(String deviceId, String metric) {
        this.deviceId = deviceId;
        this.metric = metric;
    }

    public static SeriesKey of(Reading reading) {
        return new SeriesKey(reading.getDeviceId(), reading.getMetric());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SeriesKey other && deviceId.equals(other.deviceId) && metric.equals(other.metric);
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, metric);
    }

    @Override
    public String toString() {
        return deviceId + ":" + metric;
    }
}
