package org.iocstream.benchmarks;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code key=value} command-line arguments of a benchmark's {@code main}, each key declared with its default. */
final class BenchmarkArgs {

    private final Map<String, String> values = new HashMap<>();

    private BenchmarkArgs(Map<String, String> defaults, String[] args) {
        values.putAll(defaults);
        for (String arg : args) {
            int equals = arg.indexOf('=');
            String key = equals < 0 ? arg : arg.substring(0, equals);
            if (equals < 0 || !defaults.containsKey(key)) {
                throw new IllegalArgumentException("expected key=value with key one of " + Set.copyOf(defaults.keySet())
                        + ", got '" + arg + "'");
            }
            values.put(key, arg.substring(equals + 1));
        }
    }

    static BenchmarkArgs parse(Map<String, String> defaults, String[] args) {
        return new BenchmarkArgs(defaults, args);
    }

    String string(String key) {
        return values.get(key);
    }

    int integer(String key) {
        return Integer.parseInt(values.get(key));
    }

    double decimal(String key) {
        return Double.parseDouble(values.get(key));
    }

    @Override
    public String toString() {
        return new java.util.TreeMap<>(values).toString();
    }
}
