package org.iocstream.sim;

import java.util.List;
import java.util.Objects;

/** A commune gateway (e.g. {@code gw-01} of {@code 16681}) and the devices whose readings it publishes. */
public record Gateway(Commune commune, String name, List<Device> devices) {

    public Gateway {
        Objects.requireNonNull(commune, "commune");
        Objects.requireNonNull(name, "name");
        devices = List.copyOf(devices);
    }

    /** The identity that names both commune and gateway, e.g. {@code 16681/gw-01}: its MQTT username. */
    public String identity() {
        return commune.code() + "/" + name;
    }

    /** {@code ioc/v1/{commune}/{gateway}/telemetry}. */
    public String telemetryTopic() {
        return topic("telemetry");
    }

    /** {@code ioc/v1/{commune}/{gateway}/devices}. */
    public String devicesTopic() {
        return topic("devices");
    }

    /** {@code ioc/v1/{commune}/{gateway}/status}. */
    public String statusTopic() {
        return topic("status");
    }

    private String topic(String leaf) {
        return "ioc/v1/" + commune.code() + "/" + name + "/" + leaf;
    }
}
