package org.iocstream.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallbackExtended;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A gateway's MQTT 3.1.1 connection through Paho's mqttv3 {@link MqttAsyncClient}, as older gateway firmware
 * speaks it. MQTT 3.1.1 has no reason codes: a broker that refuses a publish closes the connection.
 */
final class Paho3Link implements MqttLink, MqttCallbackExtended {

    private static final Logger LOG = LoggerFactory.getLogger(Paho3Link.class);
    private static final int QOS = 1;

    private final Gateway gateway;
    private final String brokerUri;
    private final int connectTimeoutSeconds;
    private final Duration closeTimeout;
    private final Runnable onReconnect;
    /** Null when the broker admits anonymous gateways. */
    private final String password;
    private final MqttAsyncClient mqtt;
    private volatile boolean deliberatelyDown;

    Paho3Link(Gateway gateway, String brokerUri, String password, int connectTimeoutSeconds,
            Duration closeTimeout, Runnable onReconnect) throws IOException {
        this.password = password;
        this.gateway = gateway;
        this.brokerUri = brokerUri;
        this.connectTimeoutSeconds = connectTimeoutSeconds;
        this.closeTimeout = closeTimeout;
        this.onReconnect = onReconnect;
        try {
            this.mqtt = new MqttAsyncClient(brokerUri, MqttLink.clientId(gateway), new MemoryPersistence());
        } catch (MqttException e) {
            throw new IOException("no MQTT client for " + brokerUri + ": " + e.getMessage(), e);
        }
        mqtt.setCallback(this);
    }

    @Override
    public CompletableFuture<Void> connect() {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(true);
        options.setUserName(gateway.identity());
        if (password != null) {
            options.setPassword(password.toCharArray());
        }
        options.setConnectionTimeout(connectTimeoutSeconds);
        options.setAutomaticReconnect(true);
        // Paho's default of 10 would refuse a publish beyond it; keep the transport's window the only limit
        options.setMaxInflight(MqttGatewayTransport.MAX_IN_FLIGHT_PER_GATEWAY + 2);
        options.setWill(gateway.statusTopic(), "offline".getBytes(StandardCharsets.UTF_8), QOS, true);
        CompletableFuture<Void> connected = new CompletableFuture<>();
        deliberatelyDown = false;
        try {
            mqtt.connect(options, null, listener(connected));
        } catch (MqttException e) {
            connected.completeExceptionally(e);
        }
        return connected;
    }

    @Override
    public void publish(String topic, byte[] payload, boolean retained, CompletableFuture<Void> acknowledged) {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(QOS);
        message.setRetained(retained);
        try {
            mqtt.publish(topic, message, null, listener(acknowledged));
        } catch (MqttException | RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
    }

    @Override
    public boolean isConnected() {
        return mqtt.isConnected();
    }

    /** Closes the socket without a DISCONNECT packet: to the broker, a lost link, so it publishes the Will. */
    @Override
    public void cutOff() {
        deliberatelyDown = true;
        try {
            mqtt.disconnectForcibly(0, closeTimeout.toMillis(), false);
        } catch (MqttException e) {
            LOG.warn("Gateway {} did not drop its connection when cut off: {}", gateway.identity(), e.getMessage());
        }
    }

    @Override
    public void close() {
        deliberatelyDown = true;
        try {
            if (mqtt.isConnected()) {
                mqtt.disconnect().waitForCompletion(closeTimeout.toMillis());
            }
        } catch (MqttException e) {
            LOG.warn("Gateway {} did not disconnect cleanly: {}", gateway.identity(), e.getMessage());
        }
        try {
            mqtt.close(true);
        } catch (MqttException e) {
            LOG.warn("Gateway {} client did not close: {}", gateway.identity(), e.getMessage());
        }
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        if (reconnect && !deliberatelyDown) {
            LOG.info("Gateway {} reconnected to {}", gateway.identity(), serverUri);
            onReconnect.run();
        }
    }

    @Override
    public void connectionLost(Throwable cause) {
        if (!deliberatelyDown) {
            LOG.error("Gateway {} lost its connection to {} ({}); reconnecting", gateway.identity(), brokerUri,
                    String.valueOf(cause));
        }
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        // Gateways subscribe to nothing.
    }

    @Override
    public void deliveryComplete(IMqttDeliveryToken token) {
        // Acknowledgements complete the stage attached to each publish.
    }

    private static IMqttActionListener listener(CompletableFuture<Void> result) {
        return new IMqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                result.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                result.completeExceptionally(failure);
            }
        };
    }
}
