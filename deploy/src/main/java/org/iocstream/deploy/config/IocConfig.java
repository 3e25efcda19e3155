package org.iocstream.deploy.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.iocstream.sim.GatewayProtocol;

/**
 * Every setting of the standalone runner, declared once with type, default, unit and meaning. Values come from
 * the defaults, then an optional properties file, then {@code --set key=value} on the command line. An empty
 * address means "start the embedded one"; any other value points at an external service.
 */
public final class IocConfig {

    public static final Setting<String> DATA_DIR = string("data-dir", "./ioc-data", "path",
            "Directory holding all embedded state (Kafka log, HiveMQ, QuestDB, Flink checkpoints and savepoints).");
    public static final Setting<String> BIND_HOST = string("bind-host", "127.0.0.1", "host",
            "Interface the embedded services listen on.");

    public static final Setting<Integer> HTTP_PORT = integer("http.port", "8080", "port",
            "Port of the HTTP API: Prometheus metrics at /metrics (the wall joins it later).");

    public static final Setting<String> KAFKA_BOOTSTRAP = string("kafka.bootstrap-servers", "", "host:port,...",
            "External Kafka cluster; empty starts the embedded KRaft broker.");
    public static final Setting<Integer> KAFKA_PORT = integer("kafka.port", "9092", "port",
            "Port of the embedded Kafka broker.");
    public static final Setting<Integer> KAFKA_CONTROLLER_PORT = integer("kafka.controller-port", "9093", "port",
            "Port of the embedded Kafka KRaft controller.");
    public static final Setting<Integer> KAFKA_TELEMETRY_PARTITIONS = integer("kafka.telemetry-partitions", "4",
            "count", "Partitions of ioc.telemetry.v1 when the runner creates it.");
    public static final Setting<Integer> KAFKA_REPLICATION = integer("kafka.replication-factor", "1", "count",
            "Replication factor of topics the runner creates (use 3 on a real cluster).");

    public static final Setting<String> MQTT_BROKER_URL = string("mqtt.broker-url", "", "URL",
            "External MQTT broker, e.g. tcp://host:1883; empty starts embedded HiveMQ CE.");
    public static final Setting<Integer> MQTT_PORT = integer("mqtt.port", "1883", "port",
            "Port of the embedded HiveMQ CE broker.");
    public static final Setting<String> MQTT_USERNAME = string("mqtt.ingest-username", "", "",
            "Username of the ingest on the broker; empty: with mqtt.auth=registry the stack issues the ingest an "
                    + "account in the gateway registry, with mqtt.auth=none the ingest connects anonymously.");
    public static final Setting<String> MQTT_PASSWORD = string("mqtt.ingest-password", "", "",
            "Password of the ingest on the broker.");
    /** How the MQTT broker admits clients. */
    public enum MqttAuth { REGISTRY, NONE }

    public static final Setting<MqttAuth> MQTT_AUTH = new Setting<>("mqtt.auth", MqttAuth.class, "registry",
            "registry|none", "registry: only gateways of the gateway registry may connect, each publishing under its "
                    + "own ioc/v1/{commune}/{gateway}/ prefix, and the ingest logs in with an account the stack issues "
                    + "(embedded HiveMQ enforces it; for Mosquitto set mqtt.mosquitto-*). none: anonymous clients may "
                    + "publish anywhere (a closed test network only).", text -> enumValue(MqttAuth.class, text));
    public static final Setting<String> MQTT_MOSQUITTO_PASSWORD_FILE = string("mqtt.mosquitto-password-file", "",
            "path", "With mqtt.auth=registry and an external Mosquitto: the password_file the stack and 'ioc-stream "
                    + "gateway' write from the gateway registry; empty writes none.");
    public static final Setting<String> MQTT_MOSQUITTO_ACL_FILE = string("mqtt.mosquitto-acl-file", "", "path",
            "The acl_file written with mqtt.mosquitto-password-file (required with it).");
    public static final Setting<String> MQTT_MOSQUITTO_RELOAD_COMMAND = string("mqtt.mosquitto-reload-command", "",
            "shell command", "Run after the Mosquitto files change, e.g. 'systemctl reload mosquitto' or 'kill -HUP "
                    + "$(cat /run/mosquitto.pid)'; empty runs nothing.");
    public static final Setting<String> GATEWAY_REGISTRY_FILE = string("gateway.registry-file", "", "path",
            "File of gateway credentials (MQTT password hashes, CoAP PSKs) shared by 'ioc-stream gateway' and the "
                    + "running stack; empty: <data-dir>/gateways/registry.tsv.");
    public static final Setting<Integer> INGEST_MAX_IN_FLIGHT = integer("ingest.max-in-flight", "1000", "messages",
            "MQTT messages received but not yet in Kafka; the broker holds back the rest.");

