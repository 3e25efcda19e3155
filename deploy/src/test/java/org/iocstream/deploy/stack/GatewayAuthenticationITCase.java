package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iocstream.deploy.stack.StackTestSupport.embeddedConfig;
import static org.iocstream.deploy.stack.StackTestSupport.readTopicUntil;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.iocstream.connectors.gateway.GatewayIdentity;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker checks who a gateway is (ARCHITECTURE.md, "gateway identity") before the ingest sees anything: the
 * whole stack on embedded HiveMQ with the default {@code mqtt.auth=registry}, gateways logging in with credentials
 * issued in the stack's gateway registry, as an installer issues them. What the broker refuses never reaches
 * Kafka, not even as a dead letter. Each test uses gateways of its own.
 */
class GatewayAuthenticationITCase {

    private static final int NO_ERROR_BELOW = 0x80;
    private static final int BAD_USER_NAME_OR_PASSWORD = 0x86;
    private static final int NOT_AUTHORIZED = 0x87;
    private static final Instant EVENT_TIME = Instant.parse("2025-11-27T03:00:00Z");
    private static final Duration KAFKA_WAIT = Duration.ofMinutes(1);

    @TempDir
    static Path dataDir;
    private static Stack stack;

    @BeforeAll
    static void startStack() throws Exception {
        stack = Stack.start(embeddedConfig(dataDir, Map.of()), Clock.systemUTC());
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aGatewayWithIssuedCredentialsPublishesUnderItsOwnPrefixAndItsReadingsReachKafka() throws Exception {
        GatewayIdentity gateway = new GatewayIdentity("16681", "gw-71");
        String password = stack.gateways().issue(gateway).mqttPassword();

        // the Last Will on its own status topic is allowed, or HiveMQ would refuse the CONNECT
        try (Mqtt5Connection connection = Mqtt5Connection.open(gateway.name(), password, statusTopic(gateway))) {
            assertThat(connection.publish(statusTopic(gateway), "online", true)).as("PUBACK reason code of the status")
                    .isLessThan(NO_ERROR_BELOW);
            assertThat(connection.publish(telemetryTopic(gateway), senml("16681-ENV-7101"), false))
                    .as("PUBACK reason code of the telemetry").isLessThan(NO_ERROR_BELOW);
            assertThat(connection.subscribe(gateway.topicPrefix() + "#")).as("SUBACK of its own prefix")
                    .isLessThan(NO_ERROR_BELOW);
            assertThat(connection.subscribe("ioc/v1/#")).as("SUBACK of everyone's topics").isEqualTo(NOT_AUTHORIZED);
        }

        readTopicUntil(stack.kafkaBootstrap(), Topics.TELEMETRY, Reading.class,
                readings -> readings.stream().anyMatch(r -> r.getDeviceId().equals("16681-ENV-7101")), KAFKA_WAIT);
    }

    @Test
    void overMqtt5APublishUnderAnotherCommunesPrefixIsRefusedWithPubackNotAuthorizedAndNeverReachesKafka()
            throws Exception {
        GatewayIdentity gateway = new GatewayIdentity("16681", "gw-72");
        String password = stack.gateways().issue(gateway).mqttPassword();
        String foreignTopic = "ioc/v1/17143/gw-72/telemetry";

        try (Mqtt5Connection connection = Mqtt5Connection.open(gateway.name(), password, null)) {
            assertThat(connection.publish(foreignTopic, senml("17143-ENV-7201"), false))
                    .as("PUBACK reason code").isEqualTo(NOT_AUTHORIZED);
            // and then HiveMQ closes the connection: the gateway has to connect again
            assertThat(connection.disconnectReason.get(30, TimeUnit.SECONDS)).as("DISCONNECT reason code")
                    .isEqualTo(NOT_AUTHORIZED);
        }

        assertNeverReachedKafka(gateway, password, "17143-ENV-7201", foreignTopic, "16681-ENV-7202");
    }

    @Test
    void overMqtt311APublishUnderAnotherCommunesPrefixClosesTheConnectionAndNeverReachesKafka() throws Exception {
        GatewayIdentity gateway = new GatewayIdentity("16681", "gw-73");
        String password = stack.gateways().issue(gateway).mqttPassword();
        String foreignTopic = "ioc/v1/17143/gw-73/telemetry";

        CompletableFuture<Throwable> lost = new CompletableFuture<>();
        var client = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(stack.mqttBrokerUrl(), "it-v3-gw-73",
                new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
        client.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
            @Override
            public void connectionLost(Throwable cause) {
                lost.complete(cause);
            }

            @Override
            public void messageArrived(String topic, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                // subscribes to nothing
            }

            @Override
            public void deliveryComplete(IMqttDeliveryToken token) {
                // the refused publish is never acknowledged
            }
        });
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(gateway.name());
        options.setPassword(password.toCharArray());
        try {
            client.connect(options).waitForCompletion(30_000);
            client.publish(foreignTopic, senml("17143-ENV-7301").getBytes(StandardCharsets.UTF_8), 1, false);
            // MQTT 3.1.1 has no negative PUBACK: HiveMQ closes the connection instead
            assertThat(lost.get(30, TimeUnit.SECONDS)).as("cause of the lost connection").isNotNull();
        } finally {
            if (client.isConnected()) {
                client.disconnectForcibly(10_000);
            }
            client.close(true);
        }

        assertNeverReachedKafka(gateway, password, "17143-ENV-7301", foreignTopic, "16681-ENV-7302");
    }

