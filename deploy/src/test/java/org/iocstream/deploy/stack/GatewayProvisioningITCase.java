package org.iocstream.deploy.stack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.deploy.stack.StackTestSupport.awaitValue;
import static org.iocstream.deploy.stack.StackTestSupport.embeddedConfig;
import static org.iocstream.deploy.stack.StackTestSupport.query;
import static org.iocstream.deploy.stack.StackTestSupport.readTopicUntil;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.iocstream.deploy.IocStreamCli;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.schemas.GatewayState;
import org.iocstream.schemas.GatewayStatus;
import org.iocstream.schemas.Topics;
import org.iocstream.sim.Communes;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.Gateway;
import org.iocstream.sim.MqttGatewayTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * An installer's day, in the default configuration: {@code ioc-stream gateway add} issues a gateway its
 * credentials, the gateway publishes with Debian's {@code mosquitto_pub} and posts over DTLS with
 * {@code coap-client-openssl}, and both readings are stored; a client without credentials gets nowhere, and a
 * revoked gateway can no longer connect. A connected gateway's {@code online} and its Last Will reach ioc.status.v1.
 */
class GatewayProvisioningITCase {

    /** Event time of the readings; a reading five minutes later closes their windows. */
    private static final Instant T = Instant.parse("2025-11-27T03:00:00Z");

    @TempDir
    static Path dataDir;
    private static IocConfig config;
    private static Stack stack;
    private static String mqttHost;
    private static int mqttPort;

    @BeforeAll
    static void startStack() throws Exception {
        config = embeddedConfig(dataDir, Map.of());
        stack = Stack.start(config, Clock.systemUTC());
        URI broker = URI.create(stack.mqttBrokerUrl());
        mqttHost = broker.getHost();
        mqttPort = broker.getPort();
    }

    @AfterAll
    static void stopStack() {
        if (stack != null) {
            stack.close();
        }
    }

    @Test
    void aGatewayAddedWithTheCliPublishesOverMqttAndPostsOverDtlsAndBothReadingsAreStored() throws Exception {
        JsonNode sheet = gatewayAdd("16681", "gw-07");
        String username = sheet.path("mqtt").path("username").asText();
        String password = sheet.path("mqtt").path("password").asText();
        String topic = sheet.path("mqtt").path("topicPrefix").asText() + "telemetry";

        Path overMqtt = pack("16681-ENV-9107", T, 35.25);
        assertThat(mosquittoPub("-u", username, "-P", password, "-t", topic, "-f", overMqtt.toString()).exitCode)
                .as("mosquitto_pub with the issued credentials").isZero();
        Path overCoap = pack("16681-ENV-9108", T, 12.5);
        String answer = coapClient(10, "-m", "post", "-t", "110", "-f", overCoap.toString(),
                "-u", sheet.path("coap").path("pskIdentity").asText(), "-k", sheet.path("coap").path("psk").asText(),
                sheet.path("coap").path("url").asText());
        assertThat(answer).as("coap-client-openssl over DTLS with the issued PSK").contains("c:2.04");
        // moves event time on, so the windows of both readings close
        mosquittoPub("-u", username, "-P", password, "-t", topic, "-f",
                pack("16681-ENV-9107", T.plus(Duration.ofMinutes(5)), 20).toString());

        assertThat(storedPm25("16681-ENV-9107")).isEqualTo(35.25);
        assertThat(storedPm25("16681-ENV-9108")).isEqualTo(12.5);
    }

    @Test
    void withoutCredentialsNeitherMqttNorCoapTakesAnything() throws Exception {
        Path pack = pack("16681-ENV-9109", T, 1);
        JsonNode sheet = gatewayAdd("16681", "gw-08");

        Published anonymous = mosquittoPub("-t", "ioc/v1/16681/gw-08/telemetry", "-f", pack.toString());
        assertThat(anonymous.exitCode).as("anonymous mosquitto_pub, output: %s", anonymous.output).isNotZero();
        // CONNACK 0x87, as the README's refusal table says
        assertThat(anonymous.output).contains("Connection error: Not authorized");
        Published wrongPassword = mosquittoPub("-u", "16681/gw-08", "-P", "not-the-password",
                "-t", "ioc/v1/16681/gw-08/telemetry", "-f", pack.toString());
        assertThat(wrongPassword.exitCode).as("wrong password, output: %s", wrongPassword.output).isNotZero();
        assertThat(wrongPassword.output).contains("Connection error: Bad User Name or Password");

        // plain CoAP has no listener in the default configuration: no answer until -B
        String plain = coapClient(3, "-m", "post", "-t", "110", "-f", pack.toString(),
                "coap://" + mqttHost + ":" + config.get(IocConfig.COAP_PORT) + "/ioc/v1/16681/gw-08/telemetry");
        assertThat(plain).doesNotContain("c:2.04");
        // a wrong key fails the DTLS handshake, which gets no answer either
        String wrongKey = coapClient(3, "-m", "post", "-t", "110", "-f", pack.toString(),
                "-u", "16681/gw-08", "-k", "not-the-key", sheet.path("coap").path("url").asText());
        assertThat(wrongKey).doesNotContain("c:2.04");
    }

