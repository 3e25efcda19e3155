package org.iocstream.sim;

import java.time.Instant;

/**
 * What a correct pipeline must produce for one (device, metric) in one event-time window
 * [windowStart, windowStart + size): count, min, max, sum, mean = sum / count, and the values of the earliest
 * and latest readings. {@code unit} is null for unitless flags.
 */
public record ExpectedWindow(String deviceId, String metric, String unit, String commune, String gateway,
        Instant windowStart, long count, double min, double max, double sum, double mean, double first,
        double last) {
}
