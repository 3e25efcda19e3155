package org.iocstream.connectors.timeseries;

import org.iocstream.schemas.CommuneAggregate;

/**
 * The store's commune rollup table {@code commune_1m}: one row per (commune, kind, metric, minute), the province
 * as commune {@code 40}, timestamped with the window start. Tags: commune, kind, metric, unit. Fields: count,
 * min, max, sum, mean, devices_reporting, devices_registered, expected_readings, completeness (left out, so
 * null in QuestDB, when nothing is expected), communes.
 */
public final class CommuneTables {

    public static final String COMMUNE_1M = "commune_1m";

    private CommuneTables() {
    }

    public static LinePoint toPoint(CommuneAggregate row) {
        LinePoint.Builder point = LinePoint.measurement(COMMUNE_1M)
                .tag("commune", row.getCommune())
                .tag("kind", row.getKind())
                .tag("metric", row.getMetric());
        if (row.getUnit() != null && !row.getUnit().isEmpty()) {
            point.tag("unit", row.getUnit());
        }
        point.field("count", row.getCount())
                .field("min", row.getMin())
                .field("max", row.getMax())
                .field("sum", row.getSum())
                .field("mean", row.getMean())
                .field("devices_reporting", row.getDevicesReporting())
                .field("devices_registered", row.getDevicesRegistered())
                .field("expected_readings", row.getExpectedReadings());
        if (row.getCompleteness() != null) {
            point.field("completeness", row.getCompleteness());
        }
        return point.field("communes", (long) row.getCommunes())
                .timestamp(row.getWindowStart())
                .build();
    }

    /**
     * QuestDB DDL: window start as the designated timestamp, and dedup keys so that a re-fired window (a late
     * reading within the allowed lateness) or a replay replaces its row.
     */
    public static String questDbDdl() {
        return "CREATE TABLE IF NOT EXISTS " + COMMUNE_1M + " ("
                + "commune SYMBOL, kind SYMBOL, metric SYMBOL, unit SYMBOL, "
                + "count LONG, min DOUBLE, max DOUBLE, sum DOUBLE, mean DOUBLE, "
                + "devices_reporting LONG, devices_registered LONG, expected_readings DOUBLE, completeness DOUBLE, "
                + "communes LONG, timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY DAY WAL "
                + "DEDUP UPSERT KEYS(timestamp, commune, kind, metric)";
    }
}