    public static final Setting<Boolean> COAP_ENABLED = bool("coap.enabled", "true",
            "Start the CoAP ingest (POST /ioc/v1/{commune}/{gateway}/telemetry and /devices).");
    public static final Setting<String> COAP_BIND_ADDRESS = string("coap.bind-address", "", "host",
            "Address the CoAP ingest listens on (UDP); empty uses bind-host.");
    public static final Setting<Integer> COAP_PORT = integer("coap.port", "5683", "port",
            "UDP port of plain CoAP, served only with coap.plain-enabled=true.");
    public static final Setting<Integer> COAP_DTLS_PORT = integer("coap.dtls-port", "5684", "port",
            "UDP port of the CoAP ingest over DTLS 1.2 with a PSK per gateway (identity {commune}/{gateway}).");
    public static final Setting<Boolean> COAP_PLAIN_ENABLED = bool("coap.plain-enabled", "false",
            "Also accept plain, unauthenticated CoAP on coap.port: only on a closed network, where the path alone "
                    + "names the gateway.");
    public static final Setting<Integer> COAP_MAX_IN_FLIGHT = integer("coap.max-in-flight", "1000", "requests",
            "CoAP requests received but not yet in Kafka; beyond it the ingest answers 5.03 with Max-Age.");

    public static final Setting<String> STORE_URL = string("store.url", "", "URL",
            "External time-series store (QuestDB http://host:9000 or InfluxDB 1.x http://host:8086); empty starts "
                    + "embedded QuestDB.");
    /** The store behind store.url: QuestDB needs its tables created with dedup keys, InfluxDB needs nothing. */
    public enum StoreKind { QUESTDB, INFLUXDB }

    public static final Setting<StoreKind> STORE_KIND = new Setting<>("store.kind", StoreKind.class, "questdb",
            "questdb|influxdb", "Kind of store: the runner creates QuestDB tables with dedup keys; InfluxDB needs none.",
            text -> enumValue(StoreKind.class, text));
    public static final Setting<String> STORE_DATABASE = string("store.database", "ioc", "",
            "InfluxDB database written to (QuestDB ignores it).");
    public static final Setting<String> STORE_USERNAME = string("store.username", "", "",
            "Store login; empty for none.");
    public static final Setting<String> STORE_PASSWORD = string("store.password", "", "", "Store password.");
    public static final Setting<Integer> STORE_HTTP_PORT = integer("store.http-port", "9000", "port",
            "HTTP port of embedded QuestDB (web console, SQL /exec, line protocol /write).");
    public static final Setting<Integer> STORE_PG_PORT = integer("store.pg-port", "8812", "port",
            "PostgreSQL wire port of embedded QuestDB.");
    public static final Setting<Integer> STORE_BATCH_SIZE = integer("store.batch-size", "2000", "lines",
            "Lines buffered before a write; the buffer is also written on every checkpoint.");

    public static final Setting<Integer> FLINK_WEB_PORT = integer("flink.web-port", "8081", "port",
            "Port of the Flink web UI and REST API of the embedded MiniCluster.");
    public static final Setting<Integer> FLINK_PARALLELISM = integer("flink.parallelism", "2", "count",
            "Parallelism of the telemetry job.");
    public static final Setting<Duration> FLINK_CHECKPOINT_INTERVAL = duration("flink.checkpoint-interval", "10s",
            "Checkpoint interval; store writes are flushed on each checkpoint.");

