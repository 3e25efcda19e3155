package org.iocstream.deploy.stack;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
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
import org.iocstream.connectors.coap.CoapIngest;
import org.iocstream.connectors.coap.CoapIngestOptions;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.connectors.ingest.MetricCatalog;
import org.iocstream.connectors.ingest.TelemetryMapper;
import org.iocstream.connectors.kafka.KafkaProducers;
import org.iocstream.connectors.kafka.TopicProvisioner;
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

/**
 * The CoAP ingest against a real Kafka broker, posted to by Californium's client and by Debian's
 * {@code coap-client-openssl}: what a gateway sends ends up on ioc.telemetry.v1, ioc.devices.v1 or
 * ioc.deadletter.v1, and the gateway hears so only once Kafka has it. Each test posts for its own gateway, so the
 * tests share the broker without seeing each other's records.
 */
class CoapIngestITCase {

    private static final Duration KAFKA_WAIT = Duration.ofSeconds(60);
    private static final Instant BT = Instant.parse("2025-11-25T04:40:00Z"); // 1764045600

    @TempDir
    static Path dataDir;
    private static EmbeddedKafka kafka;
    private static KafkaProducer<byte[], byte[]> producer;
    private static CoapIngest ingest;
    private static CoapEndpoint clientEndpoint;

