package org.iocstream.deploy.embedded;

import com.hivemq.embedded.EmbeddedHiveMQ;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** An MQTT broker (HiveMQ CE) in this JVM: one TCP listener, sessions and queued messages kept on disk. */
public final class EmbeddedHiveMq implements AutoCloseable {

    /** Messages queued per client (and per shared-subscription group) before the broker discards new ones. */
    private static final long MAX_QUEUED_MESSAGES = 10_000_000L;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedHiveMq.class);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);

    private final String host;
    private final int port;
    private final ServiceThreads threads;
    private final EmbeddedHiveMQ broker;
    private boolean closed;

    private EmbeddedHiveMq(String host, int port, ServiceThreads threads, EmbeddedHiveMQ broker) {
        this.host = host;
        this.port = port;
        this.threads = threads;
        this.broker = broker;
    }

    /** Starts a broker listening on host:port and returns once it accepts connections. */
    public static EmbeddedHiveMq start(Path dataDir, String host, int port) {
        long startedAt = System.nanoTime();
        Path root = dataDir.toAbsolutePath();
        Path configFolder = root.resolve("conf");
        Path dataFolder = root.resolve("data");
        Path extensionsFolder = root.resolve("extensions");
        writeConfiguration(configFolder, host, port);
        createDirectories(dataFolder, extensionsFolder);

        ServiceThreads threads = new ServiceThreads("hivemq");
        // HiveMQ replaces the JVM-wide uncaught-exception handler with one that may call System.exit: this process
        // hosts more than HiveMQ, so the handler in place before is put back once HiveMQ has installed its own
        Thread.UncaughtExceptionHandler previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        EmbeddedHiveMQ broker;
        try {
            broker = threads.call("startup", () -> startBroker(configFolder, dataFolder, extensionsFolder));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previousHandler);
        }
        EmbeddedHiveMq hiveMq = new EmbeddedHiveMq(host, port, threads, broker);
        LOG.info("HiveMQ {} started in {} ms (data {})", hiveMq.brokerUrl(),
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis(), root);
        return hiveMq;
    }

    /** The server URI for MQTT clients, {@code tcp://host:port}. */
    public String brokerUrl() {
        return "tcp://" + host + ":" + port;
    }

    /** Stops the broker; returns once its port is released and its non-daemon threads have ended. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Duration took = threads.shutdown("HiveMQ", host, List.of(port), SHUTDOWN_TIMEOUT, broker::close);
        LOG.info("HiveMQ {} stopped in {} ms", brokerUrl(), took.toMillis());
    }

    private static EmbeddedHiveMQ startBroker(Path configFolder, Path dataFolder, Path extensionsFolder)
            throws Exception {
        // Authentication of the gateways will come as an embedded extension given to this builder
        // (withEmbeddedExtension); until then HiveMQ's embedded default applies: every client may connect.
        EmbeddedHiveMQ broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(configFolder)
                .withDataFolder(dataFolder)
                .withExtensionsFolder(extensionsFolder)
                // HiveMQ would otherwise reconfigure logback from its own logback.xml
                .withoutLoggingBootstrap()
                .build();
        try {
            broker.start().get(STARTUP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return broker;
        } catch (Exception e) {
            broker.close();
            throw e;
        }
    }

    private static void writeConfiguration(Path configFolder, String host, int port) {
        // written on every start: the addresses may differ from the previous run's
        String configuration = "<?xml version=\"1.0\"?>\n"
                + "<hivemq>\n"
                + "    <listeners>\n"
                + "        <tcp-listener>\n"
                + "            <port>" + port + "</port>\n"
                + "            <bind-address>" + host + "</bind-address>\n"
                + "        </tcp-listener>\n"
                + "    </listeners>\n"
                // HiveMQ's default queue of 1000 messages per client drops the rest: a burst for the ingest's
                // shared subscription (gateways flushing a backlog) would be silently lost. QoS 1 messages
                // queue on disk, so a deep queue costs disk, not heap.
                + "    <mqtt>\n"
                + "        <queued-messages>\n"
                + "            <max-queue-size>" + MAX_QUEUED_MESSAGES + "</max-queue-size>\n"
                + "            <strategy>discard</strategy>\n"
                + "        </queued-messages>\n"
                + "    </mqtt>\n"
                + "    <persistence>\n"
                + "        <mode>file</mode>\n"
                + "    </persistence>\n"
                + "    <anonymous-usage-statistics>\n"
                + "        <enabled>false</enabled>\n"
                + "    </anonymous-usage-statistics>\n"
                + "</hivemq>\n";
        try {
            Files.createDirectories(configFolder);
            Files.writeString(configFolder.resolve("config.xml"), configuration, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new EmbeddedServiceException("cannot write the HiveMQ configuration in " + configFolder, e);
        }
    }

    private static void createDirectories(Path... directories) {
        for (Path directory : directories) {
            try {
                Files.createDirectories(directory);
            } catch (IOException e) {
                throw new EmbeddedServiceException("cannot create " + directory, e);
            }
        }
    }
}
