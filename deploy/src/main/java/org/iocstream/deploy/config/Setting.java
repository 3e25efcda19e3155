package org.iocstream.deploy.config;

import java.util.function.Function;

/**
 * One configuration key: its name, type, default, unit and meaning, declared once. The README's configuration
 * table lists every setting (a test keeps the two in step).
 */
public record Setting<T>(String key, Class<T> type, String defaultValue, String unit, String description,
        Function<String, T> parser) {

    public T parse(String text) {
        try {
            return parser.apply(text.trim());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("setting " + key + ": cannot read '" + text + "' as "
                    + type.getSimpleName() + (unit.isEmpty() ? "" : " (" + unit + ")") + ": " + e.getMessage(), e);
        }
    }
}
