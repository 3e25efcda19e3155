package org.iocstream.connectors.mqtt;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.iocstream.connectors.ingest.KafkaForwarder;
import org.iocstream.connectors.senml.SenmlParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Hands each MQTT message to the {@link KafkaForwarder} and acknowledges it to the broker once its records are
 * resolved, but only on the connection it arrived on: a new connection may reuse its packet id, and the broker
 * delivers it again anyway.
 */
final class MqttForwarder {

    private static final Logger LOG = LoggerFactory.getLogger(MqttForwarder.class);

    private final KafkaForwarder kafka;
    private final SenmlParser senml;
    private final Acknowledger acknowledger;
    private final Counter acksSkipped;
    private final Object acknowledging = new Object();
    private long connectionGeneration; // guarded by acknowledging

    MqttForwarder(KafkaForwarder kafka, SenmlParser senml, Acknowledger acknowledger, MeterRegistry meters) {
        this.kafka = kafka;
        this.senml = senml;
        this.acknowledger = acknowledger;
        this.acksSkipped = meters.counter("ioc.ingest.acks.skipped", "protocol", MqttIngest.PROTOCOL);
    }

    /** Takes a message from Paho's callback thread. */
    void accept(String topic, MqttMessage message) {
        long generation = connectionGeneration();
        boolean taken = kafka.forward(topic, senml, message.getPayload(), message.isRetained(),
                new KafkaForwarder.Listener() {
            @Override
            public boolean forwarded(KafkaForwarder.Outcome outcome) {
                return acknowledge(topic, message.getId(), message.getQos(), generation);
            }

            @Override
            public void abandoned() {
                // unacknowledged, the message is delivered again by the broker after a reconnect
            }
        });
        if (!taken) {
            // the ingest is closing: unacknowledged, the message is delivered again on the kept session
            LOG.debug("closing: MQTT message {} from {} left to the broker", message.getId(), topic);
        }
    }

    private boolean acknowledge(String topic, int mqttId, int qos, long generation) {
        if (qos == 0) {
            return true; // QoS 0 has no acknowledgement
        }
        synchronized (acknowledging) {
            if (generation != connectionGeneration) {
                // the packet id may belong to another message on this connection; the broker delivers this one again
                acksSkipped.increment();
                LOG.debug("not acknowledging MQTT message {} from {}: it arrived on an earlier connection", mqttId,
                        topic);
                return false;
            }
            try {
                acknowledger.ack(mqttId, qos);
                return true;
            } catch (MqttException e) {
                LOG.warn("could not acknowledge MQTT message {} from {}; the broker delivers it again: {}", mqttId,
                        topic, e.toString());
                return false;
            }
        }
    }

    /**
     * A new connection replaces the old one (or the client is closing): messages received before are no longer
     * acknowledged, since the new connection may reuse their packet ids.
     */
    void connectionChanged() {
        synchronized (acknowledging) {
            connectionGeneration++;
        }
    }

    private long connectionGeneration() {
        synchronized (acknowledging) {
            return connectionGeneration;
        }
    }
}
