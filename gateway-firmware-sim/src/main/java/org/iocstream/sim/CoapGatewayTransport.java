package org.iocstream.sim;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.core.coap.MessageObserverAdapter;
import org.eclipse.californium.core.coap.Request;
import org.eclipse.californium.core.coap.Response;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.eclipse.californium.elements.util.ExecutorsUtil;
import org.eclipse.californium.elements.util.NamedThreadFactory;
import org.eclipse.californium.scandium.DTLSConnector;
import org.eclipse.californium.scandium.config.DtlsConfig;
import org.eclipse.californium.scandium.config.DtlsConfig.DtlsRole;
import org.eclipse.californium.scandium.config.DtlsConnectorConfig;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedSinglePskStore;

/**
 * Simulated gateways as CoAP clients of the CoAP ingest: {@code POST /ioc/v1/{commune}/{gateway}/devices} on
 * {@link #open} and {@link #restore}, {@code POST .../telemetry} on {@link #send}, each gateway with its own
 * {@link CoapGatewayOptions} (CON or NON, SenML JSON or CBOR).
 *
 * <p>To a {@code coaps://} ingest each gateway posts over DTLS 1.2 with its own PSK identity (its
 * {@link Gateway#identity()}) and key from {@link GatewaySecrets}, and so has an endpoint of its own: a Scandium
 * client connector holds one identity. Its socket has one receiver thread; the handshakes, records and CoAP
 * exchanges of all gateways run on two shared executors, so a province of a few hundred gateways costs a few
 * hundred idle receiver threads and sockets, not a thread pool each.
 *
 * <p>To a plain {@code coap://} ingest every {@value #GATEWAYS_PER_ENDPOINT} gateways share one endpoint (one UDP
 * socket, a receiver thread), since there the platform tells gateways apart by the request path. One source
 * address has 65536 message ids for CoAP's EXCHANGE_LIFETIME (247 s), about 265 requests a second, block-wise
 * blocks included; sharing it among a few gateways keeps a province at a few times real time well below that.
 *
 * <p>CoAP has no session, so there is no status resource and no Last Will: {@link #cutOff} only makes the gateway's
 * sends fail at once and cancels its requests in flight, until {@link #restore}.
 */
public final class CoapGatewayTransport implements GatewayTransport {

    /**
     * One request at a time per gateway, RFC 7252's NSTART of 1. It also matters here: Californium runs one
     * block-wise transfer per URI and cancels the older one, so two large packs of a gateway (a resend, or the
     * next minute's) in flight at once would cancel each other.
     */
    static final int MAX_IN_FLIGHT_PER_GATEWAY = 1;
    /** How long to wait for a free in-flight slot, or for the device lists and the requests in flight. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
    /** Gateways per UDP source address: each address has its own 65536 message ids. */
    static final int GATEWAYS_PER_ENDPOINT = 8;

    private final URI ingest;
    private final boolean secure;
    private final Function<Gateway, CoapGatewayOptions> options;
    private final GatewaySecrets secrets;
    private final Configuration config;
    private final ScheduledExecutorService protocolExecutor;
    private final ScheduledExecutorService timerExecutor;
    private final List<CoapEndpoint> endpoints = new ArrayList<>();
    private final Map<String, GatewayState> gateways = new ConcurrentHashMap<>();

