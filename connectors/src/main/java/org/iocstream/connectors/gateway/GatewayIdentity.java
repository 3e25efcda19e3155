package org.iocstream.connectors.gateway;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Who a gateway is: its name within its commune. Its MQTT username and its CoAP DTLS PSK identity are both
 * {@code {commune}/{gateway}} (e.g. {@code 16681/gw-07}), so one credential names exactly one topic prefix,
 * {@code ioc/v1/16681/gw-07/}, and is never valid for another commune or gateway.
 */
public record GatewayIdentity(String commune, String gateway) {

    private static final Pattern COMMUNE = Pattern.compile("[0-9]{5}");
    private static final Pattern GATEWAY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    public GatewayIdentity {
        Objects.requireNonNull(commune, "commune");
        Objects.requireNonNull(gateway, "gateway");
        if (!COMMUNE.matcher(commune).matches()) {
            throw new IllegalArgumentException("commune must be a 5-digit commune code, got '" + commune + "'");
        }
        if (!GATEWAY.matcher(gateway).matches()) {
            throw new IllegalArgumentException("gateway must be 1-64 letters, digits, '-' or '_' starting with a letter "
                    + "or digit, got '" + gateway + "'");
        }
    }

    /** Parses {@code 16681/gw-07}. */
    public static GatewayIdentity parse(String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("a gateway identity is {commune}/{gateway}, e.g. 16681/gw-07; got '"
                    + name + "'");
        }
        return new GatewayIdentity(name.substring(0, slash), name.substring(slash + 1));
    }

    /** The MQTT username and the CoAP PSK identity. */
    public String name() {
        return commune + "/" + gateway;
    }

    /** Every topic this gateway may publish to starts with this, and every CoAP path it may post to. */
    public String topicPrefix() {
        return "ioc/v1/" + commune + "/" + gateway + "/";
    }

    @Override
    public String toString() {
        return name();
    }
}
