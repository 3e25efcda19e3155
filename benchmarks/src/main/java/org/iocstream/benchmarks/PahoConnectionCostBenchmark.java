package org.iocstream.benchmarks;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.iocstream.deploy.embedded.EmbeddedHiveMq;
import org.iocstream.deploy.embedded.Ports;
import org.iocstream.sim.Communes;
import org.iocstream.sim.Gateway;
import org.iocstream.sim.Reading;
import org.iocstream.sim.SenmlEncoder;
import org.iocstream.sim.SignalModel;
import org.iocstream.sim.load.LoadFleet;

/**
 * What one Paho v5 {@link MqttAsyncClient} connection costs in threads and heap, connected the way
 * {@code MqttGatewayFleet} connects a gateway (clean start, username, retained Will, automatic reconnect), at
 * 100, 500 and 1000 connections to the embedded HiveMQ: the reason the load mode has its own client.
 *
 * <p>At each level the connected clients then publish, round robin, the pre-encoded messages a load gateway
 * sends, at a target rate of readings per second with at most 10 messages in flight per client (as
 * {@code MqttGatewayFleet}): whether the rate holds, and at what CPU.
 *
 * <p>Arguments ({@code key=value}): {@code connections=100,500,1000}; {@code rate=20000} readings/s and
 * {@code publishSeconds=15} (0: connect only); {@code broker=tcp://host:port} to use a running broker instead of
 * starting one.
 */
public final class PahoConnectionCostBenchmark {

    private static final int IN_FLIGHT_PER_CLIENT = 10;
    private static final Instant SIMULATED_START = Instant.parse("2026-01-05T00:00:00Z");
    private static final byte[] OFFLINE = "offline".getBytes(StandardCharsets.UTF_8);

    private PahoConnectionCostBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        BenchmarkArgs options = BenchmarkArgs.parse(Map.of("connections", "100,500,1000", "broker", "",
                "rate", "20000", "publishSeconds", "15"), args);
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
            for (String level : options.string("connections").split(",")) {
                measure(brokerUri, Integer.parseInt(level.trim()), options.decimal("rate"),
                        Duration.ofSeconds(options.integer("publishSeconds")));
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

    /**
     * Publishes pre-encoded messages round robin at {@code rate} readings/s for the given time, at most 10 in
     * flight per client, and prints the rate acknowledged and the process CPU it took.
     */
    private static void publish(List<MqttAsyncClient> clients, double rate, Duration time)
            throws InterruptedException {
        Gateway template = LoadFleet.of(Communes.all().subList(0, 1), 1).gateways().get(0);
        SignalModel signals = new SignalModel(42);
        List<List<Reading>> minute = new ArrayList<>();
        List<byte[]> payloads = new ArrayList<>();
        for (long t = SIMULATED_START.getEpochSecond(); t < SIMULATED_START.getEpochSecond() + 60; t++) {
            List<Reading> readings = signals.readingsDue(template, Instant.ofEpochSecond(t));
            if (!readings.isEmpty()) {
                minute.add(readings);
                payloads.add(SenmlEncoder.encode(readings).getBytes(StandardCharsets.UTF_8));
            }
        }
        List<Semaphore> windows = new ArrayList<>();
        for (int i = 0; i < clients.size(); i++) {
            windows.add(new Semaphore(IN_FLIGHT_PER_CLIENT));
        }
        AtomicLong ackedReadings = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long sentReadings = 0;
        long sent = 0;
        long cpuBefore = JvmFigures.processCpuNanos();
        long start = System.nanoTime();
        long end = start + time.toNanos();
        int peakThreads = JvmFigures.liveThreads();
        for (int i = 0; System.nanoTime() < end; i++) {
            int client = i % clients.size();
            int message = (i / clients.size()) % payloads.size();
            int readings = minute.get(message).size();
            long due = start + (long) (sentReadings / rate * 1e9);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            Semaphore window = windows.get(client);
            if (!window.tryAcquire(30, TimeUnit.SECONDS)) {
                failed.incrementAndGet();
                continue;
            }
            sent++;
            sentReadings += readings;
            MqttAsyncClient mqtt = clients.get(client);
            try {
                mqtt.publish("ioc/v1/cost/" + mqtt.getClientId() + "/telemetry",
                        new MqttMessage(payloads.get(message), 1, false, new MqttProperties()), null,
                        new MqttActionListener() {
                            @Override
                            public void onSuccess(IMqttToken token) {
                                ackedReadings.addAndGet(readings);
                                window.release();
                            }

                            @Override
                            public void onFailure(IMqttToken token, Throwable failure) {
                                failed.incrementAndGet();
                                window.release();
                            }
                        });
            } catch (MqttException e) {
                failed.incrementAndGet();
                window.release();
            }
            if (i % 1000 == 0) {
                peakThreads = Math.max(peakThreads, JvmFigures.liveThreads());
            }
        }
        for (Semaphore window : windows) {
            if (window.tryAcquire(IN_FLIGHT_PER_CLIENT, 30, TimeUnit.SECONDS)) {
                window.release(IN_FLIGHT_PER_CLIENT);
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cores = (JvmFigures.processCpuNanos() - cpuBefore) / 1e9 / seconds;
        System.out.printf(Locale.ROOT, "    publishing at a target of %.0f readings/s for %.0f s: %.0f readings/s "
                        + "acknowledged (%d messages sent, %d failed), process CPU %.2f cores, peak %d threads%n",
                rate, time.toSeconds() * 1.0, ackedReadings.get() / seconds, sent, failed.get(), cores, peakThreads);
    }

    private static void measure(String brokerUri, int count, double rate, Duration publishTime)
            throws MqttException, InterruptedException {
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
            System.out.printf(Locale.ROOT, "%d Paho connections: connected in %.1f s; %d threads added (%.2f per "
                            + "connection); %d MB heap added after GC (%.1f KB per connection); RSS %d MB%n", count,
                    seconds, threadsAdded, threadsAdded / (double) count, JvmFigures.mb(heapAdded),
                    heapAdded / 1024.0 / count, JvmFigures.mb(JvmFigures.residentBytes()));
            System.out.println("    threads by name: " + JvmFigures.threadsByName());
            if (!publishTime.isZero()) {
                publish(clients, rate, publishTime);
            }
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
