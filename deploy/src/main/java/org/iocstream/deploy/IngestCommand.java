package org.iocstream.deploy;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.connectors.kafka.DeviceRegistryLoader;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.deploy.http.HttpApiServer;
import org.iocstream.deploy.stack.MosquittoAuthFiles;
import org.iocstream.deploy.stack.MqttIngestRunner;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code ioc-stream ingest}: one more MQTT ingest instance beside a running stack, to split the load. */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = {"Runs one more MQTT ingest instance against an existing Kafka and MQTT broker until Ctrl-C. "
                + "Instances share one subscription group, so the broker splits the gateways' messages between "
                + "them; each acknowledges a message only once Kafka has it, and a killed instance started again "
                + "with the same --instance gets back what it had not acknowledged.",
                "The stack of 'ioc-stream up' runs instance 1. Example, beside 'ioc-stream up':",
                "  ioc-stream ingest --instance 2 --set kafka.bootstrap-servers=127.0.0.1:9092 "
                        + "--set mqtt.broker-url=tcp://127.0.0.1:1883 --set http.port=8090"})
final class IngestCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    SettingsOptions settings;

    @Option(names = "--instance", required = true, paramLabel = "ID", description = "Name of this instance, unique "
            + "among the ingests (letters, digits, '-'): its broker session and its account are named after it.")
    String instance;

    @Override
    public Integer call() throws Exception {
        if (!instance.matches("[A-Za-z0-9-]{1,32}")) {
            throw new ParameterException(spec.commandLine(), "--instance must be 1-32 letters, digits or '-'");
        }
        IocConfig config = settings.load();
        String kafka = config.get(IocConfig.KAFKA_BOOTSTRAP);
        String broker = config.get(IocConfig.MQTT_BROKER_URL);
        if (kafka.isEmpty() || broker.isEmpty()) {
            throw new ParameterException(spec.commandLine(), "an extra ingest joins existing services: set "
                    + "kafka.bootstrap-servers and mqtt.broker-url");
        }
        PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        DeviceRegistry devices = new DeviceRegistry();
        DeviceRegistryLoader.load(kafka, devices, Duration.ofMinutes(1));
        GatewayRegistry gateways = GatewayRegistry.open(config.gatewayRegistryFile(), Clock.systemUTC());
        MqttIngestRunner.Login login = MqttIngestRunner.login(config, instance, gateways);
        // an external Mosquitto learns the new account from its files
        MosquittoAuthFiles.update(config, gateways);
        CountDownLatch stopped = new CountDownLatch(1);
        try (HttpApiServer http = HttpApiServer.start(config.get(IocConfig.BIND_HOST), config.get(IocConfig.HTTP_PORT),
                meters);
                MqttIngestRunner ingest = MqttIngestRunner.start(config, kafka, broker, instance, login, devices,
                        meters, Clock.systemUTC())) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                ingest.close();
                stopped.countDown();
            }, "ioc-stream-ingest-shutdown"));
            spec.commandLine().getOut().printf("MQTT ingest instance %s is up: %s -> Kafka %s; metrics at %s/metrics%n",
                    instance, broker, kafka, http.url());
            spec.commandLine().getOut().flush();
            stopped.await();
        }
        return 0;
    }
}
