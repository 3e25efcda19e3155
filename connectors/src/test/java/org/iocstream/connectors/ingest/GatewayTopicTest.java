package org.iocstream.connectors.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.iocstream.connectors.ingest.GatewayTopic.Channel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayTopicTest {

    @Test
    void parsesATelemetryTopic() {
        assertThat(GatewayTopic.parse("ioc/v1/16681/gw-07/telemetry"))
                .contains(new GatewayTopic("16681", "gw-07", Channel.TELEMETRY));
    }

    @ParameterizedTest
    @EnumSource(Channel.class)
    void roundTripsEveryChannel(Channel channel) {
        String topic = "ioc/v1/16681/gw-07/" + channel.level();

        assertThat(GatewayTopic.parse(topic)).get()
                .returns(channel, GatewayTopic::channel)
                .returns(topic, GatewayTopic::topic);
    }

    @Test
    void formatsBackTheTopic() {
        assertThat(new GatewayTopic("00001", "GW_1", Channel.STATUS).topic()).isEqualTo("ioc/v1/00001/GW_1/status");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "0", "GW", "gw-07", "gw_07", "7-_-_", "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_"})
    void acceptsGatewayNamesUpTo64Characters(String gateway) {
        assertThat(GatewayTopic.parse("ioc/v1/16681/" + gateway + "/telemetry")).get()
                .returns(gateway, GatewayTopic::gateway);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        // wrong prefix or version
        "ioc/v2/16681/gw-07/telemetry",
        "ioc/V1/16681/gw-07/telemetry",
        "IOC/v1/16681/gw-07/telemetry",
        "/ioc/v1/16681/gw-07/telemetry",
        "iot/v1/16681/gw-07/telemetry",
        // wrong number of levels
        "ioc/v1/16681/gw-07/telemetry/extra",
        "ioc/v1/16681/gw-07/telemetry/",
        "ioc/v1/16681/gw-07",
        "ioc/v1/16681/telemetry",
        "ioc/v1",
        "",
        // wildcards, which belong in subscriptions only
        "ioc/v1/+/gw-07/telemetry",
        "ioc/v1/16681/+/telemetry",
        "ioc/v1/16681/gw-07/+",
        "ioc/v1/16681/#",
        "ioc/v1/16681/gw-07/#",
        "ioc/v1/16681/gw+7/telemetry",
        // commune: exactly five ASCII digits; the province code 40 is not a commune
        "ioc/v1/40/gw-07/telemetry",
        "ioc/v1/1668/gw-07/telemetry",
        "ioc/v1/166810/gw-07/telemetry",
        "ioc/v1/1668a/gw-07/telemetry",
        "ioc/v1/ 16681/gw-07/telemetry",
        "ioc/v1/\u0661\u0666\u0666\u0668\u0661/gw-07/telemetry",
        "ioc/v1//gw-07/telemetry",
        // gateway
        "ioc/v1/16681//telemetry",
        "ioc/v1/16681/-gw/telemetry",
        "ioc/v1/16681/_gw/telemetry",
        "ioc/v1/16681/gw.07/telemetry",
        "ioc/v1/16681/gw 07/telemetry",
        "ioc/v1/16681/c\u1ED5ng/telemetry",
        "ioc/v1/16681/0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ-_x/telemetry",
        // channel: exact, case-sensitive
        "ioc/v1/16681/gw-07/Telemetry",
        "ioc/v1/16681/gw-07/commands",
        "ioc/v1/16681/gw-07/"
    })
    void refusesTopicsOutsideTheContract(String topic) {
        assertThat(GatewayTopic.parse(topic)).isEmpty();
    }

    @Test
    void constructorEnforcesTheSameRules() {
        assertThatThrownBy(() -> new GatewayTopic("1668", "gw-07", Channel.TELEMETRY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("commune");
        assertThatThrownBy(() -> new GatewayTopic("16681", "gw/07", Channel.TELEMETRY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("gateway");
        assertThatThrownBy(() -> new GatewayTopic("16681", "gw-07", null)).isInstanceOf(NullPointerException.class);
    }

    @Test
    void channelLookupIsExact() {
        assertThat(Channel.fromLevel("devices")).contains(Channel.DEVICES);
        assertThat(Channel.fromLevel("DEVICES")).isEmpty();
    }
}
