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
import java.util.concurrent.atomic.AtomicLong;
import org.iocstream.deploy.embedded.EmbeddedHiveMq;
import org.iocstream.deploy.embedded.Ports;
import org.iocstream.sim.Communes;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.Gateway;
import org.iocstream.sim.GatewaySecrets;
import org.iocstream.sim.Reading;
import org.iocstream.sim.SenmlEncoder;
import org.iocstream.sim.SignalModel;
import org.iocstream.sim.TelemetryMessage;
import org.iocstream.sim.load.LoadDriver;
import org.iocstream.sim.load.LoadFleet;
import org.iocstream.sim.load.LoadGatewayTransport;
import org.iocstream.sim.load.LoadRunOptions;
import org.iocstream.sim.load.LoadSummary;
import org.iocstream.sim.load.LoadTransportOptions;

/**
 * The simulator's load mode against the embedded HiveMQ: thousands of gateway connections on a few threads at a
 * target rate of readings per second, next to a baseline measured in the same run, the broker's raw publish rate
 * with a few connections sending pre-encoded messages as fast as acknowledged.
 *
 * <p>Arguments ({@code key=value}, defaults in brackets): {@code gatewaysPerCommune} [39, × 130 communes = 5070
 * connections], {@code rate} readings/s [20000; 0 = as fast as acknowledged], {@code duration} s [60],
 * {@code baselineConnections} [4], {@code baselineSeconds} [15], {@code ioThreads} [2], {@code seed} [42],
 * {@code broker} [empty: start the embedded broker in this JVM; {@code tcp://host:port}: use a running one, e.g.
 * {@link EmbeddedBrokerMain} in another JVM].
 */
public final class SimLoadBenchmark {

    /** The load driver sends from the main thread; the transport's I/O threads are ioc-load-io-*. */
    private static final String[] CLIENT_THREADS = {"main", "ioc-load"};
    private static final Instant SIMULATED_START = Instant.parse("2026-01-05T00:00:00Z");

