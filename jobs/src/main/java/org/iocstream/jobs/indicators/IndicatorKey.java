package org.iocstream.jobs.indicators;

import org.iocstream.schemas.IndicatorValue;

/**
 * The key of the KPI operators, {@code code/scope}, e.g. {@code INF_TSLCD_LINKED/16681}, and
 * {@code code/scope/kind} for a value per device kind, e.g. {@code OPS_DEVICE_AVAILABILITY/16681/LGT}, so that a
 * kind's value never supersedes the value for all kinds. Codes are upper-case letters, digits and underscores,
 * scopes digits and kinds have no '/', so the key reads back unambiguously; an empty kind stays apart from none.
 */
public final class IndicatorKey {

    private IndicatorKey() {
    }

    public static String of(String code, String scope) {
        return code + "/" + scope;
    }

    /** {@code kind} null: the value is not per kind. */
    public static String of(String code, String scope, String kind) {
        return kind == null ? of(code, scope) : of(code, scope) + "/" + kind;
    }

    public static String of(IndicatorValue value) {
        return of(value.getCode(), value.getScope(), value.getKind());
    }

    public static String code(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    public static String scope(String key) {
        int afterCode = key.indexOf('/') + 1;
        int kindSlash = key.indexOf('/', afterCode);
        return kindSlash < 0 ? key.substring(afterCode) : key.substring(afterCode, kindSlash);
    }

    /** The key's device kind, or null for a value not per kind. */
    public static String kind(String key) {
        int kindSlash = key.indexOf('/', key.indexOf('/') + 1);
        return kindSlash < 0 ? null : key.substring(kindSlash + 1);
    }
}
