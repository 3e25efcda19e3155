package org.iocstream.connectors.ingest;

import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * An address of the gateway contract, {@code ioc/v1/{commune}/{gateway}/{channel}}, parsed and checked: an MQTT
 * topic, or a CoAP Uri-Path whose segments are joined by '/'.
 *
 * <p>The constructor enforces the same rules as {@link #parse}, so an instance always formats back to a valid
 * topic. The patterns use ASCII only, which also keeps MQTT wildcards ({@code +}, {@code #}) out.
 */
public record GatewayTopic(String commune, String gateway, Channel channel) {

    /** Topic prefix and version; a v2 contract would get its own parser rather than a silent reinterpretation. */
    private static final String PREFIX = "ioc/v1/";

    /** A 5-digit national statistics code of a commune-level unit; the province code is not a commune. */
    private static final Pattern COMMUNE = Pattern.compile("[0-9]{5}");

    private static final Pattern GATEWAY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_-]{0,63}");

    /** The last topic level: what a gateway publishes there. */
    public enum Channel {
        /** SenML telemetry, QoS 1. */
        TELEMETRY("telemetry"),
        /** The retained device list of the gateway. */
        DEVICES("devices"),
        /** The retained online/offline status (offline is the Last Will). */
        STATUS("status");

        private final String level;

        Channel(String level) {
            this.level = level;
        }

        /** The channel as it appears in the topic. */
        public String level() {
            return level;
        }

        /** The channel whose topic level is exactly {@code level} (case-sensitive, as MQTT topics are). */
        public static Optional<Channel> fromLevel(String level) {
            for (Channel channel : values()) {
                if (channel.level.equals(level)) {
                    return Optional.of(channel);
                }
            }
            return Optional.empty();
        }
    }

    public GatewayTopic {
        Objects.requireNonNull(commune, "commune");
        Objects.requireNonNull(gateway, "gateway");
        Objects.requireNonNull(channel, "channel");
        if (!COMMUNE.matcher(commune).matches()) {
            throw new IllegalArgumentException("commune must be exactly 5 digits, got '" + commune + "'");
        }
        if (!GATEWAY.matcher(gateway).matches()) {
            throw new IllegalArgumentException("gateway must match " + GATEWAY.pattern() + ", got '" + gateway + "'");
        }
    }

    /**
     * Parses a topic name.
     *
     * @return the parsed topic, or empty if {@code topic} is not exactly {@code ioc/v1/{commune}/{gateway}/{channel}}
     */
    public static Optional<GatewayTopic> parse(String topic) {
        Objects.requireNonNull(topic, "topic");
        if (!topic.startsWith(PREFIX)) {
            return Optional.empty();
        }
        // Limit -1 keeps trailing empty levels, so "ioc/v1/16681/gw-07/telemetry/" is refused, not trimmed.
        String[] levels = topic.substring(PREFIX.length()).split("/", -1);
        if (levels.length != 3
                || !COMMUNE.matcher(levels[0]).matches()
                || !GATEWAY.matcher(levels[1]).matches()) {
            return Optional.empty();
        }
        return Channel.fromLevel(levels[2]).map(channel -> new GatewayTopic(levels[0], levels[1], channel));
    }

    /** The topic name, e.g. {@code ioc/v1/16681/gw-07/telemetry}. */
    public String topic() {
        return PREFIX + commune + "/" + gateway + "/" + channel.level();
    }
}
