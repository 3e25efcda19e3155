package org.iocstream.connectors.mqtt;

import org.eclipse.paho.mqttv5.common.MqttException;

/** Acknowledges a received message to the broker; the Paho client in production, a fake in the unit tests. */
@FunctionalInterface
interface Acknowledger {

    /** Sends the PUBACK (QoS 1) or PUBCOMP (QoS 2) for the message with this packet id. */
    void ack(int messageId, int qos) throws MqttException;
}