    @BeforeAll
    static void start() throws IOException {
        kafka = EmbeddedKafka.start(dataDir.resolve("kafka"), "127.0.0.1", Ports.free(), Ports.free());
        TopicProvisioner.ensure(kafka.bootstrapServers(), TopicProvisioner.standardTopics(1), (short) 1);
        producer = KafkaProducers.reliable(kafka.bootstrapServers(), "coap-ingest-itcase");
        DeviceRegistry registry = new DeviceRegistry();
        ingest = new CoapIngest(new CoapIngestOptions("127.0.0.1", 0, 100), producer,
                new TelemetryMapper(MetricCatalog.standard(), registry), registry, new SimpleMeterRegistry(),
                Clock.systemUTC());
        ingest.start();
        clientEndpoint = CoapEndpoint.builder()
                .setConfiguration(new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS)).build();
        clientEndpoint.start();
    }

    @AfterAll
    static void stop() {
        if (clientEndpoint != null) {
            clientEndpoint.destroy();
        }
        if (ingest != null) {
            ingest.close();
        }
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void aConfirmableSenmlJsonPostIsChangedAndItsReadingsAreInKafka() throws Exception {
        CoapResponse response = post("16681/gw-31/telemetry", MediaTypeRegistry.APPLICATION_SENML_JSON,
                ("[{\"bn\":\"16681-ENV-3101:\",\"bt\":1764045600,\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":35.2},"
                        + "{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":28.1}]").getBytes(UTF_8));

        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(readingsOf("gw-31", 2, KAFKA_WAIT)).extracting(CoapIngestITCase::describe).containsExactly(
                "16681-ENV-3101 pm2_5 35.2 ug/m3 at 2025-11-25T04:40:00Z from 16681/gw-31 over coap",
                "16681-ENV-3101 temperature 28.1 Cel at 2025-11-25T04:40:00Z from 16681/gw-31 over coap");
    }

    @Test
    void senmlCborGivesTheSameReadingsAsJson() throws Exception {
        // [{-2: "16681-ENV-3201:", -3: 1764045600, 0: "pm2_5", 1: "ug/m3", 2: 35.2},
        //  {0: "temperature", 1: "Cel", 2: 28.1}]
        byte[] pack = HexFormat.of().parseHex("82"
                + "a5" + "21" + "6f" + ascii("16681-ENV-3201:") + "22" + "1a69253320" + "00" + "65" + ascii("pm2_5")
                + "01" + "65" + ascii("ug/m3") + "02" + "fb404199999999999a"
                + "a3" + "00" + "6b" + ascii("temperature") + "01" + "63" + ascii("Cel") + "02" + "fb403c19999999999a");

        CoapResponse response = post("16681/gw-32/telemetry", MediaTypeRegistry.APPLICATION_SENML_CBOR, pack);

        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        assertThat(readingsOf("gw-32", 2, KAFKA_WAIT)).extracting(CoapIngestITCase::describe).containsExactly(
                "16681-ENV-3201 pm2_5 35.2 ug/m3 at 2025-11-25T04:40:00Z from 16681/gw-32 over coap",
                "16681-ENV-3201 temperature 28.1 Cel at 2025-11-25T04:40:00Z from 16681/gw-32 over coap");
    }

    @Test
    void aNonConfirmablePostIsForwardedWithoutAnAnswer() {
        Request request = Request.newPost();
        request.setType(Type.NON);
        request.setURI(uri("16681/gw-33/telemetry"));
        request.getOptions().setContentFormat(MediaTypeRegistry.APPLICATION_SENML_JSON);
        request.setPayload("[{\"bn\":\"16681-ENV-3301:\",\"bt\":1764045600,\"n\":\"noise\",\"u\":\"dBA\",\"v\":51}]");

        clientEndpoint.sendRequest(request);

        assertThat(readingsOf("gw-33", 1, KAFKA_WAIT)).extracting(CoapIngestITCase::describe).containsExactly(
                "16681-ENV-3301 noise 51.0 dBA at 2025-11-25T04:40:00Z from 16681/gw-33 over coap");
    }

    @Test
    void malformedSenmlIsABadRequestNamingTheReasonAndADeadLetter() throws Exception {
        byte[] payload = "[{\"bn\":\"16681-ENV-3401:\",\"n\":\"pm2_5\",\"v\":1".getBytes(UTF_8);

        CoapResponse response = post("16681/gw-34/telemetry", MediaTypeRegistry.APPLICATION_SENML_JSON, payload);

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
    void aLargePackArrivesInBlocksAndEveryReadingIsInKafka() throws Exception {
        // 600 readings, one per second: about 17 KB, far over one datagram, so the client sends Block1 blocks
        StringBuilder pack = new StringBuilder("[{\"bn\":\"16681-ENV-3501:\",\"bt\":1764045600,\"n\":\"noise\","
                + "\"u\":\"dBA\",\"v\":40,\"t\":0}");
        for (int t = 1; t < 600; t++) {
            pack.append(",{\"n\":\"noise\",\"u\":\"dBA\",\"v\":40,\"t\":").append(t).append("}");
        }
        byte[] payload = pack.append(']').toString().getBytes(UTF_8);
        assertThat(payload.length).isGreaterThan(16_000);

        CoapResponse response = post("16681/gw-35/telemetry", MediaTypeRegistry.APPLICATION_SENML_JSON, payload);

        assertThat(response.getCode()).isEqualTo(ResponseCode.CHANGED);
        List<Reading> readings = readingsOf("gw-35", 600, KAFKA_WAIT);
        assertThat(readings).extracting(Reading::getTime).containsExactlyInAnyOrderElementsOf(
                IntStream.range(0, 600).mapToObj(BT::plusSeconds).toList());
    }

    @Test
    void aDeviceListIsRegisteredAndItsDevicesCannotBeReportedByAnotherGateway() throws Exception {
        CoapResponse listed = post("16681/gw-36/devices", MediaTypeRegistry.APPLICATION_JSON,
                "[{\"id\":\"16681-ENV-3601\",\"kind\":\"ENV\",\"lat\":18.67,\"lon\":105.69}]".getBytes(UTF_8));

        assertThat(listed.getCode()).isEqualTo(ResponseCode.CHANGED);
        List<DeviceInfo> devices = readTopicUntil(kafka.bootstrapServers(), Topics.DEVICES, DeviceInfo.class,
                all -> all.stream().anyMatch(d -> d.getDeviceId().equals("16681-ENV-3601")), KAFKA_WAIT);
        assertThat(devices).filteredOn(d -> d.getDeviceId().equals("16681-ENV-3601")).singleElement()
                .satisfies(d -> assertThat(d.getGateway()).isEqualTo("gw-36"));

        CoapResponse impostor = post("16681/gw-37/telemetry", MediaTypeRegistry.APPLICATION_SENML_JSON,
                "[{\"bn\":\"16681-ENV-3601:\",\"bt\":1764045600,\"n\":\"noise\",\"u\":\"dBA\",\"v\":51}]"
                        .getBytes(UTF_8));

        assertThat(impostor.getCode()).isEqualTo(ResponseCode.BAD_REQUEST);
        assertThat(impostor.getResponseText()).startsWith("IDENTITY_MISMATCH: record 1 ('16681-ENV-3601:noise'): "
                + "device '16681-ENV-3601' belongs to gateway 16681/gw-36 but was reported by 16681/gw-37");
    }

    @Test
    void wrongContentFormatPathOrMethodIsRefused() throws Exception {
        assertThat(post("16681/gw-38/telemetry", MediaTypeRegistry.APPLICATION_JSON, "[]".getBytes(UTF_8)).getCode())
                .isEqualTo(ResponseCode.UNSUPPORTED_CONTENT_FORMAT);
        assertThat(post("16681/gw-38/status", MediaTypeRegistry.TEXT_PLAIN, "online".getBytes(UTF_8)).getCode())
                .isEqualTo(ResponseCode.NOT_FOUND);
        assertThat(post("4068/gw-38/telemetry", MediaTypeRegistry.APPLICATION_SENML_JSON, "[]".getBytes(UTF_8))
                .getCode()).as("a 4-digit commune").isEqualTo(ResponseCode.NOT_FOUND);
        CoapClient client = client("16681/gw-38/telemetry");
        try {
            assertThat(client.get().getCode()).isEqualTo(ResponseCode.METHOD_NOT_ALLOWED);
        } finally {
            client.shutdown();
        }
    }

    @Test
    void debiansCoapClientPostingSenmlJsonGetsChanged() throws Exception {
        // a file, not -e: coap-client percent-decodes -e text, which would empty a payload with "%RH" in it
        Path pack = Files.writeString(dataDir.resolve("senml.json"),
                "[{\"bn\":\"16681-ENV-3901:\",\"bt\":1764045600,\"n\":\"humidity\",\"u\":\"%RH\",\"v\":81.5}]");

        String output = coapClient("-m", "post", "-t", "110", "-f", pack.toString(), uri("16681/gw-39/telemetry"));

        // its exit code is 0 whatever the answer; -v 6 prints the response PDU with its code on stdout
        assertThat(output).contains("c:2.04");
        assertThat(readingsOf("gw-39", 1, KAFKA_WAIT)).extracting(CoapIngestITCase::describe).containsExactly(
                "16681-ENV-3901 humidity 81.5 %RH at 2025-11-25T04:40:00Z from 16681/gw-39 over coap");
    }

    @Test
    void theSimulatorsCoapGatewaysDeliverExactlyTheirGroundTruthInJsonAndInCbor() throws Exception {
        Fleet fleet = Fleet.of(List.of(Communes.byCode("16681"), Communes.byCode("16690")), 1);
        Gateway jsonCon = fleet.gateways().get(0);
        Gateway cborNon = fleet.gateways().get(1);
        SignalModel signals = new SignalModel(42);
        List<String> expected = new ArrayList<>();
        try (CoapGatewayTransport transport = new CoapGatewayTransport(
                URI.create("coap://127.0.0.1:" + ingest.address().getPort()),
                gateway -> gateway.equals(cborNon) ? new CoapGatewayOptions(false, true)
                        : CoapGatewayOptions.CONFIRMABLE_JSON)) {
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

    private static String uri(String pathAfterV1) {
        return "coap://127.0.0.1:" + ingest.address().getPort() + "/ioc/v1/" + pathAfterV1;
    }

    private static CoapClient client(String pathAfterV1) {
        CoapClient client = new CoapClient(uri(pathAfterV1));
        client.setEndpoint(clientEndpoint);
        client.setTimeout(30_000L);
        return client;
    }

    private static CoapResponse post(String pathAfterV1, int contentFormat, byte[] payload)
            throws ConnectorException, IOException {
        CoapClient client = client(pathAfterV1);
        try {
            CoapResponse response = client.post(payload, contentFormat);
            assertThat(response).as("a response to the POST to %s", pathAfterV1).isNotNull();
            return response;
        } finally {
            client.shutdown();
        }
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

    private static String coapClient(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("coap-client-openssl", "-v", "6", "-B", "20"));
        command.addAll(List.of(arguments));
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("coap-client-openssl is needed (Debian package libcoap3-bin; .ci/run installs it)",
                    e);
        }
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("coap-client-openssl finished").isTrue();
        return new String(process.getInputStream().readAllBytes(), UTF_8);
    }
}
