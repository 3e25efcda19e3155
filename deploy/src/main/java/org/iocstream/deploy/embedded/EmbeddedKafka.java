package org.iocstream.deploy.embedded;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.properties.MetaPropertiesEnsemble;
import org.apache.kafka.metadata.storage.Formatter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A single-node Kafka cluster in this JVM: one KRaft node, broker and controller, its log and metadata on disk. */
public final class EmbeddedKafka implements AutoCloseable {


    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final int NODE_ID = 1;
    private static final String BROKER_LISTENER = "PLAINTEXT";
    private static final String CONTROLLER_LISTENER = "CONTROLLER";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration SHUTDOWN_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration ADMIN_TIMEOUT = Duration.ofSeconds(30);

    private final String host;
    private final int brokerPort;
    private final int controllerPort;
    private final String clusterId;
    private final ServiceThreads threads;
    private final KafkaRaftServer server;
    private boolean closed;

    private EmbeddedKafka(String host, int brokerPort, int controllerPort, String clusterId, ServiceThreads threads,
            KafkaRaftServer server) {
        this.host = host;
        this.brokerPort = brokerPort;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
        this.threads = threads;
        this.server = server;
    }

    /**
     * Formats dataDir on first use (an already formatted directory keeps its cluster id), starts the broker and
     * returns once it answers clients.
     */
    public static EmbeddedKafka start(Path dataDir, String host, int brokerPort, int controllerPort) {
        long startedAt = System.nanoTime();
        Path logDir = dataDir.toAbsolutePath();
        String clusterId = formatOnce(logDir);
        KafkaConfig config = new KafkaConfig(brokerProperties(logDir, host, brokerPort, controllerPort), false);
        ServiceThreads threads = new ServiceThreads("kafka");
        KafkaRaftServer server = threads.call("startup", () -> {
            KafkaRaftServer raftServer = new KafkaRaftServer(config, Time.SYSTEM);
            raftServer.startup();
            return raftServer;
        });
        EmbeddedKafka kafka = new EmbeddedKafka(host, brokerPort, controllerPort, clusterId, threads, server);
        try {
            kafka.awaitAnswer();
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        LOG.info("Kafka {} started in {} ms (cluster {}, data {})", kafka.bootstrapServers(),
                Duration.ofNanos(System.nanoTime() - startedAt).toMillis(), clusterId, logDir);
        return kafka;
    }

    /** The bootstrap.servers value for clients of this broker. */
    public String bootstrapServers() {
        return host + ":" + brokerPort;
    }

    /** The id of the cluster, stable across restarts on the same directory. */
    public String clusterId() {
        return clusterId;
    }

    /** Stops the broker; returns once its ports are released and its non-daemon threads have ended. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Duration took = threads.shutdown("Kafka", host, List.of(brokerPort, controllerPort), SHUTDOWN_TIMEOUT, () -> {
            server.shutdown();
            server.awaitShutdown();
        });
        LOG.info("Kafka {} stopped in {} ms", bootstrapServers(), took.toMillis());
    }

    private void awaitAnswer() {
        try (Admin admin = Admin.create(adminProperties())) {
            admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) STARTUP_TIMEOUT.toMillis()))
                    .nodes().get();
        } catch (ExecutionException e) {
            throw new EmbeddedServiceException("Kafka " + bootstrapServers() + " does not answer", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedServiceException("interrupted while waiting for Kafka", e);
        }
    }

    private Map<String, Object> adminProperties() {
        return Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) ADMIN_TIMEOUT.toMillis(),
                AdminClientConfig.CLIENT_ID_CONFIG, "ioc-embedded-kafka-admin");
    }


    private static Map<String, Object> brokerProperties(Path logDir, String host, int brokerPort,
            int controllerPort) {
        Map<String, Object> properties = new HashMap<>();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", NODE_ID);
        properties.put("controller.quorum.voters", NODE_ID + "@" + host + ":" + controllerPort);
        properties.put("controller.listener.names", CONTROLLER_LISTENER);
        properties.put("listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort + ","
                + CONTROLLER_LISTENER + "://" + host + ":" + controllerPort);
        properties.put("advertised.listeners", BROKER_LISTENER + "://" + host + ":" + brokerPort);
        properties.put("inter.broker.listener.name", BROKER_LISTENER);
        properties.put("listener.security.protocol.map",
                BROKER_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        properties.put("log.dirs", logDir.toString());
        // one broker: the internal topics cannot have more than one replica
        properties.put("offsets.topic.replication.factor", (short) 1);
        properties.put("transaction.state.log.replication.factor", (short) 1);
        properties.put("transaction.state.log.min.isr", 1);
        properties.put("share.coordinator.state.topic.replication.factor", (short) 1);
        properties.put("share.coordinator.state.topic.min.isr", (short) 1);
        // the defaults (50 partitions each) cost seconds on the first group join or transaction of a small host
        properties.put("offsets.topic.num.partitions", 5);
        properties.put("transaction.state.log.num.partitions", 5);
        properties.put("share.coordinator.state.topic.num.partitions", 1);
        // a lone consumer should not wait 3 s for peers that will never join
        properties.put("group.initial.rebalance.delay.ms", 0);
        // topics are part of the contract and are created explicitly (see TopicProvisioner); a typo must not create one
        properties.put("auto.create.topics.enable", false);
        // sized for a 2-core host that runs the whole stack
        properties.put("num.network.threads", 2);
        properties.put("num.io.threads", 4);
        properties.put("background.threads", 4);
        return properties;
    }

    /** Formats the log directory unless it already is; returns the cluster id it carries. */
    private static String formatOnce(Path logDir) {
        try {
            Files.createDirectories(logDir);
            MetaPropertiesEnsemble ensemble = new MetaPropertiesEnsemble.Loader()
                    .addLogDirs(List.of(logDir.toString()))
                    .load();
            Optional<String> existingClusterId = ensemble.clusterId();
            if (existingClusterId.isPresent()) {
                return existingClusterId.get();
            }
            String clusterId = Uuid.randomUuid().toString();
            ByteArrayOutputStream formatterOutput = new ByteArrayOutputStream();
            new Formatter()
                    .setPrintStream(new PrintStream(formatterOutput, true, StandardCharsets.UTF_8))
                    .setNodeId(NODE_ID)
                    .setClusterId(clusterId)
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .run();
            LOG.debug("Kafka storage formatter: {}", formatterOutput.toString(StandardCharsets.UTF_8).trim());
            return clusterId;
        } catch (Exception e) {
            throw new EmbeddedServiceException("cannot read or format the Kafka log directory " + logDir, e);
        }
    }
}
