package org.iocstream.connectors.timeseries;

import org.iocstream.schemas.AqiValue;

/**
 * The store's {@code aqi} table: one row per (scope, station or commune, period, period start), timestamped with
 * the period start (the hour, or local midnight for a day). Tags: scope (station, commune), device_id, commune,
 * period (HOUR, DAY), category, dominant. Fields: aqi, capped, stations, and each sub-index (pm2_5, pm10, o3_1h,
 * o3_8h, co, so2, no2; left out, so null in QuestDB, when the value has none).
 *
 * <p>A commune row has no station; its device_id is {@value #NO_DEVICE} rather than absent, so that the dedup key
 * holds a value in every row: we have not verified how QuestDB's dedup compares a null SYMBOL key, and a row
 * that a recomputation could not replace would double the commune's hour.
 */
public final class AqiTables {

    public static final String AQI = "aqi";
    /** The device_id of a commune row. */
    public static final String NO_DEVICE = "-";

    private AqiTables() {
    }

    public static LinePoint toPoint(AqiValue value) {
        LinePoint.Builder point = LinePoint.measurement(AQI)
                .tag("scope", value.getScope())
                .tag("device_id", value.getDeviceId() == null ? NO_DEVICE : value.getDeviceId())
                .tag("commune", value.getCommune())
                .tag("period", value.getPeriod().name())
                .tag("category", value.getCategory())
                .tag("dominant", value.getDominant())
                .field("aqi", (long) value.getAqi())
                .field("capped", value.getCapped())
                .field("stations", (long) value.getStations());
        subIndex(point, "pm2_5", value.getPm25());
        subIndex(point, "pm10", value.getPm10());
        subIndex(point, "o3_1h", value.getO31h());
        subIndex(point, "o3_8h", value.getO38h());
        subIndex(point, "co", value.getCo());
        subIndex(point, "so2", value.getSo2());
        subIndex(point, "no2", value.getNo2());
        return point.timestamp(value.getPeriodStart()).build();
    }

    private static void subIndex(LinePoint.Builder point, String name, Integer subIndex) {
        if (subIndex != null) {
            point.field(name, (long) subIndex);
        }
    }

    /**
     * QuestDB DDL: the period start as the designated timestamp, and dedup keys so that a value recomputed after a
     * late reading, or written again by a replay, replaces its row.
     */
    public static String questDbDdl() {
        return "CREATE TABLE IF NOT EXISTS " + AQI + " ("
                + "scope SYMBOL, device_id SYMBOL, commune SYMBOL, period SYMBOL, category SYMBOL, dominant SYMBOL, "
                + "aqi LONG, capped BOOLEAN, stations LONG, "
                + "pm2_5 LONG, pm10 LONG, o3_1h LONG, o3_8h LONG, co LONG, so2 LONG, no2 LONG, "
                + "timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY MONTH WAL "
                + "DEDUP UPSERT KEYS(timestamp, scope, commune, device_id, period)";
    }
}
