package org.iocstream.jobs.commune;

import java.util.Objects;
import org.iocstream.schemas.Reading;

/** One metric of one kind of device in one commune. Public fields and a no-argument constructor make it a Flink POJO. */
public final class CommuneSeriesKey {
    public String commune;
    public String kind;
    public String metric;

    public CommuneSeriesKey() {
    }

    public CommuneSeriesKey(String commune, String kind, String metric) {
        this.commune = commune;
        this.kind = kind;
        this.metric = metric;
    }

    public static CommuneSeriesKey of(Reading reading) {
        return new CommuneSeriesKey(reading.getCommune(), reading.getKind(), reading.getMetric());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CommuneSeriesKey other && commune.equals(other.commune) && kind.equals(other.kind)
                && metric.equals(other.metric);
    }

    @Override
    public int hashCode() {
        return Objects.hash(commune, kind, metric);
    }

    @Override
    public String toString() {
        return commune + "/" + kind + "/" + metric;
    }
}
