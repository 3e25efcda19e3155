package org.iocstream.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.iocstream.deploy.embedded.EmbeddedHiveMq;
import org.iocstream.deploy.embedded.Ports;

/**
 * What one Paho v5 {@link MqttAsyncClient} connection costs in threads and heap, connected the way
 * {@code MqttGatewayFleet} connects a gateway (clean start, username, retained Will, automatic reconnect), at
 * 100, 500 and 1000 connections to the embedded HiveMQ: the reason the load mode has its own client.
 *
 * <p>Arguments ({@code key=value}): {@code connections=100,500,1000}; {@code broker=tcp://host:port} to use a
 * running broker instead of starting one.
 */
public final class PahoConnectionCostBenchmark {

    private static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.UTF_8);

    private PahoConnectionCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkArgs options = BenchmarkArgs.parse(Map.of("connections", "100,500,1000", "broker", ""), args);
        System.out.println("Paho v5 connection cost: " + JvmFigures.environment() + ", " + options);
        EmbeddedHiveMq broker = null;
        int status = 0;
        try {
            String brokerUri = options.string("broker");
            if (brokerUri.isEmpty()) {
                Path dataDir = Files.createTempDirectory("paho-cost-hivemq");
                broker = EmbeddedHiveMq.start(dataDir, "127.0.0.1", Ports.free());
                brokerUri = broker.brokerUrl();
            }
            System.out.printf(Locale.ROOT, "%12s %10s %14s %16s %14s %18s %10s%n", "connections", "connect s",
                    "threads added", "threads/client", "heap added MB", "heap/client KB", "RSS MB");
            for (String level : options.string("connections").split(",")) {
                measure(brokerUri, Integer.parseInt(level.trim()));
            }
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
        // HiveMQ leaves non-daemon threads behind an exception; end the JVM either way
        System.exit(status);
    }

    private static void measure(String brokerUri, int count) throws MqttException {
        int threadsBefore = JvmFigures.liveThreads();
        long heapBefore = JvmFigures.heapAfterGc();
        long start = System.nanoTime();
        List<MqttAsyncClient> clients = new ArrayList<>(count);
        List<IMqttToken> connecting = new ArrayList<>(count);
        try {
            for (int i = 0; i < count; i++) {
                String name = String.format("paho-%05d", i);
                MqttAsyncClient client = new MqttAsyncClient(brokerUri, "sim-cost-" + name, new MemoryPersistence());
                clients.add(client);
                MqttConnectionOptions connection = new MqttConnectionOptions();
                connection.setCleanStart(true);
                connection.setUserName("cost/" + name);
                connection.setConnectionTimeout(60);
                connection.setAutomaticReconnect(true);
                connection.setWill("ioc/v1/cost/" + name + "/status",
                        new MqttMessage(OFFLINE, 1, true, new MqttProperties()));
                connecting.add(client.connect(connection));
            }
            for (IMqttToken token : connecting) {
                token.waitForCompletion(TimeUnit.SECONDS.toMillis(120));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            int threadsAdded = JvmFigures.liveThreads() - threadsBefore;
            long heapAdded = JvmFigures.heapAfterGc() - heapBefore;
            System.out.printf(Locale.ROOT, "%12d %10.1f %14d %16.2f %14d %18.1f %10d%n", count, seconds,
                    threadsAdded, threadsAdded / (double) count, JvmFigures.mb(heapAdded), heapAdded / 1024.0 / count,
                    JvmFigures.mb(JvmFigures.residentBytes()));
            System.out.println("    threads by name: " + JvmFigures.threadsByName());
        } finally {
            for (MqttAsyncClient client : clients) {
                try {
                    if (client.isConnected()) {
                        client.disconnectForcibly(0, 1000, false);
                    }
                    client.close(true);
                } catch (MqttException e) {
                    System.out.println("    closing " + client.getClientId() + ": " + e);
                }
            }
        }
    }
}
