package org.iocstream.connectors.coap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.security.Principal;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.Producer;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.Code;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
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
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.iocstream.connectors.gateway.GatewayIdentity;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.connectors.ingest.GatewayTopic;
import org.iocstream.connectors.ingest.KafkaForwarder;
import org.iocstream.connectors.ingest.MessageTranslator;
import org.iocstream.connectors.ingest.Rejection;
import org.iocstream.connectors.ingest.TelemetryMapper;
import org.iocstream.connectors.senml.SenmlCborParser;
import org.iocstream.connectors.senml.SenmlDecoder;
import org.iocstream.connectors.senml.SenmlParser;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves gateway messages that arrive over CoAP into Kafka, exactly as {@code MqttIngest} does for MQTT:
 * {@code POST /ioc/v1/{commune}/{gateway}/telemetry} (SenML JSON, Content-Format 110, or SenML CBOR, 112) and
 * {@code POST /ioc/v1/{commune}/{gateway}/devices} (the JSON device list).
 *
 * <p>Gateways post over DTLS 1.2 with a pre-shared key ({@code coaps://}, port 5684 by default), each with its own
 * PSK identity {@code {commune}/{gateway}} and key from the {@link GatewayRegistry}. The identity must name the
 * commune and gateway of the path: a request for another gateway is answered 4.03 Forbidden once its
 * IDENTITY_MISMATCH dead letter is in Kafka, and one from a gateway revoked since its handshake 4.01 Unauthorized.
 * Plain CoAP ({@code coap://}), where the path alone names the gateway, is served only when the options give it a
 * port, for closed networks.
 *
 * <p>A confirmable request is accepted at once (empty ACK) and answered only once Kafka has acknowledged every
 * record made from it: 2.04 Changed, or 4.00 Bad Request with the dead letters' reasons as diagnostic payload when
 * some of it was refused (the accepted readings of the pack are in Kafka all the same). A gateway that hears no
 * answer sends again; the telemetry job drops the duplicate readings. Non-confirmable requests are forwarded the
 * same way and never answered. Large packs arrive in Block1 transfers, reassembled by Californium.
 *
 * <p>Close the Kafka producer after this ingest: {@link #close()} waits for the requests in flight to reach Kafka.
 */
public final class CoapIngest implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(CoapIngest.class);
    static final String PROTOCOL = "coap";
    /** The {@code transport} tag of {@code ioc.ingest.coap.requests}: plain CoAP or CoAP over DTLS. */
    static final String PLAIN = "coap";
    static final String SECURE = "coaps";
    /** The Max-Age of a 5.03: how many seconds a gateway should wait before it sends again. */
    static final int RETRY_AFTER_SECONDS = 2;
    /** A diagnostic payload is for a person; it should fit in one datagram rather than start a Block2 transfer. */
    static final int DIAGNOSTIC_LIMIT = 512;
    private static final Duration CLOSE_WAIT = Duration.ofSeconds(30);

    private final MeterRegistry meters;
    private final Semaphore inFlightPermits;
    private final Counter overloaded;
    private final Counter plainRequests;
    private final Counter secureRequests;
    private final SenmlParser json = new SenmlParser();
    private final SenmlCborParser cbor = new SenmlCborParser();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "coap-ingest-retry");
        thread.setDaemon(true);
        return thread;
    });
    private final KafkaForwarder forwarder;
    private final GatewayRegistry gateways;
    private final CoapServer server;
    private final CoapEndpoint dtlsEndpoint;
    private final Optional<CoapEndpoint> plainEndpoint;

    /**
     * @param gateways whose PSKs the DTLS endpoint accepts, looked up at each handshake and request
     */
    public CoapIngest(CoapIngestOptions options, GatewayRegistry gateways, Producer<byte[], byte[]> producer,
            TelemetryMapper mapper, DeviceRegistry registry, MeterRegistry meters, Clock clock) {
        this.meters = meters;
        this.gateways = gateways;
        this.inFlightPermits = new Semaphore(options.maxInFlight());
        this.overloaded = meters.counter("ioc.ingest.overloaded", "protocol", PROTOCOL);
        this.plainRequests = meters.counter("ioc.ingest.coap.requests", "transport", PLAIN);
        this.secureRequests = meters.counter("ioc.ingest.coap.requests", "transport", SECURE);
        // the ingest has no identity of its own here; refusals over DTLS name the PSK identity instead
        MessageTranslator translator = new MessageTranslator(mapper, registry, PROTOCOL, null, meters);
        this.forwarder = new KafkaForwarder(producer, translator, retries, meters, clock);
        Configuration config = configuration();
        DtlsMetrics dtlsMetrics = new DtlsMetrics(meters);
        DTLSConnector dtls = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(options.bindAddress(), options.dtlsPort()))
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.SERVER_ONLY)
                .setAdvancedPskStore(new RegistryPskStore(gateways))
                .setHealthHandler(dtlsMetrics)
                .build());
        dtls.setAlertHandler(dtlsMetrics);
        this.dtlsEndpoint = CoapEndpoint.builder().setConfiguration(config).setConnector(dtls).build();
        this.plainEndpoint = options.plainPort().isPresent()
                ? Optional.of(CoapEndpoint.builder().setConfiguration(config).setInetSocketAddress(
                        new InetSocketAddress(options.bindAddress(), options.plainPort().getAsInt())).build())
                : Optional.empty();
        this.server = new CoapServer(config);
        server.addEndpoint(dtlsEndpoint);
        plainEndpoint.ifPresent(server::addEndpoint);
        server.add(new GatewayResource());
    }

    /**
     * The Californium settings, built here rather than read from a {@code Californium3.properties} that
     * Californium would otherwise write into the working directory.
     */
    static Configuration configuration() {
        Configuration config = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS,
                DtlsConfig.DEFINITIONS);
        // Block1 reassembly limit (default 8 KiB): as large as the SenML parsers accept, so that a big pack gets
        // the parser's PAYLOAD_TOO_LARGE dead letter rather than a bare 4.13
        config.set(CoapConfig.MAX_RESOURCE_BODY_SIZE, SenmlParser.DEFAULT_MAX_PAYLOAD_BYTES);
        return config;
    }

    /** Binds the UDP sockets and starts answering. */
    public void start() {
        server.start();
        LOG.info("CoAP ingest listening on coaps://{}:{}{}", dtlsAddress().getHostString(), dtlsAddress().getPort(),
                plainAddress().map(plain -> " and, without authentication, on coap://" + plain.getHostString() + ":"
                        + plain.getPort()).orElse(""));
    }

    /** The bound address of the DTLS endpoint; with port 0 in the options, the port actually bound. */
    public InetSocketAddress dtlsAddress() {
        return dtlsEndpoint.getAddress();
    }

    /** The bound address of the plain CoAP endpoint; empty when the options gave it no port. */
    public Optional<InetSocketAddress> plainAddress() {
        return plainEndpoint.map(CoapEndpoint::getAddress);
    }

    /** Requests received and not yet answered. */
    public int inFlight() {
        return forwarder.inFlight();
    }

    /**
     * Stops taking requests (5.03 from then on), waits up to 30 s until every request already taken is in Kafka
     * and answered, then stops the server. Requests still in flight after that stay unanswered, and their gateways
     * send them again.
     */
    @Override
    public void close() {
        forwarder.stopAccepting();
        boolean drained = awaitDrained();
        List<Runnable> cancelled = retries.shutdownNow();
        if (!drained || !cancelled.isEmpty()) {
            LOG.warn("CoAP ingest closing with {} request(s) not yet in Kafka and {} retry task(s) cancelled; their "
                    + "gateways send them again", forwarder.inFlight(), cancelled.size());
        }
        server.destroy();
    }

    private boolean awaitDrained() {
        try {
            return forwarder.awaitIdle(CLOSE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.warn("CoAP ingest interrupted while waiting for its requests to reach Kafka");
            return false;
        }
    }

    /** The answer to a request whose records are all resolved: 2.04, or the refusals it reports. */
    static Answer answer(KafkaForwarder.Outcome outcome) {
        List<Rejection> rejections = outcome.rejections();
        if (rejections.isEmpty()) {
            return new Answer(ResponseCode.CHANGED, null);
        }
        // the ingest's own failures are not the gateway's fault; anything else is a problem of the request
        boolean ours = rejections.stream().anyMatch(r -> r.reasonCode().equals(Rejection.KAFKA_REJECTED)
                || r.reasonCode().equals(Rejection.INGEST_ERROR));
        String reasons = String.join("; ", rejections.stream().map(r -> r.reasonCode() + ": " + r.message()).toList());
        return new Answer(ours ? ResponseCode.INTERNAL_SERVER_ERROR : ResponseCode.BAD_REQUEST, diagnostic(reasons));
    }

    /** Cut to {@link #DIAGNOSTIC_LIMIT} characters. */
    static String diagnostic(String text) {
        return text.length() <= DIAGNOSTIC_LIMIT ? text : text.substring(0, DIAGNOSTIC_LIMIT - 3) + "...";
    }

    /** A response code and its diagnostic payload, null for none. */
    record Answer(ResponseCode code, String diagnostic) {
    }

    /**
     * The whole {@code /ioc} tree as one resource: it swallows every path segment, then checks the full path,
     * the method and the Content-Format itself.
     */
    private final class GatewayResource extends CoapResource {

        GatewayResource() {
            super("ioc");
        }

        @Override
        public Resource getChild(String segment) {
            return this;
        }

        @Override
        public void handleRequest(Exchange advanced) {
            CoapExchange exchange = new CoapExchange(advanced, this);
            boolean secure = advanced.getEndpoint() == dtlsEndpoint;
            (secure ? secureRequests : plainRequests).increment();
            String path = String.join("/", exchange.getRequestOptions().getUriPath());
            Optional<GatewayTopic> address = GatewayTopic.parse(path);
            if (address.isEmpty() || address.get().channel() == GatewayTopic.Channel.STATUS) {
                respond(exchange, new Answer(ResponseCode.NOT_FOUND, "no resource /" + diagnostic(path)
                        + "; gateways POST to /ioc/v1/{5-digit commune}/{gateway}/telemetry or .../devices"));
                return;
            }
            if (exchange.getRequestCode() != Code.POST) {
                respond(exchange, new Answer(ResponseCode.METHOD_NOT_ALLOWED, "only POST"));
                return;
            }
            if (secure && !authorized(exchange, path, address.get())) {
                return;
            }
            GatewayTopic.Channel channel = address.get().channel();
            Optional<SenmlDecoder> senml = decoder(channel, exchange.getRequestOptions().getContentFormat());
            if (senml.isEmpty()) {
                respond(exchange, new Answer(ResponseCode.UNSUPPORTED_CONTENT_FORMAT,
                        channel == GatewayTopic.Channel.TELEMETRY
                                ? "telemetry is SenML: Content-Format 110 (JSON) or 112 (CBOR)"
                                : "a device list is JSON: Content-Format 50, or none"));
                return;
            }
            admit(exchange, listener -> forwarder.forward(path, senml.get(), exchange.getRequestPayload(), false,
                    listener),
                    CoapIngest::answer);
        }

        /**
         * Whether the request's DTLS identity may post to this path; if not, the request is answered here (4.01), or
         * once its dead letter is in Kafka (4.03).
         */
        private boolean authorized(CoapExchange exchange, String path, GatewayTopic address) {
            Principal peer = exchange.advanced().getRequest().getSourceContext().getPeerIdentity();
            if (!(peer instanceof PreSharedKeyIdentity psk)) {
                respond(exchange, new Answer(ResponseCode.UNAUTHORIZED, "no DTLS PSK identity"));
                return false;
            }
            String identity = psk.getIdentity();
            if (gateways.coapPsk(identity).isEmpty()) {
                // the handshake was made before the revocation, and Scandium keeps the session
                respond(exchange, new Answer(ResponseCode.UNAUTHORIZED, "the credentials of " + diagnostic(identity)
                        + " were revoked"));
                return false;
            }
            String owner = new GatewayIdentity(address.commune(), address.gateway()).name();
            if (identity.equals(owner)) {
                return true;
            }
            Rejection mismatch = new Rejection(Rejection.IDENTITY_MISMATCH, "DTLS identity " + identity
                    + " may not post for gateway " + owner);
            Answer forbidden = new Answer(ResponseCode.FORBIDDEN,
                    diagnostic(mismatch.reasonCode() + ": " + mismatch.message()));
            admit(exchange, listener -> forwarder.refuse(path, mismatch, identity, exchange.getRequestPayload(),
                    listener), outcome -> forbidden);
            return false;
        }

        /**
         * The parser for the request's Content-Format. A device list is always JSON and the translator does not
         * read its parser; it gets the JSON one all the same.
         */
        private Optional<SenmlDecoder> decoder(GatewayTopic.Channel channel, int contentFormat) {
            if (channel == GatewayTopic.Channel.DEVICES) {
                boolean isJson = contentFormat == MediaTypeRegistry.APPLICATION_JSON
                        || contentFormat == MediaTypeRegistry.UNDEFINED;
                return isJson ? Optional.of(json) : Optional.empty();
            }
            return switch (contentFormat) {
                case MediaTypeRegistry.APPLICATION_SENML_JSON -> Optional.of(json);
                case MediaTypeRegistry.APPLICATION_SENML_CBOR -> Optional.of(cbor);
                default -> Optional.empty();
            };
        }

        /**
         * Hands the request to the forwarder within the in-flight bound, and answers once its records are resolved.
         *
         * @param handOver {@link KafkaForwarder#forward} or {@link KafkaForwarder#refuse}: false when closing
         * @param answer the answer to the resolved request
         */
        private void admit(CoapExchange exchange, Predicate<KafkaForwarder.Listener> handOver,
                Function<KafkaForwarder.Outcome, Answer> answer) {
            if (!inFlightPermits.tryAcquire()) {
                overloaded.increment();
                unavailable(exchange);
                return;
            }
            // the empty ACK stops the gateway's retransmissions while Kafka works; the answer follows separately
            exchange.accept();
            boolean taken = handOver.test(new KafkaForwarder.Listener() {
                @Override
                public boolean forwarded(KafkaForwarder.Outcome outcome) {
                    inFlightPermits.release();
                    respond(exchange, answer.apply(outcome));
                    return true;
                }

                @Override
                public void abandoned() {
                    inFlightPermits.release();
                    unavailable(exchange);
                }
            });
            if (!taken) {
                inFlightPermits.release();
                unavailable(exchange); // closing
            }
        }

        /** A 5.03 with Max-Age: send again later. A NON request is dropped unanswered. */
        private void unavailable(CoapExchange exchange) {
            if (exchange.advanced().getRequest().isConfirmable()) {
                count(ResponseCode.SERVICE_UNAVAILABLE);
                exchange.respondOverload(RETRY_AFTER_SECONDS);
            }
        }

        private void respond(CoapExchange exchange, Answer answer) {
            if (!exchange.advanced().getRequest().isConfirmable()) {
                return; // NON: forwarded all the same, never answered
            }
            count(answer.code());
            if (answer.diagnostic() == null) {
                exchange.respond(answer.code());
            } else {
                exchange.respond(answer.code(), answer.diagnostic().getBytes(StandardCharsets.UTF_8),
                        MediaTypeRegistry.TEXT_PLAIN);
            }
        }
    }

    /** Responses sent, by code; a handful of codes, so the tag stays bounded. */
    private void count(ResponseCode code) {
        meters.counter("ioc.ingest.responses", "protocol", PROTOCOL, "code",
                code.codeClass + "." + String.format("%02d", code.codeDetail)).increment();
    }
}
