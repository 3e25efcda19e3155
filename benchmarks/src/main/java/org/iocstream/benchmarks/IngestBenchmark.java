package org.iocstream.benchmarks;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.eclipse.californium.core.CoapResource;
import org.eclipse.californium.core.CoapServer;
import org.eclipse.californium.core.coap.CoAP.ResponseCode;
import org.eclipse.californium.core.config.CoapConfig;
import org.eclipse.californium.core.network.CoapEndpoint;
import org.eclipse.californium.core.server.resources.CoapExchange;
import org.eclipse.californium.core.server.resources.Resource;
import org.eclipse.californium.elements.config.Configuration;
import org.eclipse.californium.elements.config.UdpConfig;
import org.iocstream.connectors.coap.CoapIngest;
import org.iocstream.connectors.coap.CoapIngestOptions;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.connectors.ingest.MetricCatalog;
import org.iocstream.connectors.ingest.TelemetryMapper;
import org.iocstream.connectors.kafka.KafkaProducers;
import org.iocstream.connectors.kafka.TopicProvisioner;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.deploy.embedded.EmbeddedHiveMq;
import org.iocstream.deploy.embedded.EmbeddedKafka;
import org.iocstream.deploy.embedded.Ports;
import org.iocstream.deploy.stack.MqttIngestRunner;
import org.iocstream.schemas.Topics;
import org.iocstream.sim.CoapGatewayOptions;
import org.iocstream.sim.CoapGatewayTransport;
import org.iocstream.sim.Communes;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.GatewaySecrets;
import org.iocstream.sim.SignalModel;
import org.iocstream.sim.load.LoadDriver;
import org.iocstream.sim.load.LoadFleet;
import org.iocstream.sim.load.LoadGatewayTransport;
import org.iocstream.sim.load.LoadRunOptions;
import org.iocstream.sim.load.LoadSummary;
import org.iocstream.sim.load.LoadTransportOptions;

/**
 * Sustained ingest into Kafka, each protocol next to a baseline measured in the same run with the same gateways
 * sending as fast as they are acknowledged:
 * <ul>
 *   <li>MQTT QoS 1: the broker's raw publish rate (nobody subscribed), then the same load with {@code instances}
 *       MQTT ingest instances on the shared subscription writing to Kafka; the figure is readings on Kafka per
 *       second from the first record to the last.
 *   <li>CoAP CON (SenML JSON, plain CoAP, one request in flight per gateway): a bare Californium server that
 *       answers 2.04 at once, then the CoAP ingest, which answers 2.04 only once Kafka has the readings.
 * </ul>
 * Kafka, HiveMQ, the ingests and the load client share this JVM and the machine's cores.
 *
 * <p>Arguments ({@code key=value}, defaults in brackets): {@code mqttGatewaysPerCommune} [2, × 130 communes],
 * {@code coapGatewaysPerCommune} [1], {@code seconds} of sending per phase [30], {@code instances} of the MQTT
 * ingest [2], {@code maxInFlight} per MQTT ingest instance [1000], {@code ioThreads} of the MQTT load client [2],
 * {@code seed} [42].
 */
public final class IngestBenchmark {

