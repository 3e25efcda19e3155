package org.iocstream.sim;

import java.time.Instant;

/**
 * A station's PM2.5 24-h mean in µg/m³ that a correct pipeline must give for the hour starting at
 * {@code hourStart}: the mean of the hourly means of that hour and the 23 before it, from the readings delivered in
 * time for each.
 */
public record ExpectedMean(String station, String commune, Instant hourStart, double mean) {
}
