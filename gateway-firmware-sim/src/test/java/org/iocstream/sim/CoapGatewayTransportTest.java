package org.iocstream.sim;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.net.URI;
import java.security.Principal;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.CoAP.Type;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.network.Exchange;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.auth.PreSharedKeyIdentity;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedMultiPskStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The simulator's CoAP transport against a fake CoAP ingest (a Californium server, plain and DTLS-PSK, that records
 * each request and answers 2.04, or 4.00 to a payload that is not SenML); the real ingest is in the deploy module's
 * ITCases.
 */
class CoapGatewayTransportTest {

    private static final Fleet FLEET = Fleet.of(List.of(Communes.byCode("16681"), Communes.byCode("16690")), 1);
    private static final Gateway JSON_CON = FLEET.gateways().get(0);
    private static final Gateway CBOR_NON = FLEET.gateways().get(1);
    private static final Instant T = Instant.ofEpochSecond(1_764_045_600);

    private static final GatewaySecrets SECRETS = GatewaySecrets.of(Map.of(
            JSON_CON.identity(), new GatewaySecrets.Secret("mqtt-1", "psk-of-16681-gw-01"),
            CBOR_NON.identity(), new GatewaySecrets.Secret("mqtt-2", "psk-of-16690-gw-01")));

    /** One request as the fake ingest saw it; {@code pskIdentity} is null over plain CoAP. */
    private record Received(String path, Type type, int contentFormat, byte[] payload, String pskIdentity) {
    }

    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private CoapServer ingest;
    private CoapEndpoint plainEndpoint;
    private CoapEndpoint dtlsEndpoint;
    private CoapGatewayTransport transport;

