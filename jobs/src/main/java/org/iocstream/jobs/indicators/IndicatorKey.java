package org.iocstream.jobs.indicators;

import org.iocstream.schemas.IndicatorValue;

/**
 * The key of the KPI operators, {@code code/scope}, e.g. {@code INF_TSLCD_LINKED/16681}. Codes are upper-case
 * letters, digits and underscores and scopes digits, so the '/' reads back unambiguously.
 */
public final class IndicatorKey {

    private IndicatorKey() {
    }

    public static String of(String code, String scope) {
        return code + "/" + scope;
    }

    public static String of(IndicatorValue value) {
        return of(value.getCode(), value.getScope());
    }

    public static String code(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    public static String scope(String key) {
        return key.substring(key.indexOf('/') + 1);
    }
}
