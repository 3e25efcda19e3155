package org.iocstream.sim;

import java.util.concurrent.CompletableFuture;

/**
 * One gateway's MQTT connection, whatever the protocol version: connect with the gateway's identity, clean
 * session, automatic reconnect and a retained {@code offline} Last Will; publish at QoS 1; drop the link as a
 * power cut would; close cleanly.
 */
interface MqttLink {

    /** Client ids are {@code sim-{commune}-{gateway}}. */
    static String clientId(Gateway gateway) {
        return "sim-" + gateway.commune().code() + "-" + gateway.name();
    }

    /** Completes once connected, exceptionally when the broker refuses or does not answer. */
    CompletableFuture<Void> connect();

    /** Completes {@code acknowledged} on the PUBACK, exceptionally when the broker refuses or the link fails. */
    void publish(String topic, byte[] payload, boolean retained, CompletableFuture<Void> acknowledged);

    boolean isConnected();

    /** Drops the connection so that the broker publishes the Last Will. */
    void cutOff();

    /** Disconnects cleanly (no Last Will) and frees the client. */
    void close();
}
