package org.iocstream.deploy.stack;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import org.apache.kafka.clients.producer.Producer;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.connectors.ingest.MetricCatalog;
import org.iocstream.connectors.ingest.TelemetryMapper;
import org.iocstream.connectors.kafka.DeviceRegistryLoader;
import org.iocstream.connectors.kafka.KafkaProducers;
import org.iocstream.connectors.mqtt.MqttIngest;
import org.iocstream.connectors.mqtt.MqttIngestOptions;
import org.iocstream.connectors.senml.SenmlParser;
import org.iocstream.deploy.config.IocConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One MQTT ingest instance as configured, with its own Kafka producer: the one inside {@code ioc-stream up} and
 * each extra one of {@code ioc-stream ingest}. Instances share the broker's subscription group, so they split the
 * gateways' messages; each keeps its own broker session, so a restarted instance gets back what it had not
 * acknowledged.
 */
public final class MqttIngestRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MqttIngestRunner.class);
    /** The shared-subscription group of every ingest instance. */
    static final String SHARE_GROUP = "ioc-ingest";

    private final Producer<byte[], byte[]> producer;
    private final MqttIngest ingest;
    private boolean closed;

    private MqttIngestRunner(Producer<byte[], byte[]> producer, MqttIngest ingest) {
        this.producer = producer;
        this.ingest = ingest;
    }

    /** How an ingest instance logs in to the broker; both null for an anonymous broker. */
    public record Login(String username, String password) {
    }

    /**
     * The login of instance {@code instanceId}: {@code mqtt.ingest-username} and its password if set; otherwise,
     * with {@code mqtt.auth=registry}, an account of its own issued now, {@code ioc-ingest-<instanceId>} (a
     * password issued anew replaces the old one, so instances must not share an account); otherwise anonymous.
     * Issue it before writing an external broker's password files, so that they hold it.
     */
    public static Login login(IocConfig config, String instanceId, GatewayRegistry gateways) {
        String username = Stack.emptyToNull(config.get(IocConfig.MQTT_USERNAME));
        if (username != null || config.get(IocConfig.MQTT_AUTH) != IocConfig.MqttAuth.REGISTRY) {
            return new Login(username, Stack.emptyToNull(config.get(IocConfig.MQTT_PASSWORD)));
        }
        // the password lives only in this process and, as a hash, in the registry
        String account = SHARE_GROUP + "-" + instanceId;
        return new Login(account, gateways.issueService(account, GatewayRegistry.Role.INGEST));
    }

    /**
     * Connects instance {@code instanceId} to the broker and subscribes. {@code devices} should already hold the
     * device lists on Kafka (see {@link DeviceRegistryLoader}).
     */
    public static MqttIngestRunner start(IocConfig config, String kafkaBootstrap, String brokerUrl, String instanceId,
            Login login, DeviceRegistry devices, MeterRegistry meters, Clock clock) throws Exception {
        Producer<byte[], byte[]> producer = KafkaProducers.reliable(kafkaBootstrap, "ioc-mqtt-ingest-" + instanceId);
        MqttIngest ingest = new MqttIngest(new MqttIngestOptions(brokerUrl, "ioc-mqtt-ingest-" + instanceId,
                login.username(), login.password(), SHARE_GROUP, config.get(IocConfig.INGEST_MAX_IN_FLIGHT)), producer,
                new SenmlParser(), new TelemetryMapper(MetricCatalog.standard(), devices), devices, meters, clock);
        MqttIngestRunner runner = new MqttIngestRunner(producer, ingest);
        try {
            ingest.start();
        } catch (Exception e) {
            runner.close();
            throw e;
        }
        return runner;
    }

    /** Messages received and not yet in Kafka. */
    public int inFlight() {
        return ingest.inFlight();
    }

    /** Stops taking messages, lets those in flight reach Kafka (the ingest waits for them), then the producer. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            ingest.close();
        } catch (Exception e) {
            LOG.error("MQTT ingest did not close cleanly; the broker delivers its unacknowledged messages again", e);
        } finally {
            producer.close();
        }
    }
}