    private static final String HOST = "127.0.0.1";
    private static final Instant SIMULATED_START = Instant.parse("2026-01-05T00:00:00Z");
    private static final Duration DRAIN_TIMEOUT = Duration.ofMinutes(10);
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    private IngestBenchmark() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(BenchmarkArgs.parse(Map.of("mqttGatewaysPerCommune", "2", "coapGatewaysPerCommune", "1",
                    "seconds", "30", "instances", "2", "maxInFlight", "1000", "ioThreads", "2", "seed", "42"), args));
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        // HiveMQ and Kafka leave non-daemon threads behind an exception; end the JVM either way
        System.exit(status);
    }

    private static void run(BenchmarkArgs args) throws Exception {
        System.out.println("Ingest into Kafka: " + JvmFigures.environment() + ", " + args);
        Path dir = Files.createTempDirectory("ingest-benchmark");
        Duration sending = Duration.ofSeconds(args.integer("seconds"));
        SignalModel signals = new SignalModel(args.integer("seed"));
        IocConfig config = IocConfig.defaults().with(Map.of(
                IocConfig.MQTT_AUTH.key(), "none",
                IocConfig.INGEST_MAX_IN_FLIGHT.key(), args.string("maxInFlight"),
                IocConfig.GATEWAY_REGISTRY_FILE.key(), dir.resolve("registry.tsv").toString()));
        GatewayRegistry gateways = GatewayRegistry.open(config.gatewayRegistryFile(), Clock.systemUTC());
        try (EmbeddedKafka kafka = EmbeddedKafka.start(dir.resolve("kafka"), HOST, Ports.free(), Ports.free())) {
            TopicProvisioner.ensure(kafka.bootstrapServers(), TopicProvisioner.standardTopics(4), (short) 1);
            Result mqttRaw;
            Result mqttIngest;
            try (EmbeddedHiveMq broker = EmbeddedHiveMq.start(dir.resolve("hivemq"), HOST, Ports.free())) {
                Fleet fleet = LoadFleet.of(Communes.all(), args.integer("mqttGatewaysPerCommune"));
                LoadTransportOptions transport = LoadTransportOptions.forBroker(broker.brokerUrl())
                        .withIoThreads(args.integer("ioThreads"));
                System.out.printf(Locale.ROOT, "MQTT: %d gateways, QoS 1, as fast as acknowledged for %d s%n",
                        fleet.gateways().size(), sending.toSeconds());
                try (LoadGatewayTransport client = LoadGatewayTransport.create(transport, GatewaySecrets.none())) {
                    mqttRaw = Result.acknowledged(LoadDriver.run(client, fleet, signals,
                            LoadRunOptions.paced(0, sending, SIMULATED_START), QUIET));
                }
                System.out.println("  broker alone: " + mqttRaw);
                List<MqttIngestRunner> ingests = new ArrayList<>();
                try {
                    for (int i = 1; i <= args.integer("instances"); i++) {
                        ingests.add(MqttIngestRunner.start(config, kafka.bootstrapServers(), broker.brokerUrl(),
                                "bench-" + i, MqttIngestRunner.login(config, "bench-" + i, gateways),
                                new DeviceRegistry(), new SimpleMeterRegistry(), Clock.systemUTC()));
                    }
                    try (LoadGatewayTransport client = LoadGatewayTransport.create(transport, GatewaySecrets.none())) {
                        mqttIngest = intoKafka(kafka, () -> LoadDriver.run(client, fleet, signals,
                                LoadRunOptions.paced(0, sending, SIMULATED_START.plus(Duration.ofDays(1))), QUIET));
                    }
                } finally {
                    ingests.forEach(MqttIngestRunner::close);
                }
                System.out.println("  " + ingests.size() + " ingest instances into Kafka: " + mqttIngest);
            }

            Fleet coapFleet = LoadFleet.of(Communes.all(), args.integer("coapGatewaysPerCommune"));
            System.out.printf(Locale.ROOT, "CoAP: %d gateways, CON with SenML JSON, one request in flight each, "
                    + "as fast as acknowledged for %d s%n", coapFleet.gateways().size(), sending.toSeconds());
            Result coapRaw;
            try (BareCoapServer bare = BareCoapServer.start(Ports.freeUdp())) {
                coapRaw = Result.acknowledged(sendCoap(bare.url(), coapFleet, signals, sending, SIMULATED_START));
            }
            System.out.println("  bare Californium server: " + coapRaw);
            Result coapIngest;
            DeviceRegistry devices = new DeviceRegistry();
            try (Producer<byte[], byte[]> producer = KafkaProducers.reliable(kafka.bootstrapServers(), "bench-coap");
                    CoapIngest ingest = new CoapIngest(new CoapIngestOptions(HOST, Ports.freeUdp(),
                            OptionalInt.of(Ports.freeUdp()), config.get(IocConfig.COAP_MAX_IN_FLIGHT)), gateways,
                            producer, new TelemetryMapper(MetricCatalog.standard(), devices), devices,
                            new SimpleMeterRegistry(), Clock.systemUTC())) {
                ingest.start();
                URI url = URI.create("coap://" + HOST + ":" + ingest.plainAddress().orElseThrow().getPort());
                coapIngest = intoKafka(kafka, () -> sendCoap(url, coapFleet, signals, sending,
                        SIMULATED_START.plus(Duration.ofDays(2))));
            }
            System.out.println("  CoAP ingest into Kafka: " + coapIngest);

            System.out.println();
            System.out.println("== Ingest into Kafka ==");
            System.out.printf(Locale.ROOT, "MQTT QoS 1, %d instances   %.0f readings/s into Kafka; broker alone %.0f "
                            + "readings/s; ratio %.2f%n", args.integer("instances"), mqttIngest.readingsPerSecond,
                    mqttRaw.readingsPerSecond, mqttIngest.readingsPerSecond / mqttRaw.readingsPerSecond);
            System.out.printf(Locale.ROOT, "CoAP CON                  %.0f readings/s into Kafka; bare server %.0f "
                            + "readings/s; ratio %.2f%n", coapIngest.readingsPerSecond, coapRaw.readingsPerSecond,
                    coapIngest.readingsPerSecond / coapRaw.readingsPerSecond);
            System.out.printf(Locale.ROOT, "heap live after GC %d MB, RSS %d MB; everything in one JVM%n",
                    JvmFigures.mb(JvmFigures.heapAfterGc()), JvmFigures.mb(JvmFigures.residentBytes()));
        }
    }

    private static LoadSummary sendCoap(URI url, Fleet fleet, SignalModel signals, Duration sending, Instant from)
            throws Exception {
        try (CoapGatewayTransport transport = new CoapGatewayTransport(url,
                gateway -> CoapGatewayOptions.CONFIRMABLE_JSON, GatewaySecrets.none())) {
            return LoadDriver.run(transport, fleet, signals, LoadRunOptions.paced(0, sending, from), QUIET);
        }
    }

    /** Runs the load and times the telemetry topic from its first new record until it holds every reading sent. */
    private static Result intoKafka(EmbeddedKafka kafka, LoadRun load) throws Exception {
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka.bootstrapServers())) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TELEMETRY).stream()
                    .map((PartitionInfo info) -> new TopicPartition(info.topic(), info.partition()))
                    .collect(Collectors.toList());
            long before = endOffsets(consumer, partitions);
            AtomicLong firstRecordNanos = new AtomicLong();
            Thread watcher = new Thread(() -> {
                try (KafkaConsumer<byte[], byte[]> own = consumer(kafka.bootstrapServers())) {
                    while (firstRecordNanos.get() == 0) {
                        if (endOffsets(own, partitions) > before) {
                            firstRecordNanos.set(System.nanoTime());
                        }
                        Thread.sleep(5);
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "first-record-watcher");
            watcher.start();
            LoadSummary summary = load.run();
            long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
            long onKafka;
            while ((onKafka = endOffsets(consumer, partitions) - before) < summary.readingsAcked()
                    && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            long lastRecordNanos = System.nanoTime();
            watcher.interrupt();
            watcher.join();
            double seconds = (lastRecordNanos - firstRecordNanos.get()) / 1e9;
            return new Result(onKafka / seconds, onKafka, summary.readingsAcked(), summary.messagesFailed(), seconds);
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static long endOffsets(KafkaConsumer<byte[], byte[]> consumer, List<TopicPartition> partitions) {
        return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
    }

    @FunctionalInterface
    private interface LoadRun {
        LoadSummary run() throws Exception;
    }

    /** Readings per second, and what they were counted from. */
    private record Result(double readingsPerSecond, long readings, long readingsAcknowledged, long failedMessages,
            double seconds) {

        static Result acknowledged(LoadSummary summary) {
            double seconds = summary.sendTime().toNanos() / 1e9;
            return new Result(summary.readingsAcked() / seconds, summary.readingsAcked(), summary.readingsAcked(),
                    summary.messagesFailed(), seconds);
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%.0f readings/s (%d readings over %.1f s; %d acknowledged to the "
                    + "gateways, %d messages failed)", readingsPerSecond, readings, seconds, readingsAcknowledged,
                    failedMessages);
        }
    }

    /** A CoAP server with the ingest's paths that answers every POST with 2.04 at once: CoAP's own cost. */
    private static final class BareCoapServer implements AutoCloseable {
        private final CoapServer server;
        private final int port;

        private BareCoapServer(CoapServer server, int port) {
            this.server = server;
            this.port = port;
        }

        static BareCoapServer start(int port) {
            Configuration config = new Configuration(CoapConfig.DEFINITIONS, UdpConfig.DEFINITIONS);
            CoapServer server = new CoapServer(config);
            server.addEndpoint(CoapEndpoint.builder().setConfiguration(config)
                    .setInetSocketAddress(new InetSocketAddress(HOST, port)).build());
            CoapResource ioc = new CoapResource("ioc");
            ioc.add(new CoapResource("v1") {
                @Override
                public Resource getChild(String name) {
                    return this;
                }

                @Override
                public void handlePOST(CoapExchange exchange) {
                    exchange.respond(ResponseCode.CHANGED);
                }
            });
            server.add(ioc);
            server.start();
            return new BareCoapServer(server, port);
        }

        URI url() {
            return URI.create("coap://" + HOST + ":" + port);
        }

        @Override
        public void close() {
            server.destroy();
        }
    }
}