    @Test
    void aRevokedGatewayCanNoLongerConnect() throws Exception {
        JsonNode sheet = gatewayAdd("16681", "gw-10");
        String username = sheet.path("mqtt").path("username").asText();
        String password = sheet.path("mqtt").path("password").asText();
        Path pack = pack("16681-ENV-9110", T, 2);
        assertThat(mosquittoPub("-u", username, "-P", password, "-t", "ioc/v1/16681/gw-10/telemetry",
                "-f", pack.toString()).exitCode).as("before revoking").isZero();

        assertThat(cli("gateway", "revoke", "--commune", "16681", "--gateway", "gw-10",
                "--set", IocConfig.GATEWAY_REGISTRY_FILE.key() + "=" + config.gatewayRegistryFile())).isZero();

        // the running broker rereads the registry within a second
        Published afterRevoking = awaitValue(Duration.ofSeconds(30), () -> mosquittoPub("-u", username, "-P", password,
                "-t", "ioc/v1/16681/gw-10/telemetry", "-f", pack.toString()), published -> published.exitCode != 0,
                "mosquitto_pub refused after revoking");
        assertThat(afterRevoking.output).contains("Connection error: Bad User Name or Password");
    }

    @Test
    void aGatewaysOnlineStatusAndItsLastWillReachTheStatusTopic() throws Exception {
        Fleet fleet = Fleet.of(List.of(Communes.byCode("16690")), 1);
        Gateway gateway = fleet.gateways().get(0);
        try (MqttGatewayTransport transport = new MqttGatewayTransport(stack.mqttBrokerUrl(),
                SimulatedGateways.provision(stack.gateways(), fleet))) {
            transport.open(fleet.gateways());
            // the broker publishes the Will as if the connection had died
            transport.cutOff(gateway);

            List<GatewayStatus> statuses = readTopicUntil(stack.kafkaBootstrap(), Topics.STATUS, GatewayStatus.class,
                    records -> states(records, gateway).contains(GatewayState.OFFLINE), Duration.ofMinutes(1));
            assertThat(states(statuses, gateway)).containsExactly(GatewayState.ONLINE, GatewayState.OFFLINE);
            assertThat(statuses).allSatisfy(status -> assertThat(status.getRetained()).isFalse());
        }
    }

    private static List<GatewayState> states(List<GatewayStatus> statuses, Gateway gateway) {
        return statuses.stream().filter(status -> (status.getCommune() + "/" + status.getGateway())
                .equals(gateway.identity())).map(GatewayStatus::getState).toList();
    }

    private static double storedPm25(String device) {
        return (Double) awaitValue(Duration.ofMinutes(2), () -> query(stack.storeUrl(),
                "select mean from reading_10s where device_id = '" + device + "' and timestamp = '" + T + "'"),
                rows -> rows.size() == 1, "the window of " + device).get(0).get("mean");
    }

    /** {@code ioc-stream gateway add --json} against the stack's registry and addresses; returns the sheet. */
    private static JsonNode gatewayAdd(String commune, String gateway) throws IOException {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new IocStreamCli());
        cli.setOut(new PrintWriter(out, true));
        int exitCode = cli.execute("gateway", "add", "--commune", commune, "--gateway", gateway, "--json",
                "--set", IocConfig.GATEWAY_REGISTRY_FILE.key() + "=" + config.gatewayRegistryFile(),
                "--set", IocConfig.MQTT_PORT.key() + "=" + mqttPort,
                "--set", IocConfig.COAP_DTLS_PORT.key() + "=" + config.get(IocConfig.COAP_DTLS_PORT));
        assertThat(exitCode).as("gateway add, output: %s", out).isZero();
        return new ObjectMapper().readTree(out.toString());
    }

    private static int cli(String... args) {
        return new CommandLine(new IocStreamCli()).execute(args);
    }

    /** A SenML pack of one PM2.5 reading in a file, as coap-client and mosquitto_pub take it with -f. */
    private static Path pack(String device, Instant time, double value) throws IOException {
        Path file = Files.createTempFile(dataDir, "pack", ".json");
        Files.writeString(file, "[{\"bn\":\"" + device + ":\",\"bt\":" + time.getEpochSecond()
                + ",\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":" + value + "}]");
        return file;
    }

    private record Published(int exitCode, String output) {
    }

    /** Debian's mosquitto_pub, MQTT 5, QoS 1, against the stack's broker. */
    private static Published mosquittoPub(String... arguments) {
        List<String> command = new ArrayList<>(List.of("mosquitto_pub", "-h", mqttHost, "-p", String.valueOf(mqttPort),
                "-V", "mqttv5", "-q", "1", "-i", "it-" + System.nanoTime()));
        command.addAll(List.of(arguments));
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("mosquitto_pub finished").isTrue();
            return new Published(process.exitValue(), new String(process.getInputStream().readAllBytes(), UTF_8));
        } catch (IOException e) {
            throw new AssertionError("mosquitto_pub is needed (Debian package mosquitto-clients; .ci/run installs it)",
                    e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@code coap-client-openssl -v 6 -B seconds ...}: its exit code is 0 whatever happens, so return its output. */
    private static String coapClient(int seconds, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("coap-client-openssl", "-v", "6", "-B",
                String.valueOf(seconds)));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        assertThat(process.waitFor(seconds + 30L, TimeUnit.SECONDS)).as("coap-client-openssl finished").isTrue();
        return new String(process.getInputStream().readAllBytes(), UTF_8);
    }
}
