package org.iocstream.deploy.stack;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import org.iocstream.connectors.coap.CoapIngest;
import org.iocstream.connectors.coap.CoapIngestOptions;
import org.iocstream.connectors.files.SecretFiles;
import org.iocstream.connectors.gateway.GatewayIdentity;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.iocstream.connectors.indicators.FeedTokens;
import org.iocstream.connectors.indicators.FeedValidator;
import org.iocstream.connectors.indicators.IndicatorCatalog;
import org.iocstream.connectors.indicators.IndicatorDropFolder;
import org.iocstream.connectors.indicators.IndicatorFeedIngest;
import org.iocstream.connectors.indicators.Scopes;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.connectors.ingest.MetricCatalog;
import org.iocstream.connectors.ingest.TelemetryMapper;
import org.iocstream.connectors.kafka.DeviceRegistryLoader;
import org.iocstream.connectors.kafka.KafkaProducers;
import org.iocstream.connectors.kafka.TopicProvisioner;
import org.iocstream.connectors.timeseries.QuestDbAdmin;
import org.iocstream.connectors.timeseries.AlertTables;
import org.iocstream.connectors.timeseries.AqiTables;
import org.iocstream.connectors.timeseries.CommuneTables;
import org.iocstream.connectors.timeseries.DeviceStatusTables;
import org.iocstream.connectors.timeseries.IndicatorTables;
import org.iocstream.connectors.timeseries.ReadingTables;
import org.iocstream.connectors.timeseries.StoreOptions;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.deploy.embedded.EmbeddedHiveMq;
import org.iocstream.deploy.embedded.EmbeddedKafka;
import org.iocstream.deploy.embedded.EmbeddedQuestDb;
import org.iocstream.deploy.gateway.GatewayInstallSheet;
import org.iocstream.deploy.http.HttpApiServer;
import org.iocstream.deploy.http.IndicatorFeedHandler;
import org.iocstream.jobs.alerts.AlertRules;
import org.iocstream.jobs.alerts.AlertRulesFile;
import org.iocstream.jobs.telemetry.AnalyticsOptions;
import org.iocstream.jobs.telemetry.TelemetryJob;
import org.iocstream.jobs.telemetry.TelemetryPipelineOptions;
import org.iocstream.sim.Commune;
import org.iocstream.sim.Communes;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.GatewayFirmware;
import org.iocstream.sim.GatewayProtocol;
import org.iocstream.sim.GatewaySecrets;
import org.iocstream.sim.GatewaySimulation;
import org.iocstream.sim.Scenario;
import org.iocstream.sim.ScenarioFile;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole IOC Stream in one process: Kafka, the MQTT broker and the store (each embedded unless configured
 * as external), the telemetry job on a Flink MiniCluster, the MQTT and CoAP ingests, the indicator feeds (HTTP and
 * drop folder) and, optionally, the simulator.
 * {@link #close()} stops them in reverse order, the job with a savepoint.
 */
public final class Stack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Stack.class);
    /** A gateway for publishing by hand, as the README shows. */
    public static final GatewayIdentity DEMO_GATEWAY = new GatewayIdentity("16681", "gw-demo");
    /** Where, in the data directory, the demo gateway's credentials are written. */
    public static final String DEMO_GATEWAY_FILE = "demo-gateway.env";

    private final Deque<AutoCloseable> running = new ArrayDeque<>();
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private String kafkaBootstrap;
    private String mqttBrokerUrl;
    private String coapIngestUrl;
    private String coapsIngestUrl;
    private String storeUrl;
    private TelemetryJobRunner job;
    private GatewayRegistry gateways;

    private boolean closed;

    /** A stack with nothing started yet; {@link #open} starts it, {@link #close} stops whatever has started. */
    public Stack() {
    }

    /** A started stack. */
    public static Stack start(IocConfig config, Clock clock) throws Exception {
        Stack stack = new Stack();
        stack.open(config, clock);
        return stack;
    }

    /**
     * Starts everything the configuration asks for; on failure stops what had started and rethrows. A
     * {@link #close} from another thread meanwhile (Ctrl-C during start) stops what has started so far, and each
     * component that finishes starting afterwards is stopped at once.
     */
    public void open(IocConfig config, Clock clock) throws Exception {
        try {
            startAll(config, clock);
        } catch (Exception | Error e) {
            close();
            throw e;
        }
    }

    private void startAll(IocConfig config, Clock clock) throws Exception {
        Path dataDir = Path.of(config.get(IocConfig.DATA_DIR)).toAbsolutePath();
        Files.createDirectories(dataDir);
        gateways = GatewayRegistry.open(config.gatewayRegistryFile(), clock);
        addresses.put("Gateway registry", gateways.file().toString());
        String host = config.get(IocConfig.BIND_HOST);
        new JvmMemoryMetrics().bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        started(new JvmGcMetrics()).bindTo(meters);
        HttpApiServer http = started(HttpApiServer.start(host, config.get(IocConfig.HTTP_PORT), meters));
        addresses.put("Prometheus metrics", http.url() + "/metrics");

        kafkaBootstrap = config.get(IocConfig.KAFKA_BOOTSTRAP);
        if (kafkaBootstrap.isEmpty()) {
            EmbeddedKafka kafka = started(EmbeddedKafka.start(dataDir.resolve("kafka"), host,
                    config.get(IocConfig.KAFKA_PORT), config.get(IocConfig.KAFKA_CONTROLLER_PORT)));
            kafkaBootstrap = kafka.bootstrapServers();
        }
        TopicProvisioner.ensure(kafkaBootstrap,
                TopicProvisioner.standardTopics(config.get(IocConfig.KAFKA_TELEMETRY_PARTITIONS)),
                config.get(IocConfig.KAFKA_REPLICATION).shortValue());
        addresses.put("Kafka bootstrap servers", kafkaBootstrap);

        storeUrl = config.get(IocConfig.STORE_URL);
        if (storeUrl.isEmpty()) {
            EmbeddedQuestDb questDb = started(EmbeddedQuestDb.start(dataDir.resolve("questdb"), host,
                    config.get(IocConfig.STORE_HTTP_PORT), config.get(IocConfig.STORE_PG_PORT), OptionalInt.empty()));
            storeUrl = questDb.httpUrl();
            addresses.put("QuestDB PostgreSQL wire", host + ":" + config.get(IocConfig.STORE_PG_PORT));
        }
        TelemetryPipelineOptions pipeline = new TelemetryPipelineOptions(config.get(IocConfig.MAX_OUT_OF_ORDERNESS),
                config.get(IocConfig.ALLOWED_LATENESS), config.get(IocConfig.SOURCE_IDLENESS),
                TelemetryPipelineOptions.DEFAULT_WINDOWS);
        if (config.get(IocConfig.STORE_KIND) == IocConfig.StoreKind.QUESTDB) {
            QuestDbAdmin admin = new QuestDbAdmin(storeUrl);
            admin.execAll(ReadingTables.questDbDdl(pipeline.windowSizes()));
            admin.execAll(List.of(CommuneTables.questDbDdl(), DeviceStatusTables.questDbDdl(), AqiTables.questDbDdl(),
                    AlertTables.questDbDdl(), IndicatorTables.questDbDdl()));
        }
        addresses.put("Store (SQL console, line protocol)", storeUrl);

        mqttBrokerUrl = config.get(IocConfig.MQTT_BROKER_URL);
        if (mqttBrokerUrl.isEmpty()) {
            Path hiveMqDir = dataDir.resolve("hivemq");
            int mqttPort = config.get(IocConfig.MQTT_PORT);
            EmbeddedHiveMq hiveMq = started(config.get(IocConfig.MQTT_AUTH) == IocConfig.MqttAuth.REGISTRY
                    ? EmbeddedHiveMq.start(hiveMqDir, host, mqttPort, gateways)
                    : EmbeddedHiveMq.start(hiveMqDir, host, mqttPort));
            mqttBrokerUrl = hiveMq.brokerUrl();
        }
        addresses.put("MQTT broker", mqttBrokerUrl);

        StoreOptions store = new StoreOptions(storeUrl, config.get(IocConfig.STORE_DATABASE),
                emptyToNull(config.get(IocConfig.STORE_USERNAME)), emptyToNull(config.get(IocConfig.STORE_PASSWORD)),
                config.get(IocConfig.STORE_BATCH_SIZE), Duration.ofSeconds(30));
        job = started(TelemetryJobRunner.start(new TelemetryJob.Settings(kafkaBootstrap, store, pipeline,
                        analyticsOptions(config)),
                dataDir.resolve("flink"), host, config.get(IocConfig.FLINK_WEB_PORT),
                config.get(IocConfig.FLINK_PARALLELISM), config.get(IocConfig.FLINK_CHECKPOINT_INTERVAL),
                config.get(IocConfig.FLINK_STATE_BACKEND)));
        addresses.put("Flink web UI", job.webUrl());

        // one device registry for both ingests: a device list announced over one protocol binds the devices for both
        DeviceRegistry registry = new DeviceRegistry();
        DeviceRegistryLoader.load(kafkaBootstrap, registry, Duration.ofMinutes(1));
        MqttIngestRunner.Login ingestLogin = MqttIngestRunner.login(config, "1", gateways);
        Fleet simulatedFleet = config.get(IocConfig.SIM_ENABLED) ? simulatedFleet(config) : null;
        GatewaySecrets simulatedSecrets = simulatedFleet == null ? null
                : SimulatedGateways.provision(gateways, simulatedFleet);
        writeDemoGateway(config, dataDir);
        // written once every account this stack issues is in the registry, before any of them logs in
        if (MosquittoAuthFiles.update(config, gateways)) {
            addresses.put("Mosquitto password and ACL files", config.get(IocConfig.MQTT_MOSQUITTO_PASSWORD_FILE)
                    + ", " + config.get(IocConfig.MQTT_MOSQUITTO_ACL_FILE));
        }
        started(MqttIngestRunner.start(config, kafkaBootstrap, mqttBrokerUrl, "1", ingestLogin, registry, meters,
                clock));

        if (config.get(IocConfig.COAP_ENABLED)) {
            String coapHost = config.get(IocConfig.COAP_BIND_ADDRESS).isEmpty() ? host
                    : config.get(IocConfig.COAP_BIND_ADDRESS);
            var coapProducer = started(KafkaProducers.reliable(kafkaBootstrap, "ioc-coap-ingest"));
            CoapIngest coap = started(new CoapIngest(coapIngestOptions(config, coapHost), gateways, coapProducer,
                    new TelemetryMapper(MetricCatalog.standard(), registry), registry, meters, clock));
            coap.start();
            coapsIngestUrl = "coaps://" + coapHost + ":" + coap.dtlsAddress().getPort();
            addresses.put("CoAP ingest (DTLS, PSK per gateway)", coapsIngestUrl);
            coap.plainAddress().ifPresent(plain -> {
                coapIngestUrl = "coap://" + coapHost + ":" + plain.getPort();
                addresses.put("CoAP ingest (plain, unauthenticated)", coapIngestUrl);
            });
        }

        if (config.get(IocConfig.INDICATORS_ENABLED)) {
            startIndicatorFeeds(config, dataDir, http, clock);
        }

        if (simulatedFleet != null) {
            startSimulator(config, clock, simulatedFleet, simulatedSecrets);
        }
    }

    private void startIndicatorFeeds(IocConfig config, Path dataDir, HttpApiServer http, Clock clock)
            throws Exception {
        Path feeds = dataDir.resolve("indicator-feeds");
        String tokensSetting = config.get(IocConfig.INDICATORS_TOKENS_FILE);
        Path tokensFile = tokensSetting.isEmpty() ? feeds.resolve("tokens.properties") : Path.of(tokensSetting);
        FeedTokens tokens = FeedTokens.open(tokensFile, new SecureRandom());
        long maxBytes = config.get(IocConfig.INDICATORS_MAX_BODY_KIB) * 1024L;
        var producer = started(KafkaProducers.reliable(kafkaBootstrap, "ioc-indicator-ingest"));
        IndicatorFeedIngest ingest = new IndicatorFeedIngest(producer,
                new FeedValidator(IndicatorCatalog.standard(), Scopes.standard()), meters, clock);
        http.route(IndicatorFeedHandler.PATH, new IndicatorFeedHandler(tokens, ingest, maxBytes, meters));
        addresses.put("Indicator feeds (POST)", http.url() + IndicatorFeedHandler.PATH);
        Path demoToken = tokensFile.toAbsolutePath().resolveSibling(FeedTokens.DEMO_TOKEN_FILE);
        if (Files.exists(demoToken)) {
            addresses.put("Indicator feeds demo token", demoToken.toString());
        }
        String dropSetting = config.get(IocConfig.INDICATORS_DROP_FOLDER);
        IndicatorDropFolder drop = started(new IndicatorDropFolder(dropSetting.isEmpty() ? feeds
                : Path.of(dropSetting).toAbsolutePath(), ingest, maxBytes, clock));
        drop.start(config.get(IocConfig.INDICATORS_DROP_SCAN_INTERVAL));
        addresses.put("Indicator feeds drop folder", drop.root().resolve(IndicatorDropFolder.INBOX) + "/<source>/");
    }

    private static Fleet simulatedFleet(IocConfig config) {
        List<Commune> communes = Communes.select(config.get(IocConfig.SIM_COMMUNES));
        return config.get(IocConfig.SIM_LAYOUT) == IocConfig.SimLayout.PROVINCE ? Fleet.province(communes)
                : Fleet.of(communes, config.get(IocConfig.SIM_DEVICES_PER_KIND));
    }

    private void startSimulator(IocConfig config, Clock clock, Fleet fleet, GatewaySecrets secrets) throws Exception {
        GatewayProtocol protocol = config.get(IocConfig.SIM_PROTOCOL);
        if (protocol.usesCoap() && coapsIngestUrl == null) {
            throw new IllegalArgumentException("sim.protocol=" + protocol.name().toLowerCase(Locale.ROOT)
                    + " needs the CoAP ingest: set coap.enabled=true");
        }
        Instant start = clock.instant();
        String scenarioFile = config.get(IocConfig.SIM_SCENARIO);
        Scenario scenario = scenarioFile.isEmpty() ? Scenario.NONE : ScenarioFile.read(Path.of(scenarioFile), start);
        GatewaySimulation simulator = started(GatewaySimulation.open(
                new GatewayFirmware(fleet, config.get(IocConfig.SIM_SEED), scenario),
                protocol.transport(fleet, mqttBrokerUrl, coapsIngestUrl == null ? null : URI.create(coapsIngestUrl),
                        secrets)));
        simulator.runLive(clock, config.get(IocConfig.SIM_SPEED), start);
        addresses.put("Simulator", fleet.gateways().size() + " gateways, " + fleet.devices().size() + " devices over "
                + protocol.name().toLowerCase(Locale.ROOT) + (scenario.faults().isEmpty() ? ""
                        : ", scenario '" + scenario.name() + "' (" + scenario.faults().size() + " faults)"));
    }

    /**
     * Issues the demo gateway fresh credentials on every start and writes them where the README's examples source
     * them, so a person can publish by hand as a provisioned gateway at once.
     */
    private void writeDemoGateway(IocConfig config, Path dataDir) throws IOException {
        GatewayInstallSheet sheet = new GatewayInstallSheet(gateways.issue(DEMO_GATEWAY), config.gatewayMqttUrl(),
                config.gatewayCoapsUrl());
        Path file = dataDir.resolve(DEMO_GATEWAY_FILE);
        SecretFiles.replace(file, sheet.env());
        addresses.put("Demo gateway " + DEMO_GATEWAY + " (credentials)", file.toString());
    }

    /** DTLS always; plain CoAP, which authenticates no one, only when coap.plain-enabled asks for it. */
    static CoapIngestOptions coapIngestOptions(IocConfig config, String host) {
        return new CoapIngestOptions(host, config.get(IocConfig.COAP_DTLS_PORT),
                config.get(IocConfig.COAP_PLAIN_ENABLED) ? OptionalInt.of(config.get(IocConfig.COAP_PORT))
                        : OptionalInt.empty(), config.get(IocConfig.COAP_MAX_IN_FLIGHT));
    }

    private <T extends AutoCloseable> T started(T component) throws Exception {
        synchronized (this) {
            if (!closed) {
                running.push(component);
                return component;
            }
        }
        component.close();
        throw new IllegalStateException("the stack is stopping; " + component.getClass().getSimpleName()
                + " was stopped as soon as it had started");
    }

    /** An optional text setting: empty means not set. */
    /** The alert rules (a configured file, or the built-in defaults), the catalogue and the stale-feed grace. */
    static AnalyticsOptions analyticsOptions(IocConfig config) throws IOException {
        String rulesFile = config.get(IocConfig.ALERTS_RULES_FILE);
        AlertRules rules = rulesFile.isEmpty() ? AlertRulesFile.defaults() : AlertRulesFile.read(Path.of(rulesFile));
        return new AnalyticsOptions(rules, config.get(IocConfig.ALERTS_EVALUATION_DELAY),
                AnalyticsOptions.DEFAULT_ALERT_RETENTION, IndicatorCatalog.standard(), Scopes.standard(),
                config.get(IocConfig.INDICATORS_STALE_GRACE));
    }

    static String emptyToNull(String value) {
        return value.isEmpty() ? null : value;
    }

    /** What a person needs to reach each part, in start order. */
    public Map<String, String> addresses() {
        return addresses;
    }

    public String kafkaBootstrap() {
        return kafkaBootstrap;
    }

    /** {@code coap://host:port} of the CoAP ingest's plain endpoint; null unless coap.plain-enabled. */
    public String coapIngestUrl() {
        return coapIngestUrl;
    }

    /** {@code coaps://host:port} of the CoAP ingest over DTLS; null when the CoAP ingest is not enabled. */
    public String coapsIngestUrl() {
        return coapsIngestUrl;
    }

    public String mqttBrokerUrl() {
        return mqttBrokerUrl;
    }

    public String storeUrl() {
        return storeUrl;
    }

    /** The gateways allowed to send; tests and the launcher issue credentials through it. */
    public GatewayRegistry gateways() {
        return gateways;
    }

    public TelemetryJobRunner job() {
        return job;
    }

    public MeterRegistry meters() {
        return meters;
    }

    @Override
    public synchronized void close() {
        closed = true;
        while (!running.isEmpty()) {
            AutoCloseable component = running.pop();
            try {
                component.close();
            } catch (Exception e) {
                LOG.error("failed to stop {} cleanly", component.getClass().getSimpleName(), e);
            }
        }
    }
}