    private SimLoadBenchmark() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(BenchmarkArgs.parse(Map.of("gatewaysPerCommune", "39", "rate", "20000", "duration", "60",
                    "baselineConnections", "4", "baselineSeconds", "15", "ioThreads", "2", "seed", "42",
                    "broker", ""), args));
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        // HiveMQ leaves non-daemon threads behind an exception; end the JVM either way
        System.exit(status);
    }

    private static void run(BenchmarkArgs args) throws Exception {
        System.out.println("Simulator load mode: " + JvmFigures.environment() + ", " + args);
        EmbeddedHiveMq broker = null;
        try {
            String brokerUri = args.string("broker");
            if (brokerUri.isEmpty()) {
                broker = EmbeddedHiveMq.start(Files.createTempDirectory("sim-load-hivemq"), "127.0.0.1", Ports.free());
                brokerUri = broker.brokerUrl();
                System.out.println("Broker: embedded HiveMQ CE in this JVM at " + brokerUri);
            } else {
                System.out.println("Broker: " + brokerUri + " (another process)");
            }
            int threadsBeforeClients = JvmFigures.liveThreads();
            LoadTransportOptions transport = LoadTransportOptions.forBroker(brokerUri)
                    .withIoThreads(args.integer("ioThreads"));
            SignalModel signals = new SignalModel(args.integer("seed"));
            Fleet fleet = LoadFleet.of(Communes.all(), args.integer("gatewaysPerCommune"));

            Baseline baseline = baseline(transport, fleet.gateways().get(0), signals, args.integer("baselineConnections"),
                    Duration.ofSeconds(args.integer("baselineSeconds")));
            System.out.printf(Locale.ROOT, "Baseline: %d connections, pre-encoded messages as fast as acknowledged: "
                    + "%.0f messages/s, %.0f readings/s (%d failed)%n", baseline.connections, baseline.messagesPerSecond,
                    baseline.readingsPerSecond, baseline.failed);

            LoadSummary load;
            CpuShare cpu;
            long liveHeap;
            int clientThreads;
            int liveThreads;
            System.out.printf(Locale.ROOT, "Load: %d gateways, target %.0f readings/s for %d s, %d I/O threads%n",
                    fleet.gateways().size(), args.decimal("rate"), args.integer("duration"), transport.ioThreads());
            long processCpuBefore = JvmFigures.processCpuNanos();
            long clientCpuBefore = JvmFigures.threadCpuNanos(CLIENT_THREADS);
            long wallBefore = System.nanoTime();
            try (LoadGatewayTransport gateways = LoadGatewayTransport.create(transport, GatewaySecrets.none())) {
                load = LoadDriver.run(gateways, fleet, signals, LoadRunOptions.paced(args.decimal("rate"),
                        Duration.ofSeconds(args.integer("duration")), SIMULATED_START), System.out);
                cpu = new CpuShare(JvmFigures.processCpuNanos() - processCpuBefore,
                        JvmFigures.threadCpuNanos(CLIENT_THREADS) - clientCpuBefore, System.nanoTime() - wallBefore);
                // still connected: the live set and the threads while the connections are held
                liveHeap = JvmFigures.heapAfterGc();
                liveThreads = JvmFigures.liveThreads();
                clientThreads = (int) JvmFigures.threadsByName().entrySet().stream()
                        .filter(entry -> entry.getKey().startsWith("ioc-load"))
                        .mapToInt(Map.Entry::getValue).sum();
                System.out.println("Threads by name, connections held: " + JvmFigures.threadsByName());
            }
            report(load, baseline, liveHeap, liveThreads, clientThreads, threadsBeforeClients, args, broker != null);
            System.out.printf(Locale.ROOT, "CPU, load run           %.2f of %d cores for the process; load client "
                            + "(driver on main + ioc-load-*) %.2f cores, the rest (%s) %.2f cores%n",
                    cpu.cores(cpu.process), Runtime.getRuntime().availableProcessors(), cpu.cores(cpu.client),
                    broker != null ? "broker, GC, JIT" : "GC, JIT", cpu.cores(cpu.process - cpu.client));
        } finally {
            if (broker != null) {
                broker.close();
            }
        }
    }

    private static void report(LoadSummary load, Baseline baseline, long liveHeap, int liveThreads,
            int clientThreads, int threadsBeforeClients, BenchmarkArgs args, boolean brokerInProcess) {
        System.out.println();
        System.out.println("== Simulator load mode ==");
        System.out.printf(Locale.ROOT, "connections held        %d of %d (connected in %.1f s)%n", load.connectedAtEnd(),
                load.gateways(), load.connectTime().toNanos() / 1e9);
        System.out.printf(Locale.ROOT, "readings/s achieved     %.0f (target %s), %.0f messages/s, over %.1f s%n",
                load.readingsPerSecond(), args.string("rate"), load.messagesPerSecond(),
                load.sendTime().toNanos() / 1e9);
        System.out.printf(Locale.ROOT, "sent / acked / failed   %d / %d / %d messages, %d / %d readings%n",
                load.messagesSent(), load.messagesAcked(), load.messagesFailed(), load.readingsSent(),
                load.readingsAcked());
        System.out.printf(Locale.ROOT, "simulated span          %s .. %s%n", load.simulatedFrom(),
                load.simulatedReached());
        System.out.printf(Locale.ROOT, "baseline                %.0f readings/s (%.0f messages/s, %d connections); "
                        + "load/baseline = %.2f%n", baseline.readingsPerSecond, baseline.messagesPerSecond,
                baseline.connections, load.readingsPerSecond() / baseline.readingsPerSecond);
        System.out.printf(Locale.ROOT, "heap                    peak used %d MB, live after GC %d MB, max %d MB%s%n",
                JvmFigures.mb(load.peakHeapUsedBytes()), JvmFigures.mb(liveHeap), JvmFigures.mb(JvmFigures.maxHeap()),
                brokerInProcess ? " (broker and client share this heap)" : "");
        System.out.printf(Locale.ROOT, "threads                 peak %d live, %d now; load client's own %d "
                        + "(ioc-load-*); %d before any client%s%n", load.peakLiveThreads(), liveThreads,
                clientThreads, threadsBeforeClients, brokerInProcess ? " (broker's included)" : "");
        System.out.printf(Locale.ROOT, "RSS                     %d MB%n", JvmFigures.mb(JvmFigures.residentBytes()));
    }

    /**
     * A few connections publishing the messages one load gateway sends in a simulated minute, pre-encoded and
     * cycled, as fast as the broker acknowledges: what the broker and the client's I/O do without the
     * simulation and with few connections.
     */
    private static Baseline baseline(LoadTransportOptions options, Gateway template, SignalModel signals,
            int connections, Duration duration) throws Exception {
        List<TelemetryMessage> messages = new ArrayList<>();
        List<Gateway> gateways = new ArrayList<>();
        for (int i = 1; i <= connections; i++) {
            gateways.add(new Gateway(template.commune(), String.format("baseline-%02d", i), template.devices()));
        }
        List<List<TelemetryMessage>> perGateway = new ArrayList<>();
        for (Gateway gateway : gateways) {
            List<TelemetryMessage> own = new ArrayList<>();
            for (long t = SIMULATED_START.getEpochSecond(); t < SIMULATED_START.getEpochSecond() + 60; t++) {
                List<Reading> readings = signals.readingsDue(gateway, Instant.ofEpochSecond(t));
                if (!readings.isEmpty()) {
                    own.add(new TelemetryMessage(gateway, readings,
                            SenmlEncoder.encode(readings).getBytes(StandardCharsets.UTF_8)));
                }
            }
            perGateway.add(own);
            messages.addAll(own);
        }
        AtomicLong acked = new AtomicLong();
        AtomicLong ackedReadings = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long sent = 0;
        long start;
        long end;
        try (LoadGatewayTransport transport = LoadGatewayTransport.create(options, GatewaySecrets.none())) {
            transport.open(gateways);
            start = System.nanoTime();
            long deadline = start + duration.toNanos();
            int round = 0;
            while (System.nanoTime() < deadline) {
                for (List<TelemetryMessage> own : perGateway) {
                    TelemetryMessage message = own.get(round % own.size());
                    int readings = message.readings().size();
                    sent++;
                    transport.send(message).whenComplete((ignored, failure) -> {
                        if (failure == null) {
                            ackedReadings.addAndGet(readings);
                            acked.incrementAndGet();
                        } else {
                            failed.incrementAndGet();
                        }
                    });
                }
                round++;
            }
            long drainDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (acked.get() + failed.get() < sent && System.nanoTime() < drainDeadline) {
                Thread.onSpinWait();
            }
            end = System.nanoTime();
        }
        double seconds = (end - start) / 1e9;
        return new Baseline(connections, acked.get() / seconds, ackedReadings.get() / seconds, failed.get());
    }

    /** CPU nanoseconds of the process and of the load client's threads over {@code wall} nanoseconds. */
    private record CpuShare(long process, long client, long wall) {
        double cores(long cpuNanos) {
            return cpuNanos / (double) wall;
        }
    }

    private record Baseline(int connections, double messagesPerSecond, double readingsPerSecond, long failed) {
    }
}
