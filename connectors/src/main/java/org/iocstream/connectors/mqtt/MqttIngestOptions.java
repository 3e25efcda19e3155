package org.iocstream.connectors.mqtt;

/**
 * How an MQTT ingest instance connects.
 *
 * @param brokerUrl e.g. tcp://127.0.0.1:1883
 * @param clientId unique per ingest instance; the broker keeps its session (and unacknowledged messages)
 * @param username null for an anonymous broker
 * @param password null for an anonymous broker
 * @param shareGroup shared-subscription group: instances in one group split the gateways' messages
 * @param maxInFlight messages received but not yet acknowledged (i.e. not yet in Kafka); the broker stops
 *     sending beyond it, which is the ingest's backpressure
 */
public record MqttIngestOptions(String brokerUrl, String clientId, String username, String password, String shareGroup,
        int maxInFlight) {

    public MqttIngestOptions {
        if (maxInFlight < 1 || maxInFlight > 65535) {
            throw new IllegalArgumentException("maxInFlight must be within 1..65535, got " + maxInFlight);
        }
    }
}