    @Test
    void aConnectWithoutCredentialsWithAWrongPasswordOrAnUnknownUserIsRefused() throws Exception {
        GatewayIdentity gateway = new GatewayIdentity("16681", "gw-74");
        String password = stack.gateways().issue(gateway).mqttPassword();

        assertConnectRefused(null, null, null, NOT_AUTHORIZED);
        assertConnectRefused(gateway.name(), null, null, NOT_AUTHORIZED);
        assertConnectRefused(gateway.name(), password + "x", null, BAD_USER_NAME_OR_PASSWORD);
        // the same password under another commune's name: a credential names exactly one gateway
        assertConnectRefused("17143/gw-74", password, null, BAD_USER_NAME_OR_PASSWORD);
        // a Last Will is a publish like any other: on another gateway's status topic HiveMQ refuses the CONNECT
        assertConnectRefused(gateway.name(), password, "ioc/v1/17143/gw-74/status", NOT_AUTHORIZED);
    }

    @Test
    void overMqtt311ARefusedConnectAnswersNotAuthorizedOrBadUsernameOrPassword() {
        GatewayIdentity gateway = new GatewayIdentity("16681", "gw-77");
        String password = stack.gateways().issue(gateway).mqttPassword();

        assertMqtt311ConnectRefused(null, null, 5);
        assertMqtt311ConnectRefused(gateway.name(), password + "x", 4);
    }

    @Test
    void aRevokedGatewayCannotConnectAgain() throws Exception {
        GatewayIdentity gateway = new GatewayIdentity("16681", "gw-75");
        String password = stack.gateways().issue(gateway).mqttPassword();
        try (Mqtt5Connection connection = Mqtt5Connection.open(gateway.name(), password, statusTopic(gateway))) {
            assertThat(connection.client.isConnected()).isTrue();
        }

        assertThat(stack.gateways().revoke(gateway)).isTrue();

        assertConnectRefused(gateway.name(), password, statusTopic(gateway), BAD_USER_NAME_OR_PASSWORD);
    }

    @Test
    void anIngestAccountSubscribesToEveryGatewayAlsoSharedButPublishesNothing() throws Exception {
        String password = stack.gateways().issueService("ioc-ingest-it", GatewayRegistry.Role.INGEST);

        try (Mqtt5Connection connection = Mqtt5Connection.open("ioc-ingest-it", password, null)) {
            assertThat(connection.subscribe("$share/ioc-ingest-it/ioc/v1/+/+/telemetry")).as("SUBACK, shared")
                    .isLessThan(NO_ERROR_BELOW);
            assertThat(connection.subscribe("ioc/v1/+/+/devices")).as("SUBACK").isLessThan(NO_ERROR_BELOW);
            assertThat(connection.subscribe("ioc/#")).as("SUBACK wider than ioc/v1/").isEqualTo(NOT_AUTHORIZED);
            assertThat(connection.publish("ioc/v1/16681/gw-76/telemetry", senml("16681-ENV-7601"), false))
                    .as("PUBACK reason code").isEqualTo(NOT_AUTHORIZED);
            // as for a gateway, HiveMQ then closes the connection (closing it from here as well could race it)
            assertThat(connection.disconnectReason.get(30, TimeUnit.SECONDS)).as("DISCONNECT reason code")
                    .isEqualTo(NOT_AUTHORIZED);
        }
    }

    /**
     * Fences with a good and a malformed message the gateway publishes under its own prefix afterwards: once
     * both are in Kafka, a foreign message the broker had let through would be there too.
     */
    private static void assertNeverReachedKafka(GatewayIdentity gateway, String password, String foreignDevice,
            String foreignTopic, String markerDevice) throws Exception {
        try (Mqtt5Connection connection = Mqtt5Connection.open(gateway.name(), password, null)) {
            assertThat(connection.publish(telemetryTopic(gateway), senml(markerDevice), false))
                    .isLessThan(NO_ERROR_BELOW);
            assertThat(connection.publish(telemetryTopic(gateway), "[{\"bn\":", false)).isLessThan(NO_ERROR_BELOW);
        }
        List<Reading> readings = readTopicUntil(stack.kafkaBootstrap(), Topics.TELEMETRY, Reading.class,
                found -> found.stream().anyMatch(r -> r.getDeviceId().equals(markerDevice)), KAFKA_WAIT);
        assertThat(readings).extracting(Reading::getDeviceId).doesNotContain(foreignDevice);
        List<DeadLetter> letters = readTopicUntil(stack.kafkaBootstrap(), Topics.DEADLETTER, DeadLetter.class,
                found -> found.stream().anyMatch(l -> l.getSource().equals(telemetryTopic(gateway))), KAFKA_WAIT);
        assertThat(letters).extracting(DeadLetter::getSource).doesNotContain(foreignTopic);
    }

