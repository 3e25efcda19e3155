package org.iocstream.deploy.stack;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.deploy.stack.StackTestSupport.awaitValue;
import static org.iocstream.deploy.stack.StackTestSupport.readTopicUntil;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.exception.ConnectorException;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.iocstream.connectors.coap.CoapIngest;
import org.iocstream.connectors.gateway.GatewayIdentity;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.connectors.ingest.MetricCatalog;
import org.iocstream.connectors.ingest.TelemetryMapper;
import org.iocstream.connectors.kafka.KafkaProducers;
import org.iocstream.connectors.kafka.TopicProvisioner;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.deploy.embedded.EmbeddedKafka;
import org.iocstream.deploy.embedded.Ports;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.DeviceInfo;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.Topics;
import org.iocstream.sim.CoapGatewayOptions;
import org.iocstream.sim.CoapGatewayTransport;
import org.iocstream.sim.Communes;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.Gateway;
import org.iocstream.sim.SignalModel;
import org.iocstream.sim.TelemetryMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The CoAP ingest against a real Kafka broker, posted to by Californium's client (plain, and over DTLS with
 * Scandium) and by Debian's {@code coap-client-openssl}: what a gateway sends ends up on ioc.telemetry.v1,
 * ioc.devices.v1 or ioc.deadletter.v1, and the gateway hears so only once Kafka has it.
 *
 * <p>Two ingests share the broker and the gateway registry, both configured as the stack configures them: one with
 * the default configuration (DTLS only), one with {@code coap.plain-enabled=true} (DTLS and plain CoAP). What is the
 * same over both transports (JSON, CBOR, NON, Block1) runs over both; what only plain CoAP has (the path alone names
 * the gateway) runs there; what DTLS adds (PSK identities, refusals, revocation) runs on the default one. Each test
 * posts for its own gateways, so the tests share the broker without seeing each other's records.
 */
class CoapIngestITCase {

    private static final Duration KAFKA_WAIT = Duration.ofSeconds(60);
    private static final Instant BT = Instant.parse("2025-11-25T04:40:00Z"); // 1764045600
    /** How long coap-client may wait for an answer that is not coming: a bound on the run, not an expectation. */
    private static final int NO_ANSWER_SECONDS = 3;

    @TempDir
    static Path dataDir;
    private static EmbeddedKafka kafka;
    private static KafkaProducer<byte[], byte[]> producer;
    private static GatewayRegistry gateways;
    private static SimpleMeterRegistry defaultMeters;
    /** The default configuration: DTLS only. */
    private static CoapIngest defaultIngest;
    private static IocConfig defaultConfig;
    /** coap.plain-enabled=true: DTLS and plain CoAP. */
    private static CoapIngest plainEnabledIngest;
    private static CoapEndpoint plainClient;

