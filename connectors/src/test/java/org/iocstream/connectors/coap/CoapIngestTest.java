package org.iocstream.connectors.coap;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapHandler;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;
import org.iocstream.connectors.gateway.GatewayIdentity;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.connectors.ingest.KafkaForwarder.Outcome;
import org.iocstream.connectors.ingest.MetricCatalog;
import org.iocstream.connectors.ingest.Rejection;
import org.iocstream.connectors.ingest.TelemetryMapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * How the CoAP ingest answers: which answer a resolved request gets, and, over loopback UDP and DTLS with Kafka a
 * {@link MockProducer} that completes a send only when the test says so, its in-flight bound. The rest of the wire
 * is tested against a real Kafka broker in the deploy module's CoapIngestITCase.
 */
class CoapIngestTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "over {0}")
    @ValueSource(strings = {"coap", "coaps"})
    void aRequestBeyondMaxInFlightIs503WithMaxAgeAndTheFirstIsAnsweredOnceKafkaHasItsReading(String scheme)
            throws Exception {
        MockProducer<byte[], byte[]> kafka =
                new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer());
        DeviceRegistry registry = new DeviceRegistry();
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        GatewayRegistry gateways = GatewayRegistry.open(dir.resolve("registry.tsv"), Clock.systemUTC());
        GatewayIdentity gateway = new GatewayIdentity("16681", "gw-01");
        String psk = gateways.issue(gateway).coapPsk();
        CoapIngest ingest = new CoapIngest(new CoapIngestOptions("127.0.0.1", 0, OptionalInt.of(0), 1), gateways,
                kafka, new TelemetryMapper(MetricCatalog.standard(), registry), registry, meters, Clock.systemUTC());
        ingest.start();
        boolean secure = scheme.equals("coaps");
        CoapEndpoint clientEndpoint = secure ? dtlsClient(gateway.name(), psk)
                : CoapEndpoint.builder().setConfiguration(CoapIngest.configuration()).build();
        int port = secure ? ingest.dtlsAddress().getPort() : ingest.plainAddress().orElseThrow().getPort();
        CoapClient client = new CoapClient(scheme + "://127.0.0.1:" + port + "/ioc/v1/16681/gw-01/telemetry");
        client.setEndpoint(clientEndpoint);
        try {
            byte[] pack = "[{\"bn\":\"16681-ENV-0001:\",\"n\":\"noise\",\"u\":\"dBA\",\"v\":50}]".getBytes(UTF_8);
            CompletableFuture<CoapResponse> first = postAsync(client, pack);
            awaitUntil("the first request's reading is sent to Kafka", () -> kafka.history().size() == 1);

            CoapResponse second = client.post(pack, MediaTypeRegistry.APPLICATION_SENML_JSON);

            assertThat(second.getCode()).isEqualTo(ResponseCode.SERVICE_UNAVAILABLE);
            assertThat(second.getOptions().getMaxAge()).isEqualTo(2L);
            assertThat(meters.counter("ioc.ingest.overloaded", "protocol", "coap").count()).isEqualTo(1.0);
            assertThat(first).as("no answer before Kafka has the reading").isNotDone();
            assertThat(meters.counter("ioc.ingest.coap.requests", "transport", scheme).count()).isEqualTo(2.0);

            assertThat(kafka.completeNext()).isTrue();
            assertThat(first.get(30, TimeUnit.SECONDS).getCode()).isEqualTo(ResponseCode.CHANGED);
        } finally {
            client.shutdown();
            clientEndpoint.destroy();
            ingest.close();
        }
    }

    @Test
    void aRequestWithoutDeadLettersIsChanged() {
        assertThat(CoapIngest.answer(new Outcome(2, List.of())))
                .isEqualTo(new CoapIngest.Answer(ResponseCode.CHANGED, null));
    }

    @Test
    void refusedInputIsABadRequestThatNamesEachReason() {
        Outcome outcome = new Outcome(1, List.of(
                new Rejection("UNKNOWN_METRIC", "record 1 ('d:pm25'): metric 'pm25' is not in the metric catalogue"),
                new Rejection("UNIT_MISMATCH", "record 3 ('d:temperature'): wrong unit")));

        assertThat(CoapIngest.answer(outcome)).isEqualTo(new CoapIngest.Answer(ResponseCode.BAD_REQUEST,
                "UNKNOWN_METRIC: record 1 ('d:pm25'): metric 'pm25' is not in the metric catalogue; "
                        + "UNIT_MISMATCH: record 3 ('d:temperature'): wrong unit"));
    }

    @Test
    void recordsKafkaRefusedAreTheIngestsFailureNotTheGateways() {
        Outcome outcome = new Outcome(0, List.of(new Rejection("KAFKA_REJECTED", "Kafka refused 1 record(s)")));

        assertThat(CoapIngest.answer(outcome).code()).isEqualTo(ResponseCode.INTERNAL_SERVER_ERROR);
    }

    @Test
    void aLongDiagnosticIsCutTo512Characters() {
        Outcome outcome = new Outcome(0, List.of(new Rejection("MALFORMED_SENML", "x".repeat(600))));

        String diagnostic = CoapIngest.answer(outcome).diagnostic();

        assertThat(diagnostic).hasSize(512).startsWith("MALFORMED_SENML: xxx").endsWith("x...");
    }

    /** A CoAP client endpoint over DTLS that proves it is {@code identity} with {@code psk}'s ASCII bytes. */
    private static CoapEndpoint dtlsClient(String identity, String psk) {
        Configuration config = CoapIngest.configuration();
        DtlsConnectorConfig dtls = DtlsConnectorConfig.builder(config)
                .set(DtlsConfig.DTLS_ROLE, DtlsConfig.DtlsRole.CLIENT_ONLY)
                .setAdvancedPskStore(new AdvancedSinglePskStore(identity, psk.getBytes(US_ASCII)))
                .build();
        return CoapEndpoint.builder().setConfiguration(config).setConnector(new DTLSConnector(dtls)).build();
    }

    private static CompletableFuture<CoapResponse> postAsync(CoapClient client, byte[] payload) {
        CompletableFuture<CoapResponse> response = new CompletableFuture<>();
        client.post(new CoapHandler() {
            @Override
            public void onLoad(CoapResponse answer) {
                response.complete(answer);
            }

            @Override
            public void onError() {
                response.completeExceptionally(new AssertionError("no answer"));
            }
        }, payload, MediaTypeRegistry.APPLICATION_SENML_JSON);
        return response;
    }

    private static void awaitUntil(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out waiting until %s", what).isLessThan(deadline);
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }
}
