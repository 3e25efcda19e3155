package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.iocstream.connectors.timeseries.QuestDbAdmin;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.deploy.embedded.Ports;
import org.iocstream.schemas.WireCodec;
import org.iocstream.sim.ExpectedWindow;
import org.apache.avro.specific.SpecificRecord;

/** Shared by the end-to-end tests: a stack on free ports, store queries and Kafka reads with deadlines. */
final class StackTestSupport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private StackTestSupport() {
    }

    /** The embedded stack on free ports under dataDir, simulator off unless the overrides turn it on. */
    static IocConfig embeddedConfig(Path dataDir, Map<String, String> overrides) {
        Map<String, String> values = new HashMap<>();
        values.put(IocConfig.DATA_DIR.key(), dataDir.toString());
        values.put(IocConfig.HTTP_PORT.key(), String.valueOf(Ports.free()));
        values.put(IocConfig.KAFKA_PORT.key(), String.valueOf(Ports.free()));
        values.put(IocConfig.KAFKA_CONTROLLER_PORT.key(), String.valueOf(Ports.free()));
        values.put(IocConfig.MQTT_PORT.key(), String.valueOf(Ports.free()));
        values.put(IocConfig.COAP_PORT.key(), String.valueOf(Ports.freeUdp()));
        values.put(IocConfig.COAP_DTLS_PORT.key(), String.valueOf(Ports.freeUdp()));
        values.put(IocConfig.STORE_HTTP_PORT.key(), String.valueOf(Ports.free()));
        values.put(IocConfig.STORE_PG_PORT.key(), String.valueOf(Ports.free()));
        values.put(IocConfig.FLINK_WEB_PORT.key(), String.valueOf(Ports.free()));
        values.put(IocConfig.FLINK_CHECKPOINT_INTERVAL.key(), "2s");
        values.put(IocConfig.SIM_ENABLED.key(), "false");
        values.put(IocConfig.SOURCE_IDLENESS.key(), "5s");
        values.putAll(overrides);
        return IocConfig.defaults().with(values);
    }

    /** Rows of a QuestDB query as column-name maps (numbers as Double or Long, timestamps as strings). */
    static List<Map<String, Object>> query(String storeUrl, String sql) {
        try {
            JsonNode answer = JSON.readTree(new QuestDbAdmin(storeUrl).exec(sql));
            List<String> columns = new ArrayList<>();
            answer.get("columns").forEach(c -> columns.add(c.get("name").asText()));
            List<Map<String, Object>> rows = new ArrayList<>();
            for (JsonNode row : answer.get("dataset")) {
                Map<String, Object> values = new HashMap<>();
                for (int i = 0; i < columns.size(); i++) {
                    JsonNode cell = row.get(i);
                    values.put(columns.get(i), cell.isNull() ? null
                            : cell.isIntegralNumber() ? (Object) cell.asLong()
                            : cell.isNumber() ? (Object) cell.asDouble() : cell.asText());
                }
                rows.add(values);
            }
            return rows;
        } catch (java.io.IOException e) {
            throw new IllegalStateException("QuestDB answered something that is not JSON", e);
        }
    }

    /** Polls until the value satisfies the condition, then returns it; fails with the last value at the deadline. */
    static <T> T awaitValue(Duration timeout, Supplier<T> value, Predicate<T> condition, String what) {
        T last = pollUntil(timeout, value, condition);
        if (!condition.test(last)) {
            throw new AssertionError("timed out after " + timeout + " waiting for " + what + "; last seen: "
                    + abbreviate(String.valueOf(last)));
        }
        return last;
    }

    /** Polls until the value satisfies the condition or the deadline passes, and returns the last value. */
    static <T> T pollUntil(Duration timeout, Supplier<T> value, Predicate<T> condition) {
        Instant deadline = Instant.now().plus(timeout);
        T last = value.get();
        while (!condition.test(last) && Instant.now().isBefore(deadline)) {
            pause();
            last = value.get();
        }
        return last;
    }

    /** Every record of a topic from the beginning, decoded, read until the condition holds or the deadline. */
    static <T extends SpecificRecord> List<T> readTopicUntil(String bootstrap, String topic, Class<T> type,
            Predicate<List<T>> condition, Duration timeout) {
        List<T> records = readTopicAtMost(bootstrap, topic, type, condition, timeout);
        if (!condition.test(records)) {
            throw new AssertionError("timed out after " + timeout + " reading " + topic + "; got "
                    + records.size() + " records: " + abbreviate(records.toString()));
        }
        return records;
    }

    /**
     * Every record of a topic from the beginning, decoded, read until the condition holds or the deadline, when
     * what was read is returned: the caller's assertions then say what is missing.
     */
    static <T extends SpecificRecord> List<T> readTopicAtMost(String bootstrap, String topic, Class<T> type,
            Predicate<List<T>> condition, Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        // the job writes alerts in Kafka transactions: what a restart aborted must not be read
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + System.nanoTime());
        WireCodec<T> codec = WireCodec.of(type);
        List<T> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(timeout);
            while (!condition.test(records) && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    records.add(codec.decode(record.value()));
                }
            }
        }
        return records;
    }

    /** Every row of the window table in [from, to) equals one expected window, and none is missing or extra. */
    static void assertStoreEqualsTruth(String storeUrl, String table, Instant from, Instant to,
            List<ExpectedWindow> truth) {
        String sql = "select device_id, metric, unit, commune, gateway, timestamp, count, min, max, sum, mean, first,"
                + " last from " + table + " where timestamp >= '" + from + "' and timestamp < '" + to + "'";
        // at the deadline, compare what is there: the difference says which rows are missing
        List<Map<String, Object>> rows = pollUntil(Duration.ofMinutes(3), () -> query(storeUrl, sql),
                r -> r.size() >= truth.size());

        List<String> stored = rows.stream().map(StackTestSupport::describe).toList();
        List<String> expected = truth.stream().map(StackTestSupport::describe).toList();
        assertThat(stored).as("rows of %s between %s and %s", table, from, to)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    private static String describe(Map<String, Object> row) {
        return String.join("|", (String) row.get("device_id"), (String) row.get("metric"),
                row.get("unit") == null ? "" : (String) row.get("unit"), (String) row.get("commune"),
                (String) row.get("gateway"), Instant.parse((String) row.get("timestamp")).toString(),
                String.valueOf(row.get("count")), String.valueOf(row.get("min")), String.valueOf(row.get("max")),
                String.valueOf(row.get("sum")), String.valueOf(row.get("mean")), String.valueOf(row.get("first")),
                String.valueOf(row.get("last")));
    }

    private static String describe(ExpectedWindow window) {
        return String.join("|", window.deviceId(), window.metric(), window.unit() == null ? "" : window.unit(),
                window.commune(), window.gateway(), window.windowStart().toString(), String.valueOf(window.count()),
                String.valueOf(window.min()), String.valueOf(window.max()), String.valueOf(window.sum()),
                String.valueOf(window.mean()), String.valueOf(window.first()), String.valueOf(window.last()));
    }

    private static String abbreviate(String text) {
        return text.length() > 2000 ? text.substring(0, 2000) + "..." : text;
    }

    private static void pause() {
        try {
            TimeUnit.MILLISECONDS.sleep(500);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
