package org.iocstream.deploy.embedded;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.iocstream.connectors.kafka.TopicProvisioner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts the three embedded services on free ports, uses each through its own protocol, stops them, and starts
 * them again on the same directories to find the data still there.
 */
class EmbeddedServicesITCase {

    private static final String HOST = "127.0.0.1";
    private static final Duration RESULT_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private static final String TOPIC = "it.embedded.v1";
    private static final String COMPACTED_TOPIC = "it.registry.v1";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);
    private static final String READER_GROUP = "it-reader";

    private static final String MQTT_TOPIC = "ioc/v1/16681/gw-01/telemetry";
    private static final String SUBSCRIBER = "it-subscriber";
    private static final byte[] ONLINE_PAYLOAD = "[{\"bn\":\"16681-ENV-0001:\",\"n\":\"pm2_5\",\"v\":35.2}]"
            .getBytes(StandardCharsets.UTF_8);
    private static final byte[] QUEUED_PAYLOAD = "[{\"bn\":\"16681-ENV-0001:\",\"n\":\"pm2_5\",\"v\":36.8}]"
            .getBytes(StandardCharsets.UTF_8);

    private static final String CREATE_TABLE = "CREATE TABLE IF NOT EXISTS t (k SYMBOL, v DOUBLE, ts TIMESTAMP) "
            + "TIMESTAMP(ts) PARTITION BY DAY WAL DEDUP UPSERT KEYS(ts, k)";
    private static final String COUNT_AND_LAST_VALUE = "select count(), last(v) from t";
    private static final long READING_TIME_NANOS = Instant.parse("2025-11-25T03:20:00Z").toEpochMilli() * 1_000_000L;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @TempDir
    Path dataDir;

    @Test
    @Timeout(value = 3, unit = TimeUnit.MINUTES)
    void servicesAnswerStopCleanlyAndKeepTheirDataAcrossARestart() throws Exception {
        Addresses addresses = Addresses.free();
        Set<Thread> nonDaemonThreadsBefore = nonDaemonThreads();
        Thread.UncaughtExceptionHandler uncaughtHandlerBefore = Thread.getDefaultUncaughtExceptionHandler();

        long committedOffset;
        String clusterId;
        try (EmbeddedKafka kafka = startKafka(addresses);
                EmbeddedHiveMq hiveMq = startHiveMq(addresses);
                EmbeddedQuestDb questDb = startQuestDb(addresses)) {
            assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(uncaughtHandlerBefore);

            clusterId = kafka.clusterId();
            committedOffset = produceAndConsumeBackWithKafka(kafka);
            publishAndReceiveWithMqttThenQueueForTheOfflineSubscriber(hiveMq);
            upsertWithIlpOverHttp(questDb);
        }

        for (int port : addresses.all()) {
            assertPortFree(port);
        }
        assertThat(awaitNonDaemonThreadsAmong(nonDaemonThreadsBefore))
                .as("non-daemon threads left by the stopped services")
                .isEmpty();
        assertThat(Thread.getDefaultUncaughtExceptionHandler()).isSameAs(uncaughtHandlerBefore);

        try (EmbeddedKafka kafka = startKafka(addresses);
                EmbeddedHiveMq hiveMq = startHiveMq(addresses);
                EmbeddedQuestDb questDb = startQuestDb(addresses)) {
            assertThat(kafka.clusterId()).isEqualTo(clusterId);
            assertKafkaKeptRecordsAndOffsets(kafka, committedOffset);
            assertThat(receiveAsReturningSubscriber(hiveMq))
                    .as("message queued for the subscriber's session before the restart")
                    .isEqualTo(QUEUED_PAYLOAD);
            assertThat(awaitQueryResult(questDb, COUNT_AND_LAST_VALUE, "[[1,2.5]]"))
                    .as("row written before the restart")
                    .isEqualTo(json.readTree("[[1,2.5]]"));
        }
    }

    private EmbeddedKafka startKafka(Addresses addresses) {
        return EmbeddedKafka.start(dataDir.resolve("kafka"), HOST, addresses.kafkaBroker, addresses.kafkaController);
    }

    private EmbeddedHiveMq startHiveMq(Addresses addresses) {
        return EmbeddedHiveMq.start(dataDir.resolve("hivemq"), HOST, addresses.mqtt);
    }

    private EmbeddedQuestDb startQuestDb(Addresses addresses) {
        return EmbeddedQuestDb.start(dataDir.resolve("questdb"), HOST, addresses.questDbHttp, addresses.questDbPgWire,
                OptionalInt.of(addresses.questDbIlpTcp));
    }

    /** Writes one record idempotently and one in a transaction, reads both back; returns the committed offset. */
    private long produceAndConsumeBackWithKafka(EmbeddedKafka kafka) throws Exception {
        List<TopicProvisioner.TopicSpec> topics = List.of(new TopicProvisioner.TopicSpec(TOPIC, 1, false),
                new TopicProvisioner.TopicSpec(COMPACTED_TOPIC, 3, true));
        assertThat(TopicProvisioner.ensure(kafka.bootstrapServers(), topics, (short) 1))
                .containsExactlyInAnyOrder(TOPIC, COMPACTED_TOPIC);
        // a second call finds both topics and leaves them alone
        assertThat(TopicProvisioner.ensure(kafka.bootstrapServers(), topics, (short) 1)).isEmpty();
        assertThat(describeTopic(kafka, TOPIC)).isEqualTo("partitions=1 cleanup.policy=delete");
        assertThat(describeTopic(kafka, COMPACTED_TOPIC)).isEqualTo("partitions=3 cleanup.policy=compact");

        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(kafka, Map.of()))) {
            producer.send(new ProducerRecord<>(TOPIC, "16681-ENV-0001", "35.2")).get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerProperties(kafka,
                Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "it-transactional")))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(TOPIC, "16681-LGT-0017", "61.5"));
            producer.commitTransaction();
        }

        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerProperties(kafka, READER_GROUP))) {
            consumer.subscribe(List.of(TOPIC));
            List<String> read = pollUntil(consumer, 2);
            assertThat(read).containsExactly("16681-ENV-0001=35.2", "16681-LGT-0017=61.5");
            consumer.commitSync();
            OffsetAndMetadata committed = consumer.committed(Set.of(PARTITION)).get(PARTITION);
            assertThat(committed).isNotNull();
            return committed.offset();
        }
    }

    private void assertKafkaKeptRecordsAndOffsets(EmbeddedKafka kafka, long committedOffset) {
        try (KafkaConsumer<String, String> reader = new KafkaConsumer<>(consumerProperties(kafka, READER_GROUP))) {
            OffsetAndMetadata committed = reader.committed(Set.of(PARTITION)).get(PARTITION);
            assertThat(committed).as("offset committed before the restart").isNotNull();
            assertThat(committed.offset()).isEqualTo(committedOffset);
        }
        try (KafkaConsumer<String, String> newcomer = new KafkaConsumer<>(consumerProperties(kafka, "it-newcomer"))) {
            newcomer.subscribe(List.of(TOPIC));
            assertThat(pollUntil(newcomer, 2)).containsExactly("16681-ENV-0001=35.2", "16681-LGT-0017=61.5");
        }
    }

    /** The topic's partition count and cleanup policy. */
    private static String describeTopic(EmbeddedKafka kafka, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers()))) {
            int partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions().size();
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            String cleanupPolicy = admin.describeConfigs(List.of(resource)).all().get().get(resource)
                    .get(TopicConfig.CLEANUP_POLICY_CONFIG).value();
            return "partitions=" + partitions + " cleanup.policy=" + cleanupPolicy;
        }
    }

    private static Map<String, Object> producerProperties(EmbeddedKafka kafka, Map<String, Object> extra) {
        Map<String, Object> properties = new HashMap<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class));
        properties.putAll(extra);
        return properties;
    }

    private static Map<String, Object> consumerProperties(EmbeddedKafka kafka, String group) {
        return Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
    }

    /** Polls until the count of records has arrived or the deadline passed; returns them as key=value. */
    private static List<String> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<String> read = new ArrayList<>();
        Instant deadline = Instant.now().plus(RESULT_TIMEOUT);
        while (read.size() < count && Instant.now().isBefore(deadline)) {
            for (ConsumerRecord<String, String> record : consumer.poll(POLL_INTERVAL)) {
                read.add(record.key() + "=" + record.value());
            }
        }
        return read;
    }

    /**
     * A subscriber with a persistent session receives a QoS 1 message, goes offline, and the next message is
     * queued for it by the broker.
     */
    private void publishAndReceiveWithMqttThenQueueForTheOfflineSubscriber(EmbeddedHiveMq hiveMq)
            throws MqttException, InterruptedException {
        MqttClient subscriber = new MqttClient(hiveMq.brokerUrl(), SUBSCRIBER, new MemoryPersistence());
        MqttClient publisher = new MqttClient(hiveMq.brokerUrl(), "it-publisher", new MemoryPersistence());
        try {
            BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
            // the per-subscription listener overloads of Paho's v5 MqttClient 1.2.5 are broken: use the callback
            subscriber.setCallback(new CollectingCallback(received));
            subscriber.connect(persistentSession());
            IMqttToken subscription = subscriber.subscribe(MQTT_TOPIC, 1);
            assertThat(subscription.getReasonCodes()).containsExactly(1); // granted QoS 1

            publisher.connect(new MqttConnectionOptions());
            publisher.publish(MQTT_TOPIC, qos1(ONLINE_PAYLOAD)); // returns once the broker's PUBACK arrived

            MqttMessage delivered = received.poll(RESULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(delivered).as("message delivered to the subscriber").isNotNull();
            assertThat(delivered.getPayload()).isEqualTo(ONLINE_PAYLOAD);
            assertThat(delivered.getQos()).isEqualTo(1);

            subscriber.disconnect();
            publisher.publish(MQTT_TOPIC, qos1(QUEUED_PAYLOAD));
        } finally {
            disconnectAndClose(publisher);
            disconnectAndClose(subscriber);
        }
    }

    /** Reconnects the subscriber to its persistent session; returns the payload of the first message it gets. */
    private byte[] receiveAsReturningSubscriber(EmbeddedHiveMq hiveMq) throws MqttException, InterruptedException {
        MqttClient subscriber = new MqttClient(hiveMq.brokerUrl(), SUBSCRIBER, new MemoryPersistence());
        try {
            BlockingQueue<MqttMessage> received = new LinkedBlockingQueue<>();
            subscriber.setCallback(new CollectingCallback(received));
            subscriber.connect(persistentSession());
            MqttMessage delivered = received.poll(RESULT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            assertThat(delivered).as("queued message delivered after the restart").isNotNull();
            return delivered.getPayload();
        } finally {
            disconnectAndClose(subscriber);
        }
    }

    private static MqttConnectionOptions persistentSession() {
        MqttConnectionOptions options = new MqttConnectionOptions();
        options.setCleanStart(false);
        options.setSessionExpiryInterval(Duration.ofHours(1).toSeconds());
        return options;
    }

    private static MqttMessage qos1(byte[] payload) {
        MqttMessage message = new MqttMessage(payload);
        message.setQos(1);
        return message;
    }

    private static void disconnectAndClose(MqttClient client) throws MqttException {
        if (client.isConnected()) {
            client.disconnect();
        }
        client.close();
    }

    private void upsertWithIlpOverHttp(EmbeddedQuestDb questDb) throws IOException, InterruptedException {
        HttpResponse<String> created = http.send(execRequest(questDb, CREATE_TABLE),
                HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);

        // two requests: the second one commits after the first and must replace its value
        writeIlp(questDb, "t,k=16681-ENV-0001 v=1.5 " + READING_TIME_NANOS + "\n");
        writeIlp(questDb, "t,k=16681-ENV-0001 v=2.5 " + READING_TIME_NANOS + "\n");

        assertThat(awaitQueryResult(questDb, COUNT_AND_LAST_VALUE, "[[1,2.5]]"))
                .as("one row, holding the second value")
                .isEqualTo(json.readTree("[[1,2.5]]"));
    }

    private void writeIlp(EmbeddedQuestDb questDb, String lines) throws IOException, InterruptedException {
        HttpRequest write = HttpRequest.newBuilder(URI.create(questDb.httpUrl() + "/write"))
                .POST(HttpRequest.BodyPublishers.ofString(lines))
                .build();
        HttpResponse<String> response = http.send(write, HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(204);
    }

    /**
     * Runs the query until its dataset equals the expected one (WAL tables are applied asynchronously) or the
     * deadline passed; returns the last dataset seen.
     */
    private JsonNode awaitQueryResult(EmbeddedQuestDb questDb, String query, String expectedDataset)
            throws IOException, InterruptedException {
        JsonNode expected = json.readTree(expectedDataset);
        Instant deadline = Instant.now().plus(RESULT_TIMEOUT);
        JsonNode dataset = query(questDb, query);
        while (!expected.equals(dataset) && Instant.now().isBefore(deadline)) {
            TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL.toMillis()); // polling, with a deadline
            dataset = query(questDb, query);
        }
        return dataset;
    }

    private JsonNode query(EmbeddedQuestDb questDb, String query) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(execRequest(questDb, query), HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(response.body());
        // a table not created yet or not visible yet answers with an error: keep the error as the result
        return body.has("dataset") ? body.get("dataset") : body;
    }

    private static HttpRequest execRequest(EmbeddedQuestDb questDb, String query) {
        return HttpRequest.newBuilder(URI.create(questDb.httpUrl() + "/exec?query="
                + URLEncoder.encode(query, StandardCharsets.UTF_8))).build();
    }

    private static void assertPortFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(HOST, port));
        } catch (IOException e) {
            throw new AssertionError("port " + port + " is still taken after close()", e);
        }
    }

    private static Set<Thread> nonDaemonThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> !thread.isDaemon() && thread.isAlive())
                .collect(Collectors.toSet());
    }

    /** Non-daemon threads that did not exist before; clients may need a moment to end theirs after close(). */
    private static List<String> awaitNonDaemonThreadsAmong(Set<Thread> before) throws InterruptedException {
        Instant deadline = Instant.now().plus(RESULT_TIMEOUT);
        List<String> added = newNonDaemonThreads(before);
        while (!added.isEmpty() && Instant.now().isBefore(deadline)) {
            TimeUnit.MILLISECONDS.sleep(POLL_INTERVAL.toMillis()); // polling, with a deadline
            added = newNonDaemonThreads(before);
        }
        return added;
    }

    private static List<String> newNonDaemonThreads(Set<Thread> before) {
        return nonDaemonThreads().stream()
                .filter(thread -> !before.contains(thread))
                .map(Thread::getName)
                .sorted()
                .collect(Collectors.toList());
    }

    /** Six distinct free ports. */
    private static final class Addresses {
        final int kafkaBroker;
        final int kafkaController;
        final int mqtt;
        final int questDbHttp;
        final int questDbPgWire;
        final int questDbIlpTcp;

        private Addresses(List<Integer> ports) {
            kafkaBroker = ports.get(0);
            kafkaController = ports.get(1);
            mqtt = ports.get(2);
            questDbHttp = ports.get(3);
            questDbPgWire = ports.get(4);
            questDbIlpTcp = ports.get(5);
        }

        static Addresses free() {
            Set<Integer> ports = new LinkedHashSet<>();
            while (ports.size() < 6) {
                ports.add(Ports.free());
            }
            return new Addresses(List.copyOf(ports));
        }

        List<Integer> all() {
            return List.of(kafkaBroker, kafkaController, mqtt, questDbHttp, questDbPgWire, questDbIlpTcp);
        }
    }

    /** Collects the messages a subscriber receives. */
    private static final class CollectingCallback extends SubscriberCallback {
        private final BlockingQueue<MqttMessage> received;

        CollectingCallback(BlockingQueue<MqttMessage> received) {
            this.received = received;
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            received.add(message);
        }
    }
}