    @BeforeAll
    static void start() throws IOException {
        kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), "127.0.0.1", Ports.free(), Ports.free());
        TopicProvisioner.ensure(kafka.bootstrapServers(), TopicProvisioner.standardTopics(1), (short) 1);
        producer = KafkaProducers.reliable(kafka.bootstrapServers(), "coap-ingest-itcase");
        gateways = GatewayRegistry.open(dataDir.resolve("gateways").resolve("registry.tsv"), Clock.systemUTC());
        DeviceRegistry registry = new DeviceRegistry();
        TelemetryMapper mapper = new TelemetryMapper(MetricCatalog.standard(), registry);
        defaultConfig = IocConfig.defaults().with(Map.of(IocConfig.COAP_PORT.key(), String.valueOf(Ports.freeUdp()),
                IocConfig.COAP_DTLS_PORT.key(), String.valueOf(Ports.freeUdp())));
        defaultMeters = new SimpleMeterRegistry();
        defaultIngest = new CoapIngest(Stack.coapIngestOptions(defaultConfig, "127.0.0.1"), gateways, producer, mapper,
                registry, defaultMeters, Clock.systemUTC());
        defaultIngest.start();
        IocConfig plainEnabled = IocConfig.defaults().with(Map.of(IocConfig.COAP_PLAIN_ENABLED.key(), "true",
                IocConfig.COAP_PORT.key(), "0", IocConfig.COAP_DTLS_PORT.key(), "0"));
        plainEnabledIngest = new CoapIngest(Stack.coapIngestOptions(plainEnabled, "127.0.0.1"), gateways, producer,
                mapper, registry, new SimpleMeterRegistry(), Clock.systemUTC());
        plainEnabledIngest.start();
        plainClient = CoapEndpoint.builder().setConfiguration(clientConfiguration()).build();
        plainClient.start();
    }

    @AfterAll
    static void stop() {
        if (plainClient != null) {
            plainClient.destroy();
        }
        if (plainEnabledIngest != null) {
            plainEnabledIngest.close();
        }
        if (defaultIngest != null) {
            defaultIngest.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    // ---------------------------------------------------------------- the same over plain CoAP and DTLS

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"coap", "coaps"})
    void aConfirmableSenmlJsonPostIsChangedAndItsReadingsAreInKafka(String scheme) throws Exception {
        try (Poster gateway = poster(scheme, "gw-31")) {
            CoapResponse response = gateway.post("telemetry", MediaTypeRegistry.APPLICATION_SENML_JSON,
                    ("[{\"bn\":\"16681-ENV-3101:\",\"bt\":1764045600,\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":35.2},"
                            + "{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":28.1}]").getBytes(UTF_8));

            assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
            String from = " at 2025-11-25T04:40:00Z from 16681/" + gateway.name() + " over coap";
            assertThat(readingsOf(gateway.name(), 2, KAFKA_WAIT)).extracting(CoapIngestITCase::describe)
                    .containsExactly("16681-ENV-3101 pm2_5 35.2 ug/m3" + from, "16681-ENV-3101 temperature 28.1 Cel"
                            + from);
        }
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"coap", "coaps"})
    void senmlCborGivesTheSameReadingsAsJson(String scheme) throws Exception {
        try (Poster gateway = poster(scheme, "gw-32")) {
            // [{-2: "16681-ENV-3201:", -3: 1764045600, 0: "pm2_5", 1: "ug/m3", 2: 35.2},
            //  {0: "temperature", 1: "Cel", 2: 28.1}]
            byte[] pack = HexFormat.of().parseHex("82"
                    + "a5" + "21" + "6f" + ascii("16681-ENV-3201:") + "22" + "1a69253320" + "00" + "65"
                    + ascii("pm2_5") + "01" + "65" + ascii("ug/m3") + "02" + "fb404199999999999a"
                    + "a3" + "00" + "6b" + ascii("temperature") + "01" + "63" + ascii("Cel") + "02"
                    + "fb403c19999999999a");

            CoapResponse response = gateway.post("telemetry", MediaTypeRegistry.APPLICATION_SENML_CBOR, pack);

            assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
            String from = " at 2025-11-25T04:40:00Z from 16681/" + gateway.name() + " over coap";
            assertThat(readingsOf(gateway.name(), 2, KAFKA_WAIT)).extracting(CoapIngestITCase::describe)
                    .containsExactly("16681-ENV-3201 pm2_5 35.2 ug/m3" + from, "16681-ENV-3201 temperature 28.1 Cel"
                            + from);
        }
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"coap", "coaps"})
    void aNonConfirmablePostIsForwardedWithoutAnAnswer(String scheme) throws Exception {
        try (Poster gateway = poster(scheme, "gw-33")) {
            Request request = Request.newPost();
            request.setType(Type.NON);
            request.setURI(gateway.uri("telemetry"));
            request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_SENML_JSON);
            request.setPayload(
                    "[{\"bn\":\"16681-ENV-3301:\",\"bt\":1764045600,\"n\":\"noise\",\"u\":\"dBA\",\"v\":51}]");

            gateway.endpoint().sendRequest(request);

            assertThat(readingsOf(gateway.name(), 1, KAFKA_WAIT)).extracting(CoapIngestITCase::describe)
                    .containsExactly("16681-ENV-3301 noise 51.0 dBA at 2025-11-25T04:40:00Z from 16681/"
                            + gateway.name() + " over coap");
        }
    }

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"coap", "coaps"})
    void aLargePackArrivesInBlocksAndEveryReadingIsInKafka(String scheme) throws Exception {
        try (Poster gateway = poster(scheme, "gw-35")) {
            // 600 readings, one per second: about 17 KB, far over one datagram, so the client sends Block1 blocks
            StringBuilder pack = new StringBuilder("[{\"bn\":\"16681-ENV-3501:\",\"bt\":1764045600,\"n\":\"noise\","
                    + "\"u\":\"dBA\",\"v\":40,\"t\":0}");
            for (int t = 1; t < 600; t++) {
                pack.append(",{\"n\":\"noise\",\"u\":\"dBA\",\"v\":40,\"t\":").append(t).append("}");
            }
            byte[] payload = pack.append(']').toString().getBytes(UTF_8);
            assertThat(payload.length).isGreaterThan(16_000);

            CoapResponse response = gateway.post("telemetry", MediaTypeRegistry.APPLICATION_SENML_JSON, payload);

            assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
            List<Reading> readings = readingsOf(gateway.name(), 600, KAFKA_WAIT);
            assertThat(readings).extracting(Reading::getTime).containsExactlyInAnyOrderElementsOf(
                    IntStream.range(0, 600).mapToObj(BT::plusSeconds).toList());
        }
    }

    // ---------------------------------------------------------------- plain CoAP (coap.plain-enabled=true)

    @Test
    void malformedSenmlIsABadRequestNamingTheReasonAndADeadLetter() throws Exception {
        byte[] payload = "[{\"bn\":\"16681-ENV-3401:\",\"n\":\"pm2_5\",\"v\":1".getBytes(UTF_8);

        CoapResponse response = postPlain("16681/gw-34/telemetry", MediaTypeRegistry.APPLICATION_SENML_JSON, payload);

        assertThat(response.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(response.getResponseText()).startsWith("MALFORMED_SENML: MALFORMED_JSON: not valid JSON");
        List<DeadLetter> letters = readTopicUntil(kafka.bootstrapServers(), Topics.DEADLETTER, DeadLetter.class,
                all -> all.stream().anyMatch(l -> "gw-34".equals(l.getGateway())), KAFKA_WAIT);
        assertThat(letters).filteredOn(l -> "gw-34".equals(l.getGateway())).singleElement().satisfies(letter -> {
            assertThat(letter.getReasonCode()).isEqualTo("MALFORMED_SENML");
            assertThat(letter.getMessage()).startsWith("MALFORMED_JSON: not valid JSON");
            assertThat(letter.getProtocol()).isEqualTo("coap");
            assertThat(letter.getSource()).isEqualTo("ioc/v1/16681/gw-34/telemetry");
            assertThat(letter.getCommune()).isEqualTo("16681");
            assertThat(letter.getPayload()).isEqualTo(ByteBuffer.wrap(payload));
        });
    }

    @Test
    void aDeviceListIsRegisteredAndItsDevicesCannotBeReportedByAnotherGateway() throws Exception {
        CoapResponse listed = postPlain("16681/gw-36/devices", MediaTypeRegistry.APPLICATION_JSON,
                "[{\"id\":\"16681-ENV-3601\",\"kind\":\"ENV\",\"lat\":18.67,\"lon\":105.69}]".getBytes(UTF_8));

        assertThat(listed.getCode()).isEqualTo(ResponseCode.CHANGED);
        List<DeviceInfo> devices = readTopicUntil(kafka.bootstrapServers(), Topics.DEVICES, DeviceInfo.class,
                all -> all.stream().anyMatch(d -> d.getDeviceId().equals("16681-ENV-3601")), KAFKA_WAIT);
        assertThat(devices).filteredOn(d -> d.getDeviceId().equals("16681-ENV-3601")).singleElement()
                .satisfies(d -> assertThat(d.getGateway()).isEqualTo("gw-36"));

        CoapResponse impostor = postPlain("16681/gw-37/telemetry", MediaTypeRegistry.APPLICATION_SENML_JSON,
                "[{\"bn\":\"16681-ENV-3601:\",\"bt\":1764045600,\"n\":\"noise\",\"u\":\"dBA\",\"v\":51}]"
                        .getBytes(UTF_8));

        assertThat(impostor.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(impostor.getResponseText()).startsWith("IDENTITY_MISMATCH: record 1 ('16681-ENV-3601:noise'): "
                + "device '16681-ENV-3601' belongs to gateway 16681/gw-36 but was reported by 16681/gw-37");
    }

    @Test
    void wrongContentFormatPathOrMethodIsRefused() throws Exception {
        assertThat(postPlain("16681/gw-38/telemetry", MediaTypeRegistry.APPLICATION_JSON, "[]".getBytes(UTF_8))
                .getCode()).isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
        assertThat(postPlain("16681/gw-38/status", MediaTypeRegistry.TEXT_PLAIN, "online".getBytes(UTF_8)).getCode())
                .isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(postPlain("4068/gw-38/telemetry", MediaTypeRegistry.APPLICATION_SENML_JSON, "[]".getBytes(UTF_8))
                .getCode()).as("a 4-digit commune").isEqualTo(ResponseCode.NOT_FOUND);
        CoapClient client = plainClient("16681/gw-38/telemetry");
        try {
            assertThat(client.get().getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void debiansCoapClientPostingSenmlJsonOverPlainCoapGetsChanged() throws Exception {
        // a file, not -e: coap-client percent-decodes -e text, which would empty a payload with "%RH" in it
        Path pack = Files.writeString(dataDir.resolve("senml.json"),
                "[{\"bn\":\"16681-ENV-3901:\",\"bt\":1764045600,\"n\":\"humidity\",\"u\":\"%RH\",\"v\":81.5}]");

        String output = coapClient(20, "-m", "post", "-t", "110", "-f", pack.toString(),
                plainUri("16681/gw-39/telemetry"));

        // its exit code is 0 whatever the answer; -v 6 prints the response PDU with its code on stdout
        assertThat(output).contains("c:2.04");
        assertThat(readingsOf("gw-39", 1, KAFKA_WAIT)).extracting(CoapIngestITCase::describe).containsExactly(
                "16681-ENV-3901 humidity 81.5 %RH at 2025-11-25T04:40:00Z from 16681/gw-39 over coap");
    }

    // ---------------------------------------------------------------- DTLS in the default configuration

    @Test
    void debiansCoapClientPostsSenmlJsonOverDtlsWithTheGatewaysPsk() throws Exception {
        String psk = gateways.issue(new GatewayIdentity("16681", "gw-40")).coapPsk();
        Path pack = Files.writeString(dataDir.resolve("gw-40.json"),
                "[{\"bn\":\"16681-ENV-4001:\",\"bt\":1764045600,\"n\":\"humidity\",\"u\":\"%RH\",\"v\":81.5},"
                        + "{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":28.1}]");

        String output = coapClient(20, "-m", "post", "-t", "110", "-f", pack.toString(), "-u", "16681/gw-40", "-k",
                psk, dtlsUri("16681/gw-40/telemetry"));

        assertThat(output).contains("c:2.04");
        assertThat(readingsOf("gw-40", 2, KAFKA_WAIT)).extracting(CoapIngestITCase::describe).containsExactly(
                "16681-ENV-4001 humidity 81.5 %RH at 2025-11-25T04:40:00Z from 16681/gw-40 over coap",
                "16681-ENV-4001 temperature 28.1 Cel at 2025-11-25T04:40:00Z from 16681/gw-40 over coap");
    }

    @Test
    void aWrongPskNeverCompletesTheHandshakeAndNothingReachesKafka() throws Exception {
        String psk = gateways.issue(new GatewayIdentity("16681", "gw-41")).coapPsk();
        Path refused = pack("gw-41-refused.json", "16681-ENV-4101", 1);

        String output = coapClient(NO_ANSWER_SECONDS, "-m", "post", "-t", "110", "-f", refused.toString(), "-u",
                "16681/gw-41", "-k", "not-" + psk, dtlsUri("16681/gw-41/telemetry"));

        assertThat(output).doesNotContain("c:2.04");
        awaitValue(KAFKA_WAIT, () -> dtlsFailures("bad_record_mac"), n -> n > 0, "a record with a bad MAC counted");
        assertOnlyTheMarkerReachesKafka("gw-41", psk);
    }

    @Test
    void aRevokedGatewayCanNoLongerHandshakeAndOneIssuedAgainCan() throws Exception {
        GatewayIdentity gateway = new GatewayIdentity("16681", "gw-42");
        String revokedPsk = gateways.issue(gateway).coapPsk();
        assertThat(gateways.revoke(gateway)).isTrue();
        Path refused = pack("gw-42-refused.json", "16681-ENV-4201", 1);

        String output = coapClient(NO_ANSWER_SECONDS, "-m", "post", "-t", "110", "-f", refused.toString(), "-u",
                gateway.name(), "-k", revokedPsk, dtlsUri("16681/gw-42/telemetry"));

        assertThat(output).doesNotContain("c:2.04");
        awaitValue(KAFKA_WAIT, () -> dtlsFailures("unknown_psk_identity"), n -> n > 0,
                "a handshake with an unknown identity counted");
        assertOnlyTheMarkerReachesKafka("gw-42", gateways.issue(gateway).coapPsk());
    }

    @Test
    void anIdentityPostingForAnotherGatewayIsForbiddenAndDeadLettered() throws Exception {
        String psk = gateways.issue(new GatewayIdentity("16681", "gw-43")).coapPsk();
        gateways.issue(new GatewayIdentity("16681", "gw-44"));
        Path pack = pack("gw-43-as-gw-44.json", "16681-ENV-4401", 1);

        String output = coapClient(20, "-m", "post", "-t", "110", "-f", pack.toString(), "-u", "16681/gw-43", "-k",
                psk, dtlsUri("16681/gw-44/telemetry"));

        assertThat(output).contains("c:4.03")
                .contains("IDENTITY_MISMATCH: DTLS identity 16681/gw-43 may not post for gateway 16681/gw-44");
        List<DeadLetter> letters = readTopicUntil(kafka.bootstrapServers(), Topics.DEADLETTER, DeadLetter.class,
                all -> all.stream().anyMatch(l -> "gw-44".equals(l.getGateway())), KAFKA_WAIT);
        assertThat(letters).filteredOn(l -> "gw-44".equals(l.getGateway())).singleElement().satisfies(letter -> {
            assertThat(letter.getReasonCode()).isEqualTo("IDENTITY_MISMATCH");
            assertThat(letter.getClientId()).isEqualTo("16681/gw-43");
            assertThat(letter.getProtocol()).isEqualTo("coap");
            assertThat(letter.getSource()).isEqualTo("ioc/v1/16681/gw-44/telemetry");
            assertThat(letter.getCommune()).isEqualTo("16681");
            assertThat(letter.getPayload()).isEqualTo(ByteBuffer.wrap(Files.readAllBytes(pack)));
        });
    }

    @Test
    void aGatewayRevokedAfterItsHandshakeIsUnauthorized() throws Exception {
        GatewayIdentity gateway = new GatewayIdentity("16681", "gw-45");
        try (Poster poster = Poster.dtls(gateway, gateways.issue(gateway).coapPsk(), defaultIngest)) {
            byte[] pack = Files.readAllBytes(pack("gw-45.json", "16681-ENV-4501", 1));
            assertThat(poster.post("telemetry", MediaTypeRegistry.APPLICATION_SENML_JSON, pack).getCode())
                    .isEqualTo(ResponseCode.CHANGED);
            gateways.revoke(gateway);

            CoapResponse afterRevocation = poster.post("telemetry", MediaTypeRegistry.APPLICATION_SENML_JSON, pack);

            assertThat(afterRevocation.getCode()).isEqualTo(ResponseCode.UNAUTHORIZED);
            assertThat(afterRevocation.getResponseText()).isEqualTo("the credentials of 16681/gw-45 were revoked");
        }
    }

    @Test
    void plainCoapHasNoListenerInTheDefaultConfiguration() throws Exception {
        assertThat(defaultIngest.plainAddress()).isEmpty();
        Path pack = pack("gw-46-plain.json", "16681-ENV-4601", 1);

        String output = coapClient(NO_ANSWER_SECONDS, "-m", "post", "-t", "110", "-f", pack.toString(),
                "coap://127.0.0.1:" + defaultConfig.get(IocConfig.COAP_PORT) + "/ioc/v1/16681/gw-46/telemetry");

        assertThat(output).doesNotContain("c:2.04");
        assertOnlyTheMarkerReachesKafka("gw-46", gateways.issue(new GatewayIdentity("16681", "gw-46")).coapPsk());
    }

    @Test
    void theSimulatorsCoapGatewaysDeliverExactlyTheirGroundTruthOverDtlsInJsonAndInCbor() throws Exception {
        Fleet fleet = Fleet.of(List.of(Communes.byCode("16681"), Communes.byCode("16690")), 1);
        Gateway cborNon = fleet.gateways().get(1);
        SignalModel signals = new SignalModel(42);
        List<String> expected = new ArrayList<>();
        try (CoapGatewayTransport transport = new CoapGatewayTransport(
                URI.create("coaps://127.0.0.1:" + defaultIngest.dtlsAddress().getPort()),
                gateway -> gateway.equals(cborNon) ? new CoapGatewayOptions(false, true)
                        : CoapGatewayOptions.CONFIRMABLE_JSON, SimulatedGateways.provision(gateways, fleet))) {
            transport.open(fleet.gateways());
            for (Instant time = BT; time.isBefore(BT.plus(Duration.ofMinutes(5))); time = time.plusSeconds(60)) {
                for (Gateway gateway : fleet.gateways()) {
                    List<org.iocstream.sim.Reading> readings = signals.readingsDue(gateway, time);
                    readings.forEach(r -> expected.add(r.device().id() + " " + r.metric().name() + " "
                            + (r.metric().numeric() ? String.valueOf(r.value()) : r.text()) + " at " + r.time()
                            + " from " + gateway.identity()));
                    transport.send(TelemetryMessage.of(gateway, readings)).toCompletableFuture()
                            .get(30, TimeUnit.SECONDS);
                }
            }
        }
        assertThat(expected).as("the simulator's ground truth for these five minutes").isNotEmpty();

        List<Reading> all = readTopicUntil(kafka.bootstrapServers(), Topics.TELEMETRY, Reading.class,
                readings -> readings.stream().filter(r -> r.getGateway().equals("gw-01")).count() >= expected.size(),
                KAFKA_WAIT);
        assertThat(all).filteredOn(r -> r.getGateway().equals("gw-01"))
                .extracting(r -> r.getDeviceId() + " " + r.getMetric() + " "
                        + (r.getValue() != null ? String.valueOf(r.getValue()) : r.getStringValue()) + " at "
                        + r.getTime() + " from " + r.getCommune() + "/" + r.getGateway())
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    // ---------------------------------------------------------------- helpers

    /**
     * Posts a marker reading (value 2) for the gateway over DTLS and waits until it is in Kafka: on the topic's
     * single partition, a reading accepted from an earlier refused attempt (value 1) would come before it.
     */
    private static void assertOnlyTheMarkerReachesKafka(String gateway, String psk) throws Exception {
        String deviceId = "16681-ENV-" + gateway.substring(3) + "01";
        Path marker = pack(gateway + "-marker.json", deviceId, 2);
        assertThat(coapClient(20, "-m", "post", "-t", "110", "-f", marker.toString(), "-u", "16681/" + gateway, "-k",
                psk, dtlsUri("16681/" + gateway + "/telemetry"))).contains("c:2.04");
        assertThat(readingsOf(gateway, 1, KAFKA_WAIT)).extracting(CoapIngestITCase::describe).containsExactly(
                deviceId + " noise 2.0 dBA at 2025-11-25T04:40:00Z from 16681/" + gateway + " over coap");
    }

    /** A file holding one noise reading of the device at {@link #BT}. */
    private static Path pack(String file, String deviceId, int value) throws IOException {
        return Files.writeString(dataDir.resolve(file), "[{\"bn\":\"" + deviceId
                + ":\",\"bt\":1764045600,\"n\":\"noise\",\"u\":\"dBA\",\"v\":" + value + "}]");
    }

    private static double dtlsFailures(String reason) {
        return defaultMeters.counter("ioc.ingest.coap.dtls.failures", "reason", reason).count();
    }

    private static String dtlsUri(String pathAfterV1) {
        return "coaps://127.0.0.1:" + defaultIngest.dtlsAddress().getPort() + "/ioc/v1/" + pathAfterV1;
    }

    private static String plainUri(String pathAfterV1) {
        return "coap://127.0.0.1:" + plainEnabledIngest.plainAddress().orElseThrow().getPort() + "/ioc/v1/"
                + pathAfterV1;
    }

    private static CoapClient plainClient(String pathAfterV1) {
        CoapClient client = new CoapClient(plainUri(pathAfterV1));
        client.setEndpoint(plainClient);
        client.setTimeout(30_000L);
        return client;
    }

    private static CoapResponse postPlain(String pathAfterV1, int contentFormat, byte[] payload)
            throws ConnectorException, IOException {
        CoapClient client = plainClient(pathAfterV1);
        try {
            CoapResponse response = client.post(payload, contentFormat);
            assertThat(response).as("a response to the POST to %s", pathAfterV1).isNotNull();
            return response;
        } finally {
            client.shutdown();
        }
    }

    /**
     * The gateway {@code 16681/{name}} posting to the ingest with plain CoAP enabled: over plain CoAP, or over DTLS
     * with a PSK issued for it (then named {@code {name}s}, so that each transport's readings are its own).
     */
    private static Poster poster(String scheme, String name) throws IOException {
        if (scheme.equals("coap")) {
            return new Poster(new GatewayIdentity("16681", name), plainClient,
                    "coap://127.0.0.1:" + plainEnabledIngest.plainAddress().orElseThrow().getPort(), false);
        }
        GatewayIdentity gateway = new GatewayIdentity("16681", name + "s");
        return Poster.dtls(gateway, gateways.issue(gateway).coapPsk(), plainEnabledIngest);
    }

    /** One gateway's CoAP client: its endpoint, and where it posts. */
    private record Poster(GatewayIdentity gateway, CoapEndpoint endpoint, String ingest, boolean ownsEndpoint)
            implements AutoCloseable {

        /** Over DTLS with the gateway's own PSK identity and key, as a gateway's firmware would. */
        static Poster dtls(GatewayIdentity gateway, String psk, CoapIngest ingest) throws IOException {
            Configuration config = clientConfiguration();
            CoapEndpoint endpoint = CoapEndpoint.builder().setConfiguration(config).setConnector(new DTLSConnector(
                    DtlsConnectorConfig.builder(config).set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                            .setAdvancedPskStore(new AdvancedSinglePskStore(gateway.name(), psk.getBytes(US_ASCII)))
                            .build())).build();
            endpoint.start();
            return new Poster(gateway, endpoint, "coaps://127.0.0.1:" + ingest.dtlsAddress().getPort(), true);
        }

        String name() {
            return gateway.gateway();
        }

        String uri(String channel) {
            return ingest + "/" + gateway.topicPrefix() + channel;
        }

        CoapResponse post(String channel, int contentFormat, byte[] payload) throws ConnectorException, IOException {
            CoapClient client = new CoapClient(uri(channel));
            client.setEndpoint(endpoint);
            client.setTimeout(30_000L);
            try {
                CoapResponse response = client.post(payload, contentFormat);
                assertThat(response).as("a response to the POST to %s", uri(channel)).isNotNull();
                return response;
            } finally {
                client.shutdown();
            }
        }

        @Override
        public void close() {
            if (ownsEndpoint) {
                endpoint.destroy();
            }
        }
    }

    /** Built here, not read from a Californium3.properties that Californium would write into the working directory. */
    private static Configuration clientConfiguration() {
        return new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
    }

    private static List<Reading> readingsOf(String gateway, int count, Duration timeout) {
        List<Reading> all = readTopicUntil(kafka.bootstrapServers(), Topics.TELEMETRY, Reading.class,
                readings -> readings.stream().filter(r -> r.getGateway().equals(gateway)).count() >= count, timeout);
        return all.stream().filter(r -> r.getGateway().equals(gateway)).toList();
    }

    private static String describe(Reading reading) {
        return reading.getDeviceId() + " " + reading.getMetric() + " " + reading.getValue() + " " + reading.getUnit()
                + " at " + reading.getTime() + " from " + reading.getCommune() + "/" + reading.getGateway() + " over "
                + reading.getIngestProtocol();
    }

    private static String ascii(String text) {
        return HexFormat.of().formatHex(text.getBytes(UTF_8));
    }

    /**
     * Runs {@code coap-client-openssl -v 6 -B seconds ...} and returns what it printed (stdout and stderr). Its exit
     * code is 0 whatever the answer; {@code -v 6} prints the response PDU, e.g. {@code c:2.04}, and an error
     * answer's diagnostic goes to stderr. {@code -B} caps the run: without an answer (a failed handshake, no
     * listener) it waits that long.
     */
    private static String coapClient(int seconds, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("coap-client-openssl", "-v", "6", "-B",
                String.valueOf(seconds)));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("coap-client-openssl is needed (Debian package libcoap3-bin; .ci/run installs it)",
                    e);
        }
        assertThat(process.waitFor(seconds + 30L, TimeUnit.SECONDS)).as("coap-client-openssl finished").isTrue();
        return new String(process.getInputStream().readAllBytes(), UTF_8);
    }
}