    /** Where the job keeps its state: on the JVM heap, or in RocksDB on local disk (state larger than memory). */
    public enum StateBackend { HEAP, ROCKSDB }

    public static final Setting<StateBackend> FLINK_STATE_BACKEND = new Setting<>("flink.state-backend",
            StateBackend.class, "heap", "heap|rocksdb", "Where the job keeps its state: heap (hashmap) or rocksdb "
                    + "(local disk under <data-dir>/flink, incremental checkpoints).",
            text -> enumValue(StateBackend.class, text));

    public static final Setting<Duration> MAX_OUT_OF_ORDERNESS = duration("pipeline.max-out-of-orderness", "10s",
            "How late a reading may arrive behind the newest one and still be in its window.");
    public static final Setting<Duration> ALLOWED_LATENESS = duration("pipeline.allowed-lateness", "10m",
            "How long after its window fired a late reading still updates it (the store row is rewritten); later "
                    + "ones go to ioc.deadletter.v1 as LATE_READING.");
    public static final Setting<Duration> SOURCE_IDLENESS = duration("pipeline.source-idleness", "30s",
            "After this long without data a Kafka partition stops holding back event time.");

    // alerts (jobs/README.md "Alert rules")
    public static final Setting<String> ALERTS_RULES_FILE = string("alerts.rules-file", "", "path",
            "Alert rules file (YAML: thresholds, device rules, storm policy; format in jobs/README.md); empty: the "
                    + "built-in default-alert-rules.yaml.");
    public static final Setting<Duration> ALERTS_EVALUATION_DELAY = duration("alerts.evaluation-delay", "0s",
            "How far behind event time a device's reports are evaluated for alerts; readings later than that are "
                    + "left out of its alerts (counted), though still in their windows.");

    public static final Setting<Boolean> SIM_ENABLED = bool("sim.enabled", "true",
            "Start the gateway simulator with the stack.");
    public static final Setting<Long> SIM_SEED = longValue("sim.seed", "42", "",
            "Seed of the simulator's deterministic values.");
    public static final Setting<String> SIM_COMMUNES = string("sim.communes", "all", "all|N|code,code,...",
            "Communes the simulator runs: all 130, the first N (urban wards first), or a comma-separated list of "
                    + "codes.");
    /** How the simulator places devices in communes. */
    public enum SimLayout { PROVINCE, UNIFORM }

    public static final Setting<SimLayout> SIM_LAYOUT = new Setting<>("sim.layout", SimLayout.class, "province",
            "province|uniform", "province: DOMAIN.md's devices per commune by region behind gateways of about 50 "
                    + "devices (10,538 devices for 130 communes); uniform: sim.devices-per-kind of every kind behind "
                    + "one gateway per commune.", text -> enumValue(SimLayout.class, text));
    public static final Setting<Integer> SIM_DEVICES_PER_KIND = integer("sim.devices-per-kind", "1", "count",
            "With sim.layout=uniform: simulated devices of each kind (ENV, LGT, CAM, SPK, AGR) per commune.");
    public static final Setting<GatewayProtocol> SIM_PROTOCOL = new Setting<>("sim.protocol", GatewayProtocol.class,
            "mqtt", "mqtt|mqtt3|coap|mixed", "How simulated gateways send: MQTT 5, MQTT 3.1.1, CoAP (needs "
                    + "coap.enabled), or mixed (a quarter each over MQTT 5, MQTT 3.1.1, CoAP with SenML JSON and CoAP "
                    + "with SenML CBOR).", GatewayProtocol::of);
    public static final Setting<String> SIM_SCENARIO = string("sim.scenario", "", "path",
            "Scenario file of faults for the simulator (see gateway-firmware-sim/README.md); relative times count "
                    + "from the stack's start. Empty: no faults.");
    public static final Setting<Double> SIM_SPEED = decimal("sim.speed", "1", "x",
            "Simulated seconds per wall-clock second (1 = real time).");