    /**
     * @param ingest the CoAP ingest: {@code coaps://127.0.0.1:5684}, where every gateway needs a PSK in
     *     {@code secrets}, or {@code coap://127.0.0.1:5683} on a closed network, where no secret is used
     * @param options each gateway's CON/NON and JSON/CBOR choice
     */
    public CoapGatewayTransport(URI ingest, Function<Gateway, CoapGatewayOptions> options, GatewaySecrets secrets) {
        this.ingest = Objects.requireNonNull(ingest, "ingest");
        this.options = Objects.requireNonNull(options, "options");
        this.secrets = Objects.requireNonNull(secrets, "secrets");
        this.secure = switch (String.valueOf(ingest.getScheme())) {
            case "coaps" -> true;
            case "coap" -> false;
            default -> throw new IllegalArgumentException("the CoAP ingest is coap://host:port or "
                    + "coaps://host:port, got " + ingest);
        };
        // built here, not read from a Californium3.properties that Californium would write into the working directory
        this.config = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS, DtlsConfig.DEFINITIONS);
        // the handshakes and records of every gateway's DTLS connector run here, not on threads of their own
        config.set(DtlsConfig.DTLS_RECEIVER_THREAD_COUNT, 1);
        this.protocolExecutor = ExecutorsUtil.newScheduledThreadPool(2, new NamedThreadFactory("ioc-sim-coap#"));
        this.timerExecutor = ExecutorsUtil.newDefaultSecondaryScheduler("ioc-sim-coap-timer#");
    }

    /** The endpoint of the next gateway to open: its own over DTLS, a new shared one every few gateways otherwise. */
    private synchronized CoapEndpoint nextEndpoint(Gateway gateway) throws IOException {
        if (secure) {
            return started(CoapEndpoint.builder().setConfiguration(config).setConnector(dtlsConnector(gateway)));
        }
        if (gateways.size() % GATEWAYS_PER_ENDPOINT == 0) {
            started(CoapEndpoint.builder().setConfiguration(config).setInetSocketAddress(new InetSocketAddress(0)));
        }
        return endpoints.get(endpoints.size() - 1);
    }

    private DTLSConnector dtlsConnector(Gateway gateway) {
        String psk = secrets.of(gateway).map(GatewaySecrets.Secret::coapPsk).orElseThrow(() ->
                new IllegalArgumentException("gateway " + gateway.identity() + " has no CoAP PSK for " + ingest
                        + ": issue it credentials, or post to a plain coap:// ingest"));
        DTLSConnector connector = new DTLSConnector(DtlsConnectorConfig.builder(config)
                .setAddress(new InetSocketAddress(0))
                .set(DtlsConfig.DTLS_ROLE, DtlsRole.CLIENT_ONLY)
                .setAdvancedPskStore(new AdvancedSinglePskStore(gateway.identity(),
                        psk.getBytes(StandardCharsets.US_ASCII)))
                .build());
        // a scheduled executor also serves as the connector's timer, so the connector starts no thread but its receiver
        connector.setExecutor(protocolExecutor);
        return connector;
    }

    private CoapEndpoint started(CoapEndpoint.Builder builder) throws IOException {
        CoapEndpoint endpoint = builder.build();
        endpoint.setExecutors(protocolExecutor, timerExecutor);
        endpoint.start();
        endpoints.add(endpoint);
        return endpoint;
    }

    @Override
    public void open(List<Gateway> toOpen) throws IOException, InterruptedException {
        List<CompletableFuture<Void>> announcements = new ArrayList<>();
        for (Gateway gateway : toOpen) {
            GatewayState state = new GatewayState(gateway, options.apply(gateway), nextEndpoint(gateway));
            if (gateways.putIfAbsent(gateway.identity(), state) != null) {
                throw new IllegalStateException("gateway " + gateway.identity() + " is open already");
            }
            announcements.add(announce(state));
        }
        awaitAll(announcements, "device list");
    }

    @Override
    public CompletionStage<Void> send(TelemetryMessage message) throws InterruptedException {
        GatewayState state = state(message.gateway());
        if (state.cutOff) {
            return CompletableFuture.failedFuture(new IOException("gateway " + state.gateway.identity()
                    + " is cut off"));
        }
        if (!state.inFlight.tryAcquire(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            return CompletableFuture.failedFuture(new IOException("gateway " + state.gateway.identity() + " has "
                    + MAX_IN_FLIGHT_PER_GATEWAY + " requests unanswered for " + ACK_TIMEOUT));
        }
        byte[] payload;
        int contentFormat;
        if (message.isRaw()) {
            payload = message.rawPayload(); // a malformed-payload fault claims to be SenML JSON
            contentFormat = MediaTypeRegistry.APPLICATION_SENML_JSON;
        } else if (state.options.cbor()) {
            payload = SenmlCborEncoder.encode(message.readings());
            contentFormat = MediaTypeRegistry.APPLICATION_SENML_CBOR;
        } else {
            payload = SenmlEncoder.encode(message.readings()).getBytes(StandardCharsets.UTF_8);
            contentFormat = MediaTypeRegistry.APPLICATION_SENML_JSON;
        }
        return post(state, state.gateway.telemetryTopic(), contentFormat, payload, state.options.confirmable());
    }

    @Override
    public void cutOff(Gateway gateway) {
        GatewayState state = state(gateway);
        state.cutOff = true;
        // as a power cut loses them: no answer will be heard for the requests in flight
        state.requests.forEach(Request::cancel);
    }

    @Override
    public void restore(Gateway gateway) throws IOException, InterruptedException {
        GatewayState state = state(gateway);
        state.cutOff = false;
        awaitAll(List.of(announce(state)), "device list");
    }

    /** Waits for the requests in flight (up to 30 s per gateway), then closes the endpoint. */
    @Override
    public void close() throws InterruptedException {
        try {
            for (GatewayState state : gateways.values()) {
                long waitMillis = ACK_TIMEOUT.toMillis();
                if (state.inFlight.tryAcquire(MAX_IN_FLIGHT_PER_GATEWAY, waitMillis, TimeUnit.MILLISECONDS)) {
                    state.inFlight.release(MAX_IN_FLIGHT_PER_GATEWAY);
                }
            }
        } finally {
            endpoints.forEach(CoapEndpoint::destroy);
            ExecutorsUtil.shutdownExecutorGracefully(1000, protocolExecutor, timerExecutor);
        }
    }

    /** The device list, always confirmable: firmware must know the platform has it before telemetry counts. */
    private CompletableFuture<Void> announce(GatewayState state) throws InterruptedException {
        if (!state.inFlight.tryAcquire(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            return CompletableFuture.failedFuture(new IOException("gateway " + state.gateway.identity()
                    + " has no free slot for its device list"));
        }
        byte[] devices = DeviceListEncoder.encode(state.gateway.devices()).getBytes(StandardCharsets.UTF_8);
        return post(state, state.gateway.devicesTopic(), MediaTypeRegistry.APPLICATION_JSON, devices, true);
    }

    /**
     * Sends a POST that holds one of the gateway's in-flight slots until it is settled: by a response (CON), by
     * being sent (NON), or by failing.
     */
    private CompletableFuture<Void> post(GatewayState state, String path, int contentFormat, byte[] payload,
            boolean confirmable) {
        CompletableFuture<Void> settled = new CompletableFuture<>();
        Request request = Request.newPost();
        request.setConfirmable(confirmable);
        request.setURI(ingest.resolve("/" + path));
        request.getOptions().setContentFormat(contentFormat);
        request.setPayload(payload);
        String what = "POST /" + path + " of gateway " + state.gateway.identity();
        request.addMessageObserver(new MessageObserverAdapter() {
            private final AtomicBoolean done = new AtomicBoolean();

            private void settle(Throwable failure) {
                if (!done.compareAndSet(false, true)) {
                    return; // e.g. the late timeout of a NON request, settled when it was sent
                }
                state.requests.remove(request);
                state.inFlight.release();
                if (failure == null) {
                    settled.complete(null);
                } else {
                    settled.completeExceptionally(failure);
                }
            }

            @Override
            public void onSent(boolean retransmission) {
                if (!confirmable) {
                    settle(null);
                }
            }

            @Override
            public void onResponse(Response response) {
                settle(response.isSuccess() ? null : new IOException(what + " answered " + response.getCode()
                        + (response.getPayloadSize() > 0 ? ": " + response.getPayloadString() : "")));
            }

            @Override
            public void onTimeout() {
                settle(new IOException(what + ": no answer"));
            }

            @Override
            public void onCancel() {
                settle(new IOException(what + ": cancelled, the gateway was cut off or closed"));
            }

            @Override
            public void onReject() {
                settle(new IOException(what + ": rejected with a RST"));
            }

            @Override
            protected void failed() {
                // the remaining failures (send error, response handling error) without an event of their own
                settle(new IOException(what + ": failed"));
            }

            @Override
            public void onSendError(Throwable error) {
                settle(new IOException(what + ": could not be sent", error));
            }
        });
        state.requests.add(request);
        state.endpoint.sendRequest(request);
        return settled;
    }

    private static void awaitAll(List<CompletableFuture<Void>> requests, String what)
            throws IOException, InterruptedException {
        try {
            CompletableFuture.allOf(requests.toArray(CompletableFuture[]::new))
                    .get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("a " + what + " was not acknowledged", e.getCause());
        } catch (TimeoutException e) {
            throw new IOException("a " + what + " was not acknowledged within " + ACK_TIMEOUT, e);
        }
    }

    private GatewayState state(Gateway gateway) {
        GatewayState state = gateways.get(gateway.identity());
        if (state == null) {
            throw new IllegalStateException("gateway " + gateway.identity() + " is not open");
        }
        return state;
    }

    /** One gateway: its options, endpoint, send window, requests awaiting an answer and whether it is cut off. */
    private static final class GatewayState {
        final Gateway gateway;
        final CoapGatewayOptions options;
        final Semaphore inFlight = new Semaphore(MAX_IN_FLIGHT_PER_GATEWAY);
        final Set<Request> requests = ConcurrentHashMap.newKeySet();
        final CoapEndpoint endpoint;
        volatile boolean cutOff;

        GatewayState(Gateway gateway, CoapGatewayOptions options, CoapEndpoint endpoint) {
            this.gateway = gateway;
            this.options = options;
            this.endpoint = endpoint;
        }
    }
}
