package org.iocstream.sim;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a fleet's firmware over a transport: each second's messages go out in the firmware's order, gateways are
 * cut off and restored as the scenario says, and every acknowledgement is counted. Either for a fixed span as
 * fast as the platform acknowledges ({@link #publishSpan}) or in simulated real time ({@link #runLive}); one
 * mode at a time.
 */
public final class GatewaySimulation implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(GatewaySimulation.class);
    /** How long publishing waits for outstanding acknowledgements before calling them failures. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(60);

    private final GatewayFirmware firmware;
    private final GatewayTransport transport;
    private final ScheduledThreadPoolExecutor scheduler;
    private final Outstanding outstanding = new Outstanding();
    /** By gateway identity: a record's hash would walk the gateway's whole device list on every send. */
    private final Map<String, Outstanding> outstandingByGateway = new ConcurrentHashMap<>();
    private final AtomicLong messagesSent = new AtomicLong();
    private final AtomicLong messagesAcknowledged = new AtomicLong();
    private final AtomicLong readingsAcknowledged = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private volatile boolean closed;
    private boolean live;

    private GatewaySimulation(GatewayFirmware firmware, GatewayTransport transport) {
        this.firmware = firmware;
        this.transport = transport;
        this.scheduler = new ScheduledThreadPoolExecutor(1, task -> new Thread(task, "ioc-sim-scheduler"));
        // close() must stop a live run, not let its next tick fire after shutdown.
        scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    }

    /**
     * Opens every gateway of the firmware's fleet on the transport (connect and announce).
     *
     * @throws IOException if a gateway cannot connect; the transport is closed again
     */
    public static GatewaySimulation open(GatewayFirmware firmware, GatewayTransport transport)
            throws IOException, InterruptedException {
        GatewaySimulation simulation = new GatewaySimulation(firmware, transport);
        try {
            transport.open(firmware.fleet().gateways());
        } catch (IOException | InterruptedException | RuntimeException e) {
            try {
                transport.close();
            } catch (InterruptedException | RuntimeException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
        return simulation;
    }

    /**
     * Sends everything the firmware sends in [from, to), second by second, and returns once every message is
     * acknowledged or has failed.
     *
     * @throws IllegalStateException if a live run is going or acknowledgements are still missing after a minute
     */
    public PublishSummary publishSpan(Instant from, Instant to) throws InterruptedException {
        synchronized (this) {
            if (live || closed) {
                throw new IllegalStateException("publishSpan needs an open simulation that is not running live");
            }
        }
        PublishSummary before = summary();
        for (long t = firmware.nextEventSecond(SimulatedTime.firstSecondAtOrAfter(from));
                Instant.ofEpochSecond(t).isBefore(to); t = firmware.nextEventSecond(t + 1)) {
            step(t);
        }
        if (!outstanding.awaitNone(ACK_TIMEOUT)) {
            throw new IllegalStateException(outstanding.count() + " messages still unacknowledged after " + ACK_TIMEOUT);
        }
        PublishSummary after = summary();
        return new PublishSummary(after.readings() - before.readings(), after.messages() - before.messages(),
                after.failures() - before.failures());
    }

    /**
     * Starts sending in simulated time on this simulation's scheduler thread and returns at once: simulated time
     * is {@code simulatedStart + (clock time since this call) × speed}, and each second's messages go out once
     * simulated time reaches it, until {@link #close}. The scheduler thread is not a daemon: a live run keeps
     * the JVM alive until it is closed.
     */
    public void runLive(Clock clock, double speed, Instant simulatedStart) {
        SimulatedTime time = SimulatedTime.startingNow(clock, speed, simulatedStart);
        synchronized (this) {
            if (live || closed) {
                throw new IllegalStateException("runLive needs an open simulation that is not already running live");
            }
            live = true;
        }
        long first = firmware.nextEventSecond(SimulatedTime.firstSecondAtOrAfter(simulatedStart));
        scheduler.execute(() -> liveTick(time, first));
    }

    /** What has been sent and acknowledged so far, over the simulation's life. */
    public PublishSummary summary() {
        return new PublishSummary(readingsAcknowledged.get(), messagesAcknowledged.get(), failures.get());
    }

    /** Telemetry messages handed to the transport so far. */
    public long messagesSent() {
        return messagesSent.get();
    }

    /** Stops a live run and closes the transport (which announces every gateway offline). */
    @Override
    public void close() throws InterruptedException {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        scheduler.shutdown();
        if (!scheduler.awaitTermination(ACK_TIMEOUT.toSeconds() + 5, TimeUnit.SECONDS)) {
            LOG.warn("Live publishing did not stop within {}; interrupting it", ACK_TIMEOUT);
            scheduler.shutdownNow();
        }
        transport.close();
    }

    private void liveTick(SimulatedTime time, long due) {
        long next = due;
        try {
            while (!closed && next <= time.currentSecond()) {
                step(next);
                next = firmware.nextEventSecond(next + 1);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            LOG.error("Live publishing stopped at simulated time {}", Instant.ofEpochSecond(next), e);
            return;
        }
        if (!closed) {
            long dueNext = next;
            scheduler.schedule(() -> liveTick(time, dueNext), time.nanosUntil(dueNext), TimeUnit.NANOSECONDS);
        }
    }

    private void step(long epochSecond) throws InterruptedException {
        for (Gateway gateway : firmware.cutOffAt(epochSecond)) {
            // The link fails between messages: what the gateway sent before is acknowledged, nothing is torn.
            outstandingOf(gateway).awaitNone(ACK_TIMEOUT);
            transport.cutOff(gateway);
        }
        for (Gateway gateway : firmware.restoredAt(epochSecond)) {
            try {
                transport.restore(gateway);
            } catch (IOException e) {
                // one gateway that cannot come back must not stop the others; its sends fail and are counted
                LOG.error("Gateway {} could not reconnect at simulated time {}: {}", gateway.identity(),
                        Instant.ofEpochSecond(epochSecond), e.getMessage());
            }
        }
        List<PlannedMessage> messages = firmware.messagesAt(epochSecond);
        for (PlannedMessage message : messages) {
            send(message);
        }
    }

    private void send(PlannedMessage planned) throws InterruptedException {
        Outstanding ofGateway = outstandingOf(planned.message().gateway());
        outstanding.increment();
        ofGateway.increment();
        messagesSent.incrementAndGet();
        transport.send(planned.message()).whenComplete((ok, failure) -> {
            if (failure == null) {
                messagesAcknowledged.incrementAndGet();
                readingsAcknowledged.addAndGet(planned.message().readings().size());
            } else {
                failures.incrementAndGet();
                LOG.warn("Gateway {}: a message measured at {} failed: {}", planned.message().gateway().identity(),
                        Instant.ofEpochSecond(planned.measuredSecond()), failure.toString());
            }
            ofGateway.decrement();
            outstanding.decrement();
        });
    }

    private Outstanding outstandingOf(Gateway gateway) {
        return outstandingByGateway.computeIfAbsent(gateway.identity(), any -> new Outstanding());
    }

    /** Messages sent and not yet acknowledged or failed. */
    private static final class Outstanding {
        private long count;

        synchronized void increment() {
            count++;
        }

        synchronized void decrement() {
            count--;
            if (count == 0) {
                notifyAll();
            }
        }

        synchronized long count() {
            return count;
        }

        synchronized boolean awaitNone(Duration timeout) throws InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (count > 0) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
            return true;
        }
    }
}
