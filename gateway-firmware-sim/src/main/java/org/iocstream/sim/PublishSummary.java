package org.iocstream.sim;

/**
 * What one {@link MqttGatewayFleet#publishSpan} achieved: telemetry readings and messages the broker
 * acknowledged, and publishes that failed (refused, unacknowledged or never sent).
 */
public record PublishSummary(long readings, long messages, long failures) {
}
