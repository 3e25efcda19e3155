package org.iocstream.sim;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A gateway's MQTT 5 connection through Paho's {@link MqttAsyncClient}. */
final class Paho5Link implements MqttLink, MqttCallback {

    private static final Logger LOG = LoggerFactory.getLogger(Paho5Link.class);
    private static final int QOS = 1;
    /** MQTT 5 reason codes from 0x80 up mean the broker refused the message, e.g. 0x87 not authorised. */
    private static final int FIRST_ERROR_REASON_CODE = 0x80;
    /** MQTT 5 DISCONNECT reason "Disconnect with Will Message": the broker publishes the Will as if the link died. */
    private static final int DISCONNECT_WITH_WILL = 0x04;

    private final Gateway gateway;
    private final String brokerUri;
    private final int connectTimeoutSeconds;
    private final Duration closeTimeout;
    private final Runnable onReconnect;
    /** Null when the broker admits anonymous gateways. */
    private final String password;
    private final MqttAsyncClient mqtt;
    private volatile boolean deliberatelyDown;

    Paho5Link(Gateway gateway, String brokerUri, String password, int connectTimeoutSeconds,
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
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(true);
        options.setUserName(gateway.identity());
        if (password != null) {
            options.setPassword(password.getBytes(StandardCharsets.UTF_8));
        }
        options.setConnectionTimeout(connectTimeoutSeconds);
        options.setAutomaticReconnect(true);
        options.setWill(gateway.statusTopic(), new MqttMessage(offline(), QOS, true, new MqttProperties()));
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
        try {
            mqtt.publish(topic, new MqttMessage(payload, QOS, retained, new MqttProperties()), null,
                    listener(acknowledged));
        } catch (MqttException | RuntimeException e) {
            acknowledged.completeExceptionally(e);
        }
    }

    @Override
    public boolean isConnected() {
        return mqtt.isConnected();
    }

    @Override
    public void cutOff() {
        deliberatelyDown = true;
        try {
            mqtt.disconnect(0, null, null, DISCONNECT_WITH_WILL, new MqttProperties())
                    .waitForCompletion(closeTimeout.toMillis());
        } catch (MqttException e) {
            LOG.warn("Gateway {} did not disconnect cleanly when cut off: {}", gateway.identity(), e.getMessage());
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
    public void disconnected(MqttDisconnectResponse response) {
        if (!deliberatelyDown) {
            LOG.error("Gateway {} lost its connection to {} (reason code {}, {}); reconnecting", gateway.identity(),
                    brokerUri, response.getReturnCode(), response.getException() == null ? "broker closed it"
                            : response.getException().toString());
        }
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        LOG.error("Gateway {}: MQTT error from {}", gateway.identity(), brokerUri, exception);
    }

    @Override
    public void messageArrived(String topic, MqttMessage message) {
        // Gateways subscribe to nothing.
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // Acknowledgements complete the stage attached to each publish.
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // No enhanced authentication is configured.
    }

    /** Paho reports a refusing PUBACK or CONNACK as a success with its reason code. */
    private MqttActionListener listener(CompletableFuture<Void> result) {
        return new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken token) {
                int[] codes = token.getReasonCodes();
                if (codes != null) {
                    for (int code : codes) {
                        if (code >= FIRST_ERROR_REASON_CODE) {
                            result.completeExceptionally(new IOException("broker refused gateway "
                                    + gateway.identity() + ": reason code 0x" + Integer.toHexString(code)));
                            return;
                        }
                    }
                }
                result.complete(null);
            }

            @Override
            public void onFailure(IMqttToken token, Throwable failure) {
                result.completeExceptionally(failure);
            }
        };
    }

    private static byte[] offline() {
        return "offline".getBytes(StandardCharsets.UTF_8);
    }
}
