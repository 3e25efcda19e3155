package org.iocstream.sim.load;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.Gateway;
import org.iocstream.sim.GatewayTransport;
import org.iocstream.sim.Reading;
import org.iocstream.sim.SignalModel;
import org.iocstream.sim.TelemetryMessage;

/**
 * Load mode: opens a fleet through a transport and sends its telemetry at a target rate of readings per second,
 * printing a progress line (connected, sent, acknowledged, failed, rate, heap, threads) as it goes. Messages are
 * exactly those of the simulation ({@link SignalModel#readingsDue}), instant by instant and gateway by gateway;
 * simulated time advances as fast as the rate needs, not with the wall clock.
 *
 * <p>Sending runs on the caller's thread, paced by a token bucket holding at most one second of readings, and
 * slows down by itself when gateways' in-flight windows are full: a broker that cannot keep up shows as a lower
 * rate, not as a growing queue.
 */
public final class LoadDriver {

    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final long DRAIN_POLL_NANOS = 10_000_000L;

    private final GatewayTransport transport;
    private final Fleet fleet;
    private final SignalModel signals;
    private final LoadRunOptions options;
    private final PrintStream progress;
    private final IntSupplier connected;

    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong readingsSent = new AtomicLong();
    private final AtomicLong messagesAcked = new AtomicLong();
    private final AtomicLong readingsAcked = new AtomicLong();
    private final AtomicLong messagesFailed = new AtomicLong();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    private volatile long startNanos;
    private volatile long sendStartNanos;
    private long lastReportNanos;
    private long lastReportReadings;
    private long peakHeap;
    private int peakThreads;

    private LoadDriver(GatewayTransport transport, Fleet fleet, SignalModel signals, LoadRunOptions options,
            PrintStream progress) {
        this.transport = transport;
        this.fleet = fleet;
        this.signals = signals;
        this.options = options;
        this.progress = progress;
        int gateways = fleet.gateways().size();
        this.connected = transport instanceof LoadGatewayTransport load ? load::connectedGateways
                : () -> sendStartNanos > 0 ? gateways : 0;
    }

    /**
     * Opens every gateway of the fleet through the transport, sends as the options say, waits for the last
     * acknowledgements and returns what was achieved. The transport stays open: the caller closes it.
     */
    public static LoadSummary run(GatewayTransport transport, Fleet fleet, SignalModel signals,
            LoadRunOptions options, PrintStream progress) throws IOException, InterruptedException {
        return new LoadDriver(transport, fleet, signals, options, progress).run();
    }

