package org.iocstream.connectors.timeseries;

import org.iocstream.connectors.indicators.FeedValidator;
import org.iocstream.schemas.KpiValue;

/**
 * The store's {@code indicator} table: one row per (code, scope, period), the valid value joined with its 2026
 * target, timestamped with the period's start at local midnight (Asia/Ho_Chi_Minh), when the period begins. Tags:
 * code, scope, period_type, kind, origin, source, unit, target_operator. Fields: value, and target, gap and met where
 * the indicator has a target.
 *
 * <p>{@code kind} is the device kind of a per-kind value (availability per kind) and {@value #ALL_KINDS} for every
 * other value, rather than absent, so that the dedup key holds a value in every row (as the aqi table's device_id:
 * we have not verified how QuestDB's dedup compares a null SYMBOL key) and a value for all kinds never replaces,
 * or is replaced by, one for a kind.
 */
public final class IndicatorTables {

    public static final String TABLE = "indicator";
    /** The kind of a value that is not per device kind. */
    public static final String ALL_KINDS = "-";

    private IndicatorTables() {
    }

    public static LinePoint toPoint(KpiValue kpi) {
        LinePoint.Builder point = LinePoint.measurement(TABLE)
                .tag("code", kpi.getCode())
                .tag("scope", kpi.getScope())
                .tag("period_type", kpi.getPeriodType().name())
                .tag("kind", kpi.getKind() == null ? ALL_KINDS : kpi.getKind())
                .tag("origin", kpi.getOrigin().name())
                .tag("source", kpi.getSource())
                .tag("unit", kpi.getUnit())
                .field("value", kpi.getValue());
        if (kpi.getTargetOperator() != null) {
            point.tag("target_operator", kpi.getTargetOperator());
        }
        if (kpi.getTarget() != null) {
            point.field("target", kpi.getTarget());
        }
        if (kpi.getGap() != null) {
            point.field("gap", kpi.getGap());
        }
        if (kpi.getMet() != null) {
            point.field("met", kpi.getMet());
        }
        return point.timestamp(kpi.getPeriodStart().atStartOfDay(FeedValidator.PROVINCE_ZONE).toInstant()).build();
    }

    /**
     * QuestDB DDL: period start as the designated timestamp, and dedup keys so that a superseding value, or the
     * same value written again after a restart, replaces the period's row. The period type is part of the key
     * because a quarterly indicator may also be reported per month, and its January month and first quarter
     * start at the same instant; the kind is, because availability has a value for all kinds and one per kind in
     * the same period. QuestDB's BOOLEAN has no null: {@code met} reads false where {@code target} is null, so
     * read it only together with a target.
     */
    public static String questDbDdl() {
        return "CREATE TABLE IF NOT EXISTS " + TABLE + " ("
                + "code SYMBOL, scope SYMBOL, period_type SYMBOL, kind SYMBOL, origin SYMBOL, source SYMBOL, "
                + "unit SYMBOL, target_operator SYMBOL, value DOUBLE, target DOUBLE, gap DOUBLE, met BOOLEAN, "
                + "timestamp TIMESTAMP) TIMESTAMP(timestamp) PARTITION BY MONTH WAL "
                + "DEDUP UPSERT KEYS(timestamp, code, scope, period_type, kind)";
    }
}
