package org.iocstream.sim;

import java.io.IOException;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How a simulated fleet reaches the platform: every gateway over MQTT 5, over MQTT 3.1.1, over CoAP
 * (confirmable, SenML JSON), or a mix in which the gateways take turns, in fleet order, between MQTT 5, MQTT
 * 3.1.1, CoAP with JSON and CoAP with CBOR, so every route carries a quarter of the fleet.
 */
public enum GatewayProtocol {
    MQTT,
    MQTT3,
    COAP,
    MIXED;

    /** The protocol named {@code mqtt}, {@code mqtt3}, {@code coap} or {@code mixed}. */
    public static GatewayProtocol of(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("protocol must be mqtt, mqtt3, coap or mixed, got '" + name + "'", e);
        }
    }

    /** Whether some gateways of this protocol post to the CoAP ingest. */
    public boolean usesCoap() {
        return this == COAP || this == MIXED;
    }

    /**
     * A transport for this fleet: MQTT to {@code mqttBrokerUrl} (e.g. {@code tcp://127.0.0.1:1883}), CoAP to
     * {@code coapIngest} ({@code coaps://127.0.0.1:5684}, DTLS with each gateway's PSK, or {@code coap://...:5683}
     * on a closed network); a route the protocol does not use may be null. Each gateway proves who it is with the
     * secrets it was issued: over MQTT if it has any, over {@code coaps://} always.
     */
    public GatewayTransport transport(Fleet fleet, String mqttBrokerUrl, URI coapIngest, GatewaySecrets secrets)
            throws IOException {
        return switch (this) {
            case MQTT -> new MqttGatewayTransport(mqttBrokerUrl, secrets);
            case MQTT3 -> new MqttGatewayTransport(mqttBrokerUrl, gateway -> MqttGatewayTransport.Version.V3_1_1,
                    secrets);
            case COAP -> new CoapGatewayTransport(coapIngest, gateway -> CoapGatewayOptions.CONFIRMABLE_JSON, secrets);
            case MIXED -> mixed(fleet, mqttBrokerUrl, coapIngest, secrets);
        };
    }

    private static GatewayTransport mixed(Fleet fleet, String mqttBrokerUrl, URI coapIngest, GatewaySecrets secrets)
            throws IOException {
        List<Gateway> gateways = fleet.gateways();
        Map<String, Integer> turn = new HashMap<>();
        for (int i = 0; i < gateways.size(); i++) {
            turn.put(gateways.get(i).identity(), i % 4);
        }
        GatewayTransport mqtt = new MqttGatewayTransport(mqttBrokerUrl, gateway -> turn.get(gateway.identity()) == 0
                ? MqttGatewayTransport.Version.V5 : MqttGatewayTransport.Version.V3_1_1, secrets);
        CoapGatewayOptions cbor = new CoapGatewayOptions(true, true);
        GatewayTransport coap = new CoapGatewayTransport(coapIngest,
                gateway -> turn.get(gateway.identity()) == 2 ? CoapGatewayOptions.CONFIRMABLE_JSON : cbor, secrets);
        return new RoutingGatewayTransport(gateway -> turn.get(gateway.identity()) < 2 ? mqtt : coap,
                List.of(mqtt, coap));
    }
}
