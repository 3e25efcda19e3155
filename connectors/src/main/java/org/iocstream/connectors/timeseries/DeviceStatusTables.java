package org.iocstream.connectors.timeseries;

import org.iocstream.schemas.DeviceStatus;

/**
 * The store's {@code device_status} table: one row per (device, minute) while the job knows the device,
 * timestamped with the minute's end, {@code at}: the row covers (at - 1 min, at]. Tags: device_id, commune, gateway,
 * kind. Fields: seen (a reading is known at or before at), online (as of at; left out when the kind's interval is
 * unknown), last_seen_ms (epoch milliseconds of that reading, left out when none; line protocol has no time-typed
 * field), reports (distinct reading times in the minute; left out in a row without the count).
 */
public final class DeviceStatusTables {

    public static final String DEVICE_STATUS = "device_status";

    private DeviceStatusTables() {
    }

    public static LinePoint toPoint(DeviceStatus status) {
        LinePoint.Builder point = LinePoint.measurement(DEVICE_STATUS)
                .tag("device_id", status.getDeviceId())
                .tag("commune", status.getCommune())
                .tag("gateway", status.getGateway());
        if (status.getKind() != null) {
            point.tag("kind", status.getKind());
        }
        point.field("seen", status.getLastSeen() != null);
        if (status.getOnline() != null) {
            point.field("online", status.getOnline());
        }
        if (status.getLastSeen() != null) {
            point.field("last_seen_ms", status.getLastSeen().toEpochMilli());
        }
        if (status.getReports() != null) {
            point.field("reports", (long) status.getReports());
        }
        return point.timestamp(status.getAt()).build();
    }

    /** QuestDB DDL: the minute as the designated timestamp; a rewritten minute (a late reading) replaces its row. */
    public static String questDbDdl() {
        return "CREATE TABLE IF NOT EXISTS " + DEVICE_STATUS + " ("
                + "device_id SYMBOL, commune SYMBOL, gateway SYMBOL, kind SYMBOL, "
                + "seen BOOLEAN, online BOOLEAN, last_seen_ms LONG, reports LONG, "
                + "timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY DAY WAL "
                + "DEDUP UPSERT KEYS(timestamp, device_id)";
    }
}
