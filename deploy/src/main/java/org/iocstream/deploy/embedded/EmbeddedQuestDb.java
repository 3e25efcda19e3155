package org.iocstream.deploy.embedded;

import io.questdb.Bootstrap;
import io.questdb.DefaultBootstrapConfiguration;
import io.questdb.ServerMain;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.iocstream.connectors.timeseries.QuestDbAdmin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A QuestDB database in this JVM, its root (tables, configuration, web console) under the directory it is given.
 *
 * <p>The HTTP port serves the web console, SQL at {@code /exec} and ILP over HTTP at {@code /write} and
 * {@code /api/v2/write}; the PostgreSQL wire protocol has a port of its own; ILP over TCP is off unless a port is
 * given.
 */
public final class EmbeddedQuestDb implements AutoCloseable {


    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedQuestDb.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration PROBE_INTERVAL = Duration.ofMillis(100);
    // the whole stack shares a 2-core host; one thread in each of QuestDB's network, query and write pools
    private static final int SHARED_WORKER_COUNT = 1;
    // QuestDB reads its log configuration once per JVM, from the root of the first instance started
    private static final String LOG_CONFIGURATION = "writers=slf4j\n"
            + "w.slf4j.class=" + QuestDbLogWriter.class.getName() + "\n"
            + "w.slf4j.level=INFO,ERROR,CRITICAL,ADVISORY\n";

    private final String host;
    private final List<Integer> ports;
    private final int httpPort;
    private final ServiceThreads threads;
    private final ServerMain server;
    private boolean closed;

    private EmbeddedQuestDb(String host, int httpPort, List<Integer> ports, ServiceThreads threads,
            ServerMain server) {
        this.host = host;
        this.httpPort = httpPort;
        this.ports = ports;
        this.threads = threads;
        this.server = server;
    }

    /**
     * Starts QuestDB and returns once {@code /exec} answers a query.
     *
     * @param ilpTcpPort the port of ILP over TCP, or empty to leave it off
     */
    public static EmbeddedQuestDb start(Path dataDir, String host, int httpPort, int pgWirePort,
            OptionalInt ilpTcpPort) {
        long startedAt = System.nanoTime();
        Path root = dataDir.toAbsolutePath();
        writeLogConfiguration(root);
        Map<String, String> settings = settings(host, httpPort, pgWirePort, ilpTcpPort);
        List<Integer> ports = new ArrayList<>(List.of(httpPort, pgWirePort));
        ilpTcpPort.ifPresent(ports::add);

        ServiceThreads threads = new ServiceThreads("questdb");
        ServerMain server = threads.call("startup", () -> {
            ServerMain serverMain = new ServerMain(new Bootstrap(new SettingsOnly(settings),
                    // -n: leave SIGHUP alone, it belongs to the process, not to QuestDB
                    "-d", root.toString(), "-n"));
            try {
                serverMain.start();
                return serverMain;
            } catch (RuntimeException | Error e) {
                serverMain.close();
                throw e;
            }
        });
        EmbeddedQuestDb questDb = new EmbeddedQuestDb(host, httpPort, List.copyOf(ports), threads, server);
        try {
            questDb.awaitQueryAnswered();
        } catch (RuntimeException e) {
            questDb.close();
            throw e;
        }
        LOG.info("QuestDB {} started in {} ms (PostgreSQL wire port {}, data {})", questDb.httpUrl(),
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis(), pgWirePort, root);
        return questDb;
    }

    /** The base URL of the HTTP endpoints, {@code http://host:port}. */
    public String httpUrl() {
        return "http://" + host + ":" + httpPort;
    }

    /** Stops QuestDB; returns once its ports are released and its non-daemon threads have ended. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Duration took = threads.shutdown("QuestDB", host, ports, SHUTDOWN_TIMEOUT, server::close);
        LOG.info("QuestDB {} stopped in {} ms", httpUrl(), took.toMillis());
    }

    private void awaitQueryAnswered() {
        QuestDbAdmin admin = new QuestDbAdmin(httpUrl());
        Instant deadline = Instant.now().plus(STARTUP_TIMEOUT);
        String lastProblem = "no answer";
        while (Instant.now().isBefore(deadline)) {
            try {
                admin.exec("select 1");
                return;
            } catch (IllegalStateException e) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new EmbeddedServiceException("interrupted while waiting for QuestDB", e);
                }
                lastProblem = e.getMessage();
            }
            Pause.briefly(PROBE_INTERVAL);
        }
        throw new EmbeddedServiceException("QuestDB " + httpUrl() + " does not answer /exec: " + lastProblem);
    }

    /** QuestDB's settings, as the environment variables (QDB_...) that take precedence over its server.conf. */
    private static Map<String, String> settings(String host, int httpPort, int pgWirePort, OptionalInt ilpTcpPort) {
        Map<String, String> settings = new HashMap<>();
        // a misspelt or unknown key must stop the start, not be ignored
        settings.put("config.validation.strict", "true");
        // the configuration is fixed by this class; QuestDB need not watch server.conf for changes
        settings.put("config.reload.enabled", "false");
        settings.put("http.net.bind.to", host + ":" + httpPort);
        settings.put("pg.net.bind.to", host + ":" + pgWirePort);
        settings.put("line.tcp.enabled", String.valueOf(ilpTcpPort.isPresent()));
        ilpTcpPort.ifPresent(port -> settings.put("line.tcp.net.bind.to", host + ":" + port));
        settings.put("line.udp.enabled", "false");
        // the minimal HTTP server (health, metrics) would take port 9003, which the stack does not use
        settings.put("http.min.enabled", "false");
        settings.put("telemetry.enabled", "false");
        settings.put("telemetry.disable.completely", "true");
        settings.put("shared.worker.count", String.valueOf(SHARED_WORKER_COUNT));
        // the dedicated pools default to one thread per core: one thread applies the WAL (all writes go through
        // it), materialized views (not used by the stack) are refreshed by the shared write pool (0)
        settings.put("wal.apply.worker.count", "1");
        settings.put("mat.view.refresh.worker.count", "0");
        Map<String, String> environment = new HashMap<>();
        settings.forEach((key, value) -> environment.put(ServerMain.propertyPathToEnvVarName(key), value));
        return environment;
    }

    private static void writeLogConfiguration(Path root) {
        Path logConfiguration = root.resolve("conf").resolve("log.conf");
        try {
            Files.createDirectories(logConfiguration.getParent());
            Files.writeString(logConfiguration, LOG_CONFIGURATION, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EmbeddedServiceException("cannot write " + logConfiguration, e);
        }
    }

    /**
     * QuestDB's default bootstrap, but its environment is our settings only: the process environment (QDB_...)
     * must not change an embedded database behind the launcher's back.
     */
    private static final class SettingsOnly extends DefaultBootstrapConfiguration {
        private final Map<String, String> settings;

        SettingsOnly(Map<String, String> settings) {
            this.settings = Map.copyOf(settings);
        }

        @Override
        public Map<String, String> getEnv() {
            return settings;
        }
    }
}