    @BeforeEach
    void startFakeIngest() throws Exception {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS);
        plainEndpoint = CoapEndpoint.builder().setConfiguration(config)
                .setInetSocketAddress(new InetSocketAddress("127.0.0.1", 0)).build();
        AdvancedMultiPskStore keys = new AdvancedMultiPskStore();
        keys.setKey(JSON_CON.identity(), "psk-of-16681-gw-01".getBytes(US_ASCII));
        keys.setKey(CBOR_NON.identity(), "psk-of-16690-gw-01".getBytes(US_ASCII));
        dtlsEndpoint = CoapEndpoint.builder().setConfiguration(config).setConnector(new DTLSConnector(
                DtlsConnectorConfig.builder(config).setAddress(new InetSocketAddress("127.0.0.1", 0))
                        .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.SERVER_ONLY).setAdvancedPskStore(keys).build()))
                .build();
        ingest = new CoapServer(config);
        ingest.addEndpoint(plainEndpoint);
        ingest.addEndpoint(dtlsEndpoint);
        ingest.add(new CoapResource("ioc") {
            @Override
            public Resource getChild(String name) {
                return this;
            }

            @Override
            public void handleRequest(Exchange advanced) {
                CoapExchange exchange = new CoapExchange(advanced, this);
                byte[] payload = exchange.getRequestPayload();
                Principal peer = advanced.getRequest().getSourceContext().getPeerIdentity();
                received.add(new Received(String.join("/", exchange.getRequestOptions().getUriPath()),
                        advanced.getRequest().getType(), exchange.getRequestOptions().getContentFormat(), payload,
                        peer instanceof PreSharedKeyIdentity psk ? psk.getIdentity() : null));
                if (payload.length > 0 && payload[0] == '{') {
                    exchange.respond(ResponseCode.BAD_REQUEST, "MALFORMED_SENML: NOT_A_PACK");
                } else {
                    exchange.respond(ResponseCode.CHANGED);
                }
            }
        });
        ingest.start();
        transport = transport("coap://127.0.0.1:" + plainEndpoint.getAddress().getPort(), GatewaySecrets.none());
    }

    private static CoapGatewayTransport transport(String ingest, GatewaySecrets secrets) {
        return new CoapGatewayTransport(URI.create(ingest), gateway -> gateway.equals(CBOR_NON)
                ? new CoapGatewayOptions(false, true) : CoapGatewayOptions.CONFIRMABLE_JSON, secrets);
    }

    @AfterEach
    void stop() throws InterruptedException {
        transport.close();
        ingest.destroy();
    }

    @Test
    void openPostsEachGatewaysDeviceListConfirmably() throws Exception {
        transport.open(List.of(JSON_CON, CBOR_NON));

        List<Received> lists = List.of(next(), next());
        assertThat(lists).extracting(Received::path).containsExactlyInAnyOrder(
                "ioc/v1/16681/gw-01/devices", "ioc/v1/16690/gw-01/devices");
        assertThat(lists).allSatisfy(list -> {
            assertThat(list.type()).isEqualTo(Type.CON);
            assertThat(list.contentFormat()).isEqualTo(50);
        });
        Received vinh = lists.stream().filter(r -> r.path().contains("16681")).findFirst().orElseThrow();
        assertThat(new String(vinh.payload(), UTF_8)).isEqualTo(DeviceListEncoder.encode(JSON_CON.devices()));
    }

    @Test
    void aConfirmableJsonGatewayPostsSenmlJsonAndCompletesOnTheAnswer() throws Exception {
        transport.open(List.of(JSON_CON));
        next();
        List<Reading> readings = new SignalModel(42).readingsDue(JSON_CON, T);

        transport.send(TelemetryMessage.of(JSON_CON, readings)).toCompletableFuture().get(30, TimeUnit.SECONDS);

        Received telemetry = next();
        assertThat(telemetry.path()).isEqualTo("ioc/v1/16681/gw-01/telemetry");
        assertThat(telemetry.type()).isEqualTo(Type.CON);
        assertThat(telemetry.contentFormat()).isEqualTo(110);
        assertThat(new String(telemetry.payload(), UTF_8)).isEqualTo(SenmlEncoder.encode(readings));
    }

    @Test
    void aNonConfirmableCborGatewayPostsSenmlCbor() throws Exception {
        transport.open(List.of(CBOR_NON));
        next();
        List<Reading> readings = new SignalModel(42).readingsDue(CBOR_NON, T);

        transport.send(TelemetryMessage.of(CBOR_NON, readings)).toCompletableFuture().get(30, TimeUnit.SECONDS);

        Received telemetry = next();
        assertThat(telemetry.path()).isEqualTo("ioc/v1/16690/gw-01/telemetry");
        assertThat(telemetry.type()).isEqualTo(Type.NON);
        assertThat(telemetry.contentFormat()).isEqualTo(112);
        assertThat(telemetry.payload()).isEqualTo(SenmlCborEncoder.encode(readings));
    }

    @Test
    void aRawPayloadIsPostedVerbatimAsSenmlJsonAndItsRefusalFailsTheStage() throws Exception {
        transport.open(List.of(JSON_CON));
        next();
        byte[] malformed = "{\"bn\":\"16681-ENV-0001:\"}".getBytes(UTF_8);

        CompletableFuture<Void> sent = transport.send(new TelemetryMessage(JSON_CON, List.of(), malformed))
                .toCompletableFuture();

        assertThatThrownBy(() -> sent.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().hasMessageContaining("answered 4.00").hasMessageEndingWith(": MALFORMED_SENML: NOT_A_PACK");
        Received telemetry = next();
        assertThat(telemetry.contentFormat()).isEqualTo(110);
        assertThat(telemetry.payload()).isEqualTo(malformed);
    }

    @Test
    void aCutOffGatewayFailsAtOnceUntilRestoredWhichAnnouncesItAgain() throws Exception {
        transport.open(List.of(JSON_CON));
        next();
        List<Reading> readings = new SignalModel(42).readingsDue(JSON_CON, T);

        transport.cutOff(JSON_CON);
        CompletableFuture<Void> refused = transport.send(TelemetryMessage.of(JSON_CON, readings)).toCompletableFuture();

        assertThat(refused).isCompletedExceptionally();
        transport.restore(JSON_CON);
        assertThat(next().path()).isEqualTo("ioc/v1/16681/gw-01/devices");
        transport.send(TelemetryMessage.of(JSON_CON, readings)).toCompletableFuture().get(30, TimeUnit.SECONDS);
        assertThat(next().path()).isEqualTo("ioc/v1/16681/gw-01/telemetry");
        assertThat(received).as("nothing of the refused send reached the ingest").isEmpty();
    }

    @Test
    void overDtlsEachGatewayPostsWithItsOwnPskIdentity() throws Exception {
        transport.close();
        transport = transport("coaps://127.0.0.1:" + dtlsEndpoint.getAddress().getPort(), SECRETS);
        transport.open(List.of(JSON_CON, CBOR_NON));
        List<Received> lists = List.of(next(), next());
        List<Reading> readings = new SignalModel(42).readingsDue(JSON_CON, T);

        transport.send(TelemetryMessage.of(JSON_CON, readings)).toCompletableFuture().get(30, TimeUnit.SECONDS);

        assertThat(lists).extracting(list -> list.pskIdentity() + " " + list.path()).containsExactlyInAnyOrder(
                "16681/gw-01 ioc/v1/16681/gw-01/devices", "16690/gw-01 ioc/v1/16690/gw-01/devices");
        Received telemetry = next();
        assertThat(telemetry.pskIdentity()).isEqualTo("16681/gw-01");
        assertThat(telemetry.path()).isEqualTo("ioc/v1/16681/gw-01/telemetry");
        assertThat(new String(telemetry.payload(), UTF_8)).isEqualTo(SenmlEncoder.encode(readings));
    }

    @Test
    void aGatewayWithoutAPskCannotOpenToADtlsIngest() throws Exception {
        transport.close();
        transport = transport("coaps://127.0.0.1:" + dtlsEndpoint.getAddress().getPort(),
                GatewaySecrets.of(Map.of(JSON_CON.identity(), new GatewaySecrets.Secret("mqtt-1", "psk-1"))));

        assertThatThrownBy(() -> transport.open(List.of(CBOR_NON))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("gateway 16690/gw-01 has no CoAP PSK for coaps://");
        assertThat(received).isEmpty();
    }

    private Received next() throws InterruptedException {
        Received request = received.poll(30, TimeUnit.SECONDS);
        assertThat(request).as("a request at the fake ingest").isNotNull();
        return request;
    }
}