    private static void assertConnectRefused(String username, String password, String willTopic, int reasonCode) {
        assertThatThrownBy(() -> Mqtt5Connection.open(username, password, willTopic).close())
                .as("CONNECT as %s", username)
                .isInstanceOfSatisfying(MqttException.class, e -> assertThat(e.getReasonCode())
                        .as("CONNACK reason code").isEqualTo(reasonCode));
    }

    /** MQTT 3.1.1 CONNACK return codes: 4 bad user name or password, 5 not authorized. */
    private static void assertMqtt311ConnectRefused(String username, String password, int returnCode) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setUserName(username);
        if (password != null) {
            options.setPassword(password.toCharArray());
        }
        assertThatThrownBy(() -> {
            var client = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(stack.mqttBrokerUrl(),
                    "it-v3-" + System.nanoTime(), new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            try {
                client.connect(options).waitForCompletion(30_000);
            } finally {
                client.close(true);
            }
        }).as("MQTT 3.1.1 CONNECT as %s", username)
                .isInstanceOfSatisfying(org.eclipse.paho.client.mqttv3.MqttException.class,
                        e -> assertThat(e.getReasonCode()).as("CONNACK return code").isEqualTo(returnCode));
    }

    private static String telemetryTopic(GatewayIdentity gateway) {
        return gateway.topicPrefix() + "telemetry";
    }

    private static String statusTopic(GatewayIdentity gateway) {
        return gateway.topicPrefix() + "status";
    }

    private static String senml(String deviceId) {
        return "[{\"bn\":\"" + deviceId + ":\",\"bt\":" + EVENT_TIME.getEpochSecond()
                + ",\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":35.2}]";
    }

    /** An MQTT 5 connection as gateway firmware makes it: QoS 1, optionally a retained Last Will {@code offline}. */
    private static final class Mqtt5Connection implements MqttCallback, AutoCloseable {

        final MqttAsyncClient client;
        final CompletableFuture<Integer> disconnectReason = new CompletableFuture<>();

        private Mqtt5Connection(MqttAsyncClient client) {
            this.client = client;
        }

        /** Connected, or the broker's refusal as an {@link MqttException} with the CONNACK reason code. */
        static Mqtt5Connection open(String username, String password, String willTopic) throws MqttException {
            MqttAsyncClient client = new MqttAsyncClient(stack.mqttBrokerUrl(), "it-" + System.nanoTime(),
                    new MemoryPersistence());
            Mqtt5Connection connection = new Mqtt5Connection(client);
            client.setCallback(connection);
            MqttConnectionOptions options = new MqttConnectionOptions();
            options.setUserName(username);
            if (password != null) {
                options.setPassword(password.getBytes(StandardCharsets.UTF_8));
            }
            if (willTopic != null) {
                options.setWill(willTopic, new MqttMessage("offline".getBytes(StandardCharsets.UTF_8), 1, true,
                        new MqttProperties()));
            }
            try {
                client.connect(options).waitForCompletion(30_000);
            } catch (MqttException e) {
                client.close(true);
                throw e;
            }
            return connection;
        }

        /** QoS 1; returns the PUBACK's reason code. */
        int publish(String topic, String payload, boolean retained) throws MqttException {
            IMqttToken token = client.publish(topic, new MqttMessage(payload.getBytes(StandardCharsets.UTF_8), 1,
                    retained, new MqttProperties()));
            token.waitForCompletion(30_000);
            return token.getReasonCodes()[0];
        }

        /** QoS 1; returns the SUBACK's reason code (the granted QoS, or an error from 0x80). */
        int subscribe(String filter) throws MqttException {
            IMqttToken token = client.subscribe(filter, 1);
            token.waitForCompletion(30_000);
            return token.getReasonCodes()[0];
        }

        @Override
        public void close() throws MqttException {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(10_000);
            }
            client.close(true);
        }

        @Override
        public void disconnected(MqttDisconnectResponse response) {
            disconnectReason.complete(response.getReturnCode());
        }

        @Override
        public void mqttErrorOccurred(MqttException exception) {
            // shows as a missing acknowledgement
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            // subscriptions are only checked for their SUBACK
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
            // publish() waits for its token
        }

        @Override
        public void connectComplete(boolean reconnect, String serverUri) {
            // open() waits for the CONNACK
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
            // no enhanced authentication
        }
    }
}
