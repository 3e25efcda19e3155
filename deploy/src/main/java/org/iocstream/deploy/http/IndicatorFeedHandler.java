package org.iocstream.deploy.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import org.iocstream.connectors.indicators.FeedFormat;
import org.iocstream.connectors.indicators.FeedTokens;
import org.iocstream.connectors.indicators.IndicatorFeedIngest;
import org.iocstream.connectors.indicators.RowRejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/indicators}: a feed source sends a CSV or JSON document of indicator values with its bearer
 * token. The answer comes once the document is decided: 200 with the number of values once Kafka has acknowledged
 * every one; 400 naming every bad row and its reason (and then nothing was published); 401, 405 and 415 before
 * the body is read, 413 for a body over the limit; 503 if Kafka did not acknowledge (send the same document
 * again).
 */
public final class IndicatorFeedHandler implements HttpHandler {

    public static final String PATH = "/api/v1/indicators";
    static final String PROTOCOL = "http";
    private static final Logger LOG = LoggerFactory.getLogger(IndicatorFeedHandler.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How much of a body over the limit is read to be dropped before answering 413. */
    static final long DISCARD_LIMIT = 64L * 1024 * 1024;

    private final FeedTokens tokens;
    private final IndicatorFeedIngest ingest;
    private final long maxBytes;
    private final MeterRegistry meters;

    /** @param maxBytes larger bodies are answered 413 */
    public IndicatorFeedHandler(FeedTokens tokens, IndicatorFeedIngest ingest, long maxBytes, MeterRegistry meters) {
        this.tokens = tokens;
        this.ingest = ingest;
        this.maxBytes = maxBytes;
        this.meters = meters;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            answer(exchange);
        } catch (IOException | RuntimeException e) {
            LOG.error("indicator feed request from {} failed", exchange.getRemoteAddress(), e);
            throw e;
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        if (!exchange.getRequestURI().getPath().equals(PATH)) {
            refuse(exchange, 404, "NOT_FOUND", "no resource here; indicator values go to POST " + PATH);
            return;
        }
        if (!exchange.getRequestMethod().equals("POST")) {
            exchange.getResponseHeaders().set("Allow", "POST");
            refuse(exchange, 405, "METHOD_NOT_ALLOWED", "only POST");
            return;
        }
        Optional<String> source = bearerToken(exchange).flatMap(tokens::authenticate);
        if (source.isEmpty()) {
            exchange.getResponseHeaders().set("WWW-Authenticate", "Bearer realm=\"ioc-stream indicator feeds\"");
            refuse(exchange, 401, "UNAUTHORIZED", "send 'Authorization: Bearer <token>' with the token of a feed "
                    + "source (see the README, Indicator feeds)");
            return;
        }
        String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
        Optional<FeedFormat> format = FeedFormat.ofContentType(contentType);
        if (format.isEmpty()) {
            refuse(exchange, 415, "UNSUPPORTED_MEDIA_TYPE", "Content-Type '" + contentType
                    + "' is not text/csv or application/json (UTF-8)");
            return;
        }
        byte[] body = readAtMost(exchange, maxBytes);
        if (body == null) {
            refuse(exchange, 413, "PAYLOAD_TOO_LARGE", "the body is larger than " + maxBytes
                    + " bytes (indicators.max-body-kib); split the document");
            return;
        }
        IndicatorFeedIngest.Outcome outcome;
        try {
            outcome = ingest.submit(new IndicatorFeedIngest.Submission(source.get(), PROTOCOL, PATH, format.get(),
                    body));
        } catch (IndicatorFeedIngest.PublishException e) {
            exchange.getResponseHeaders().set("Retry-After", "10");
            refuse(exchange, 503, "KAFKA_UNAVAILABLE", "Kafka did not acknowledge every value (" + e.getMessage()
                    + "); some may be in, send the same document again");
            return;
        }
        ObjectNode answer = JSON.createObjectNode().put("source", source.get()).put("accepted", outcome.accepted());
        if (outcome.isAccepted()) {
            respond(exchange, 200, answer);
            return;
        }
        answer.put("message", "nothing of this document was published: fix the rows below and send the whole "
                + "document again");
        ArrayNode rejected = answer.putArray("rejected");
        for (RowRejection rejection : outcome.rejections()) {
            ObjectNode item = rejected.addObject();
            if (rejection.row() > 0) {
                item.put("row", rejection.row()).put("line", rejection.line());
            }
            item.put("reason", rejection.rejection().reasonCode()).put("message", rejection.rejection().message());
        }
        respond(exchange, 400, answer);
    }

    private static Optional<String> bearerToken(HttpExchange exchange) {
        String header = exchange.getRequestHeaders().getFirst("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return Optional.empty();
        }
        return Optional.of(header.substring(7).trim());
    }

    /**
     * The body, or null if it has more than {@code limit} bytes. The rest of a body over the limit is read and
     * dropped, up to {@link #DISCARD_LIMIT} bytes more: a server that closes the connection while the client is
     * still sending makes TCP reset it, and the client loses the 413 it was sent.
     */
    private static byte[] readAtMost(HttpExchange exchange, long limit) throws IOException {
        try (InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, limit + 1));
            if (body.length <= limit) {
                return body;
            }
            byte[] buffer = new byte[64 * 1024];
            long discarded = 0;
            for (int n = in.read(buffer); n != -1 && discarded < DISCARD_LIMIT; n = in.read(buffer)) {
                discarded += n;
            }
            return null;
        }
    }

    private void refuse(HttpExchange exchange, int status, String error, String message) throws IOException {
        meters.counter("ioc.indicators.http.refused", "reason", error).increment();
        respond(exchange, status, JSON.createObjectNode().put("error", error).put("message", message));
    }

    private static void respond(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(body);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