    private LoadSummary run() throws IOException, InterruptedException {
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ioc-load-progress");
            thread.setDaemon(true);
            return thread;
        });
        startNanos = System.nanoTime();
        lastReportNanos = startNanos;
        long interval = options.progressInterval().toNanos();
        reporter.scheduleAtFixedRate(this::report, interval, interval, TimeUnit.NANOSECONDS);
        try {
            transport.open(fleet.gateways());
            Duration connectTime = Duration.ofNanos(System.nanoTime() - startNanos);
            progress.printf(Locale.ROOT, "%d gateways connected and announced in %.1f s%n", fleet.gateways().size(),
                    connectTime.toNanos() / 1e9);
            sendStartNanos = System.nanoTime();
            long reached = send();
            drain();
            Duration sendTime = Duration.ofNanos(System.nanoTime() - sendStartNanos);
            reporter.shutdown();
            reporter.awaitTermination(5, TimeUnit.SECONDS);
            report();
            synchronized (this) {
                return new LoadSummary(fleet.gateways().size(), connected.getAsInt(), connectTime, sendTime,
                        messagesSent.get(), readingsSent.get(), messagesAcked.get(), readingsAcked.get(),
                        messagesFailed.get(), options.simulatedFrom(), Instant.ofEpochSecond(reached), peakHeap,
                        peakThreads);
            }
        } finally {
            reporter.shutdownNow();
        }
    }

    /** Sends instant after instant until the duration is over or the span is done; returns the next instant due. */
    private long send() throws InterruptedException {
        long end = sendStartNanos + options.duration().toNanos();
        long to = options.simulatedTo() == null ? Long.MAX_VALUE : options.simulatedTo().getEpochSecond()
                + (options.simulatedTo().getNano() > 0 ? 1 : 0);
        double rate = options.readingsPerSecond();
        double burst = Math.max(rate, 1);
        double tokens = 0;
        long tokensAt = System.nanoTime();
        List<Gateway> gateways = fleet.gateways();
        long from = options.simulatedFrom().getEpochSecond() + (options.simulatedFrom().getNano() > 0 ? 1 : 0);
        long t = fleet.nextReportSecond(from);
        while (t < to) {
            Instant time = Instant.ofEpochSecond(t);
            for (Gateway gateway : gateways) {
                if (System.nanoTime() >= end) {
                    return t;
                }
                List<Reading> readings = signals.readingsDue(gateway, time);
                if (readings.isEmpty()) {
                    continue;
                }
                if (rate > 0) {
                    // token bucket: wait until the readings of this message are due
                    int needed = readings.size();
                    while (true) {
                        long now = System.nanoTime();
                        tokens = Math.min(burst, tokens + (now - tokensAt) * rate / NANOS_PER_SECOND);
                        tokensAt = now;
                        if (tokens >= Math.min(needed, burst)) {
                            break;
                        }
                        LockSupport.parkNanos((long) ((Math.min(needed, burst) - tokens) / rate * NANOS_PER_SECOND));
                        if (Thread.interrupted()) {
                            throw new InterruptedException();
                        }
                    }
                    tokens -= needed;
                }
                send(gateway, readings);
            }
            t = fleet.nextReportSecond(t + 1);
        }
        return t;
    }

    private void send(Gateway gateway, List<Reading> readings) throws InterruptedException {
        int count = readings.size();
        messagesSent.incrementAndGet();
        readingsSent.addAndGet(count);
        transport.send(TelemetryMessage.of(gateway, readings)).whenComplete((ignored, failure) -> {
            if (failure == null) {
                readingsAcked.addAndGet(count);
                messagesAcked.incrementAndGet();
            } else {
                messagesFailed.incrementAndGet();
            }
        });
    }

    /** Waits until every message sent is acknowledged or failed, or the drain timeout is over. */
    private void drain() throws InterruptedException {
        long deadline = System.nanoTime() + options.drainTimeout().toNanos();
        while (messagesAcked.get() + messagesFailed.get() < messagesSent.get() && System.nanoTime() < deadline) {
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
        }
    }

    /** Prints one progress line and updates the heap and thread peaks. */
    private synchronized void report() {
        long now = System.nanoTime();
        long heap = memory.getHeapMemoryUsage().getUsed();
        int live = threads.getThreadCount();
        peakHeap = Math.max(peakHeap, heap);
        peakThreads = Math.max(peakThreads, live);
        long acked = readingsAcked.get();
        double instant = (acked - lastReportReadings) * (double) NANOS_PER_SECOND / Math.max(1, now - lastReportNanos);
        long sendStart = sendStartNanos;
        double average = sendStart > 0 ? acked * (double) NANOS_PER_SECOND / Math.max(1, now - sendStart) : 0;
        lastReportNanos = now;
        lastReportReadings = acked;
        progress.printf(Locale.ROOT, "[%5.1fs] connected %d/%d  sent %d msg %d rdg  acked %d msg %d rdg  failed %d"
                        + "  readings/s %.0f (avg %.0f)  heap %d MB  threads %d%n",
                (now - startNanos) / 1e9, connected.getAsInt(), fleet.gateways().size(), messagesSent.get(),
                readingsSent.get(), messagesAcked.get(), acked, messagesFailed.get(), instant, average,
                heap >> 20, live);
    }
}
