package org.iocstream.sim;

/**
 * What a {@link GatewaySimulation} achieved: readings in acknowledged telemetry messages, those messages, and
 * messages that failed (refused, unacknowledged or never sent).
 */
public record PublishSummary(long readings, long messages, long failures) {
}