    // indicator feeds (README "Indicator feeds")
    public static final Setting<Boolean> INDICATORS_ENABLED = bool("indicators.enabled", "true",
            "Take indicator feeds: POST /api/v1/indicators on the HTTP API and the drop folder.");
    public static final Setting<String> INDICATORS_TOKENS_FILE = string("indicators.tokens-file", "", "path",
            "Bearer tokens of the feed sources, one source=sha256:<hex> per line; empty: "
                    + "<data-dir>/indicator-feeds/tokens.properties. Created with a demo source if missing.");
    public static final Setting<String> INDICATORS_DROP_FOLDER = string("indicators.drop-folder", "", "path",
            "Folder holding inbox/<source>/, done/ and rejected/ of dropped feed files; empty: "
                    + "<data-dir>/indicator-feeds.");
    public static final Setting<Duration> INDICATORS_DROP_SCAN_INTERVAL = duration("indicators.drop-scan-interval",
            "2s", "How often the drop folder's inbox is scanned; a file is taken once unchanged for one interval.");
    public static final Setting<Duration> INDICATORS_STALE_GRACE = duration("indicators.stale-grace", "1d",
            "How long after its reporting period closed a reported indicator without a value raises a "
                    + "stale-indicator-feed alert.");
    public static final Setting<Integer> INDICATORS_MAX_BODY_KIB = integer("indicators.max-body-kib", "4096", "KiB",
            "Largest feed document taken: a larger HTTP body is answered 413, a larger file is refused "
                    + "(FEED_TOO_LARGE).");

    public static final List<Setting<?>> ALL = List.of(DATA_DIR, BIND_HOST, HTTP_PORT, KAFKA_BOOTSTRAP, KAFKA_PORT,
            KAFKA_CONTROLLER_PORT, KAFKA_TELEMETRY_PARTITIONS, KAFKA_REPLICATION, MQTT_BROKER_URL, MQTT_PORT,
            MQTT_USERNAME, MQTT_PASSWORD, MQTT_AUTH, MQTT_MOSQUITTO_PASSWORD_FILE, MQTT_MOSQUITTO_ACL_FILE,
            MQTT_MOSQUITTO_RELOAD_COMMAND, GATEWAY_REGISTRY_FILE, INGEST_MAX_IN_FLIGHT, COAP_ENABLED,
            COAP_BIND_ADDRESS, COAP_PORT, COAP_DTLS_PORT, COAP_PLAIN_ENABLED, COAP_MAX_IN_FLIGHT, STORE_URL,
            STORE_KIND, STORE_DATABASE, STORE_USERNAME, STORE_PASSWORD, STORE_HTTP_PORT, STORE_PG_PORT, STORE_BATCH_SIZE, FLINK_WEB_PORT,
            FLINK_PARALLELISM, FLINK_CHECKPOINT_INTERVAL, FLINK_STATE_BACKEND, MAX_OUT_OF_ORDERNESS, ALLOWED_LATENESS,
            SOURCE_IDLENESS, ALERTS_RULES_FILE, ALERTS_EVALUATION_DELAY, SIM_ENABLED,
            SIM_SEED, SIM_COMMUNES, SIM_LAYOUT, SIM_DEVICES_PER_KIND, SIM_PROTOCOL, SIM_SCENARIO, SIM_SPEED,
            INDICATORS_ENABLED, INDICATORS_TOKENS_FILE, INDICATORS_DROP_FOLDER, INDICATORS_DROP_SCAN_INTERVAL, INDICATORS_STALE_GRACE,
            INDICATORS_MAX_BODY_KIB);

    private final Map<String, String> values;

    private IocConfig(Map<String, String> values) {
        this.values = values;
    }

    /** Only the defaults. */
    public static IocConfig defaults() {
        return new IocConfig(new LinkedHashMap<>());
    }

    /** Defaults, overridden by the file (if any), overridden by the explicit values. */
    public static IocConfig load(Path file, Map<String, String> overrides) throws IOException {
        Map<String, String> values = new LinkedHashMap<>();
        if (file != null) {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        }
        values.putAll(overrides);
        return new IocConfig(values).validated();
    }

