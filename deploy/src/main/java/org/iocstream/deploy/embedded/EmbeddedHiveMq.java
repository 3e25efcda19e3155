package org.iocstream.deploy.embedded;

import com.hivemq.embedded.EmbeddedExtension;
import com.hivemq.embedded.EmbeddedHiveMQ;
import com.hivemq.extension.sdk.api.ExtensionMain;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStartOutput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopInput;
import com.hivemq.extension.sdk.api.parameter.ExtensionStopOutput;
import com.hivemq.extension.sdk.api.services.Services;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An MQTT broker (HiveMQ CE) in this JVM: one TCP listener, sessions and queued messages kept on disk. It admits
 * either the accounts of a gateway registry, each limited to its own topics ({@link RegistryAuthenticator}), or
 * every client.
 */
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

    /**
     * Starts a broker that admits any client, which may publish and subscribe anywhere (mqtt.auth=none, and tests
     * and benchmarks of the broker itself), listening on host:port; returns once it accepts connections.
     */
    public static EmbeddedHiveMq start(Path dataDir, String host, int port) {
        return startWith(dataDir, host, port, null);
    }

    /**
     * Starts a broker that admits only the registry's accounts, checked on every CONNECT (so a gateway added or
     * revoked by another process counts from its next connection), listening on host:port; returns once it
     * accepts connections.
     */
    public static EmbeddedHiveMq start(Path dataDir, String host, int port, GatewayRegistry gateways) {
        RegistryAuthenticator authenticator = new RegistryAuthenticator(gateways);
        return startWith(dataDir, host, port, EmbeddedExtension.builder()
                .withId("ioc-gateway-registry-auth")
                .withName("IOC Stream gateway registry authentication")
                .withVersion("1")
                .withExtensionMain(new ExtensionMain() {
                    @Override
                    public void extensionStart(ExtensionStartInput input, ExtensionStartOutput output) {
                        Services.securityRegistry().setAuthenticatorProvider(providerInput -> authenticator);
                    }

                    @Override
                    public void extensionStop(ExtensionStopInput input, ExtensionStopOutput output) {
                        // stops only with the broker: nothing of its own to release
                    }
                })
                .build());
    }

    private static EmbeddedHiveMq startWith(Path dataDir, String host, int port, EmbeddedExtension authentication) {
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
            broker = threads.call("startup",
                    () -> startBroker(configFolder, dataFolder, extensionsFolder, authentication));
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previousHandler);
        }
        EmbeddedHiveMq hiveMq = new EmbeddedHiveMq(host, port, threads, broker);
        LOG.info("HiveMQ {} started in {} ms (data {}, {})", hiveMq.brokerUrl(),
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis(), root,
                authentication == null ? "any client admitted" : "only the gateway registry's accounts admitted");
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

    /** Without an authentication extension HiveMQ's embedded default applies: every client may connect. */
    private static EmbeddedHiveMQ startBroker(Path configFolder, Path dataFolder, Path extensionsFolder,
            EmbeddedExtension authentication) throws Exception {
        // HiveMQ starts its extensions before its listeners, so no client connects before the authenticator is in
        EmbeddedHiveMQ broker = EmbeddedHiveMQ.builder()
                .withConfigurationFolder(configFolder)
                .withDataFolder(dataFolder)
                .withExtensionsFolder(extensionsFolder)
                .withEmbeddedExtension(authentication)
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
