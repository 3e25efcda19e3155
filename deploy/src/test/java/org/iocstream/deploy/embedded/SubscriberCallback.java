package org.iocstream.deploy.embedded;

import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/**
 * A test subscriber's Paho callback that only handles arriving messages: a lost connection or an error shows in
 * the test as messages that never arrive, the subscriber publishes nothing, and connect() is synchronous.
 */
abstract class SubscriberCallback implements MqttCallback {

    @Override
    public void disconnected(MqttDisconnectResponse response) {
        // shows as missing messages
    }

    @Override
    public void mqttErrorOccurred(MqttException exception) {
        // shows as missing messages
    }

    @Override
    public void deliveryComplete(IMqttToken token) {
        // the subscriber publishes nothing
    }

    @Override
    public void connectComplete(boolean reconnect, String serverUri) {
        // connect() is synchronous
    }

    @Override
    public void authPacketArrived(int reasonCode, MqttProperties properties) {
        // no enhanced authentication
    }
}
