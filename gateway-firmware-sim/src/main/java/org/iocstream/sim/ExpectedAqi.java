package org.iocstream.sim;

import java.time.Instant;

/**
 * The hourly VN_AQI a correct pipeline must give a station for the hour starting at {@code hourStart}, from the
 * readings delivered in time for that hour and the 11 before it.
 */
public record ExpectedAqi(String station, String commune, Instant hourStart, int aqi) {
}
