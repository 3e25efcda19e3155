package org.iocstream.deploy.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP endpoint of the stack (port 8080 by default). It serves the Prometheus metrics of every component
 * at {@code /metrics}; the wall and the HTTP API of later issues are added here.
 */
public final class HttpApiServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HttpApiServer.class);
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer server;
    private final ExecutorService executor;
    private final String url;

    private HttpApiServer(HttpServer server, ExecutorService executor, String url) {
        this.server = server;
        this.executor = executor;
        this.url = url;
    }

    public static HttpApiServer start(String host, int port, PrometheusMeterRegistry meters) {
        HttpServer server;
        try {
            server = HttpServer.create(new InetSocketAddress(host, port), 0);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + host + ":" + port + " for the HTTP API", e);
        }
        server.createContext("/metrics", exchange -> {
            if (!exchange.getRequestMethod().equals("GET")) {
                respond(exchange, 405, "text/plain", "only GET");
                return;
            }
            respond(exchange, 200, PROMETHEUS_TEXT, meters.scrape());
        });
        // an indicator feed upload holds its thread until Kafka has acknowledged it; a scrape must still get one
        ExecutorService executor = Executors.newFixedThreadPool(4, r -> {
            Thread thread = new Thread(r, "http-api");
            thread.setDaemon(true);
            return thread;
        });
        server.setExecutor(executor);
        server.start();
        String url = "http://" + host + ":" + server.getAddress().getPort();
        LOG.info("HTTP API at {} (Prometheus metrics at /metrics)", url);
        return new HttpApiServer(server, executor, url);
    }

    public String url() {
        return url;
    }

    /** Serves {@code path} and everything below it with the handler, from now on. */
    public void route(String path, HttpHandler handler) {
        server.createContext(path, handler);
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
