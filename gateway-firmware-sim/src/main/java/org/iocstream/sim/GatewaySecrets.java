package org.iocstream.sim;

import java.util.Map;
import java.util.Optional;

/**
 * What each simulated gateway was issued to prove who it is: an MQTT password for its username
 * {@link Gateway#identity()} and a CoAP DTLS pre-shared key for the same identity. A gateway without secrets
 * connects anonymously (MQTT) or over plain CoAP, as on a closed network.
 */
public final class GatewaySecrets {

    /** One gateway's secrets; the PSK is the ASCII bytes of {@code coapPsk}. */
    public record Secret(String mqttPassword, String coapPsk) {
    }

    private static final GatewaySecrets NONE = new GatewaySecrets(Map.of());

    private final Map<String, Secret> byIdentity;

    private GatewaySecrets(Map<String, Secret> byIdentity) {
        this.byIdentity = Map.copyOf(byIdentity);
    }

    /** No gateway has secrets. */
    public static GatewaySecrets none() {
        return NONE;
    }

    /** Secrets by gateway identity ({@code 16681/gw-01}). */
    public static GatewaySecrets of(Map<String, Secret> byIdentity) {
        return new GatewaySecrets(byIdentity);
    }

    public Optional<Secret> of(Gateway gateway) {
        return Optional.ofNullable(byIdentity.get(gateway.identity()));
    }
}
