package org.iocstream.jobs.commune;

import java.util.Objects;

/** One metric of one kind of device, province-wide. Public fields and a no-argument constructor make it a Flink POJO. */
public final class KindMetricKey {
    public String kind;
    public String metric;

    public KindMetricKey() {
    }

    public KindMetricKey(String kind, String metric) {
        this.kind = kind;
        this.metric = metric;
    }

    public static KindMetricKey of(AreaWindow window) {
        return new KindMetricKey(window.kind, window.metric);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KindMetricKey other && kind.equals(other.kind) && metric.equals(other.metric);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, metric);
    }

    @Override
    public String toString() {
        return kind + "/" + metric;
    }
}
