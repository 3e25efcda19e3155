package org.iocstream.connectors.timeseries;

import java.time.Duration;
import java.util.List;
import org.iocstream.schemas.WindowAggregate;

/**
 * The store's per-device window tables ({@code reading_10s}, {@code reading_1m}, ...): one row per (device,
 * metric, window), timestamped with the window start. Tags: device_id, metric, commune, gateway, kind, unit.
 * Fields: count, min, max, sum, mean, first, last.
 */
public final class ReadingTables {

    private ReadingTables() {
    }

    /** {@code reading_10s} for 10 s, {@code reading_1m} for 1 min, {@code reading_5m} for 5 min. */
    public static String tableFor(Duration windowSize) {
        long seconds = windowSize.toSeconds();
        if (seconds <= 0 || windowSize.toMillis() % 1000 != 0) {
            throw new IllegalArgumentException("window sizes are whole seconds, got " + windowSize);
        }
        return seconds % 60 == 0 ? "reading_" + seconds / 60 + "m" : "reading_" + seconds + "s";
    }

    public static LinePoint toPoint(WindowAggregate aggregate) {
        Duration size = Duration.between(aggregate.getWindowStart(), aggregate.getWindowEnd());
        LinePoint.Builder point = LinePoint.measurement(tableFor(size))
                .tag("device_id", aggregate.getDeviceId())
                .tag("metric", aggregate.getMetric())
                .tag("commune", aggregate.getCommune())
                .tag("gateway", aggregate.getGateway());
        if (aggregate.getKind() != null) {
            point.tag("kind", aggregate.getKind());
        }
        if (aggregate.getUnit() != null && !aggregate.getUnit().isEmpty()) {
            point.tag("unit", aggregate.getUnit());
        }
        return point
                .field("count", aggregate.getCount())
                .field("min", aggregate.getMin())
                .field("max", aggregate.getMax())
                .field("sum", aggregate.getSum())
                .field("mean", aggregate.getMean())
                .field("first", aggregate.getFirst())
                .field("last", aggregate.getLast())
                .timestamp(aggregate.getWindowStart())
                .build();
    }

    /**
     * QuestDB DDL for one window table: window start as the designated timestamp, and dedup keys so that writing
     * the same (device, metric, window) again replaces the row (a re-fired window or a replay after restart).
     */
    public static String questDbDdl(Duration windowSize) {
        return "CREATE TABLE IF NOT EXISTS " + tableFor(windowSize) + " ("
                + "device_id SYMBOL, metric SYMBOL, commune SYMBOL, gateway SYMBOL, kind SYMBOL, unit SYMBOL, "
                + "count LONG, min DOUBLE, max DOUBLE, sum DOUBLE, mean DOUBLE, first DOUBLE, last DOUBLE, "
                + "timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY DAY WAL "
                + "DEDUP UPSERT KEYS(timestamp, device_id, metric)";
    }

    public static List<String> questDbDdl(List<Duration> windowSizes) {
        return windowSizes.stream().map(ReadingTables::questDbDdl).toList();
    }
}
