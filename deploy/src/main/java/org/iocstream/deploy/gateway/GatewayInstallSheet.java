package org.iocstream.deploy.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import org.iocstream.connectors.gateway.GatewayRegistry.IssuedCredentials;

/**
 * What an installer needs to set up one gateway: where to connect, its credentials and the topics and paths it
 * may use, as text for a person, JSON for provisioning tools, or a shell file to source.
 *
 * @param mqttUrl e.g. {@code tcp://127.0.0.1:1883}
 * @param coapsUrl e.g. {@code coaps://127.0.0.1:5684}
 */
public record GatewayInstallSheet(IssuedCredentials credentials, String mqttUrl, String coapsUrl) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public String topicPrefix() {
        return credentials.gateway().topicPrefix();
    }

    public String coapTelemetryUrl() {
        return coapsUrl + "/" + topicPrefix() + "telemetry";
    }

    /** For a person: the credentials and a publish by hand over each protocol. */
    public String text() {
        URI mqtt = URI.create(mqttUrl);
        String name = credentials.gateway().name();
        return "Gateway " + name + " provisioned. Hand these to its installer; the MQTT password is shown only now.\n"
                + "  MQTT   broker " + mqttUrl + ", username " + credentials.mqttUsername() + ", password "
                + credentials.mqttPassword() + "\n"
                + "         publish only under " + topicPrefix() + " (telemetry, devices, status), QoS 1\n"
                + "  CoAP   POST " + coapTelemetryUrl() + " over DTLS 1.2, PSK identity "
                + credentials.coapPskIdentity() + ", key " + credentials.coapPsk() + "\n"
                + "Try (pack.json holds a SenML pack, see the README's gateway guide):\n"
                + "  mosquitto_pub -h " + mqtt.getHost() + " -p " + mqtt.getPort() + " -u '" + credentials.mqttUsername()
                + "' -P '" + credentials.mqttPassword() + "' -q 1 -t " + topicPrefix() + "telemetry -f pack.json\n"
                + "  coap-client-openssl -v 6 -B 10 -m post -t 110 -f pack.json -u '" + credentials.coapPskIdentity()
                + "' -k '" + credentials.coapPsk() + "' " + coapTelemetryUrl() + "\n";
    }

    /** For provisioning tools. */
    public String json() {
        ObjectNode root = JSON.createObjectNode();
        root.put("commune", credentials.gateway().commune());
        root.put("gateway", credentials.gateway().gateway());
        ObjectNode mqtt = root.putObject("mqtt");
        mqtt.put("url", mqttUrl);
        mqtt.put("username", credentials.mqttUsername());
        mqtt.put("password", credentials.mqttPassword());
        mqtt.put("topicPrefix", topicPrefix());
        ObjectNode coap = root.putObject("coap");
        coap.put("url", coapTelemetryUrl());
        coap.put("pskIdentity", credentials.coapPskIdentity());
        coap.put("psk", credentials.coapPsk());
        return root.toPrettyString() + "\n";
    }

    /** A file a shell can source; the secrets contain no character a shell would expand inside single quotes. */
    public String env() {
        URI mqtt = URI.create(mqttUrl);
        URI coaps = URI.create(coapsUrl);
        return "# IOC Stream gateway " + credentials.gateway().name() + ": source it, e.g. '. ioc-data/demo-gateway.env'\n"
                + "IOC_COMMUNE='" + credentials.gateway().commune() + "'\n"
                + "IOC_GATEWAY='" + credentials.gateway().gateway() + "'\n"
                + "IOC_TOPIC_PREFIX='" + topicPrefix() + "'\n"
                + "IOC_MQTT_HOST='" + mqtt.getHost() + "'\n"
                + "IOC_MQTT_PORT='" + mqtt.getPort() + "'\n"
                + "IOC_MQTT_USERNAME='" + credentials.mqttUsername() + "'\n"
                + "IOC_MQTT_PASSWORD='" + credentials.mqttPassword() + "'\n"
                + "IOC_COAP_URL='" + coapTelemetryUrl() + "'\n"
                + "IOC_COAP_HOST='" + coaps.getHost() + "'\n"
                + "IOC_COAP_PORT='" + coaps.getPort() + "'\n"
                + "IOC_PSK_IDENTITY='" + credentials.coapPskIdentity() + "'\n"
                + "IOC_PSK='" + credentials.coapPsk() + "'\n";
    }
}