    /** A copy with some values replaced. */
    public IocConfig with(Map<String, String> overrides) {
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.putAll(overrides);
        return new IocConfig(copy).validated();
    }

    public <T> T get(Setting<T> setting) {
        String text = values.get(setting.key());
        return setting.parse(text == null ? setting.defaultValue() : text);
    }

    /** The MQTT broker as gateways reach it: the external broker, or the embedded one on bind-host. */
    public String gatewayMqttUrl() {
        String external = get(MQTT_BROKER_URL);
        return external.isEmpty() ? "tcp://" + get(BIND_HOST) + ":" + get(MQTT_PORT) : external;
    }

    /** The CoAP ingest over DTLS as gateways reach it. */
    public String gatewayCoapsUrl() {
        String host = get(COAP_BIND_ADDRESS).isEmpty() ? get(BIND_HOST) : get(COAP_BIND_ADDRESS);
        return "coaps://" + host + ":" + get(COAP_DTLS_PORT);
    }

    /** {@link #GATEWAY_REGISTRY_FILE}, or its place in the data directory when it is not set. */
    public Path gatewayRegistryFile() {
        String file = get(GATEWAY_REGISTRY_FILE);
        return file.isEmpty() ? Path.of(get(DATA_DIR), "gateways", "registry.tsv") : Path.of(file);
    }

    private IocConfig validated() {
        for (String key : values.keySet()) {
            if (ALL.stream().noneMatch(s -> s.key().equals(key))) {
                throw new IllegalArgumentException("unknown setting '" + key + "'; known settings: "
                        + ALL.stream().map(Setting::key).toList());
            }
        }
        ALL.forEach(this::get);
        return this;
    }

    private static Setting<String> string(String key, String def, String unit, String description) {
        return new Setting<>(key, String.class, def, unit, description, s -> s);
    }

    private static Setting<Integer> integer(String key, String def, String unit, String description) {
        return new Setting<>(key, Integer.class, def, unit, description, Integer::valueOf);
    }

    private static Setting<Long> longValue(String key, String def, String unit, String description) {
        return new Setting<>(key, Long.class, def, unit, description, Long::valueOf);
    }

    private static Setting<Double> decimal(String key, String def, String unit, String description) {
        return new Setting<>(key, Double.class, def, unit, description, Double::valueOf);
    }

    private static Setting<Boolean> bool(String key, String def, String description) {
        return new Setting<>(key, Boolean.class, def, "true|false", description, s -> {
            if (!s.equals("true") && !s.equals("false")) {
                throw new IllegalArgumentException("expected true or false");
            }
            return Boolean.valueOf(s);
        });
    }

    private static Setting<Duration> duration(String key, String def, String description) {
        return new Setting<>(key, Duration.class, def, "duration (500ms, 10s, 5m, 1h)", description,
                IocConfig::parseDuration);
    }

    /** The constant whose lower-case name is the text, e.g. {@code questdb} for {@code QUESTDB}. */
    private static <E extends Enum<E>> E enumValue(Class<E> type, String text) {
        List<String> names = new ArrayList<>();
        for (E constant : type.getEnumConstants()) {
            String name = constant.name().toLowerCase(Locale.ROOT);
            if (name.equals(text)) {
                return constant;
            }
            names.add(name);
        }
        throw new IllegalArgumentException("expected " + String.join(" or ", names));
    }

    public static Duration parseDuration(String text) {
        String[][] units = {{"ms", "MILLIS"}, {"s", "SECONDS"}, {"m", "MINUTES"}, {"h", "HOURS"}, {"d", "DAYS"}};
        for (String[] unit : units) {
            if (text.endsWith(unit[0]) && text.length() > unit[0].length()) {
                String number = text.substring(0, text.length() - unit[0].length());
                if (number.chars().allMatch(Character::isDigit)) {
                    return Duration.of(Long.parseLong(number), java.time.temporal.ChronoUnit.valueOf(unit[1]));
                }
            }
        }
        throw new IllegalArgumentException("expected a number followed by ms, s, m, h or d");
    }
}
