package org.iocstream.deploy.embedded;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The threads of one embedded service. The service is started and stopped from a thread of its own thread group;
 * threads inherit the group of the thread that creates them (thread factories capture it when they are built), so
 * the group ends up holding the service's threads and stopping can wait for exactly those.
 */
final class ServiceThreads {

    private static final Logger LOG = LoggerFactory.getLogger(ServiceThreads.class);
    private static final Duration JOIN_SLICE = Duration.ofMillis(100);

    private final ThreadGroup group;

    ServiceThreads(String serviceName) {
        this.group = new ThreadGroup(serviceName);
    }

    /** Runs the step on a new thread of the group and returns its result; its failure is rethrown here. */
    <T> T call(String step, Callable<T> action) {
        FutureTask<T> task = new FutureTask<>(action);
        Thread thread = new Thread(group, task, group.getName() + "-" + step);
        thread.start();
        try {
            return task.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof EmbeddedServiceException) {
                throw (EmbeddedServiceException) e.getCause();
            }
            throw new EmbeddedServiceException(group.getName() + ": " + step + " failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedServiceException(group.getName() + ": interrupted during " + step, e);
        }
    }

    /** Like {@link #call} for a step without a result. */
    void run(String step, ThrowingRunnable action) {
        call(step, () -> {
            action.run();
            return null;
        });
    }

    /**
     * Runs the service's shutdown in its group, then waits until its ports are free and its non-daemon threads have
     * ended; returns how long that took.
     */
    Duration shutdown(String service, String host, Collection<Integer> ports, Duration timeout, ThrowingRunnable stop) {
        long stoppingAt = System.nanoTime();
        Instant deadline = Instant.now().plus(timeout);
        run("shutdown", stop);
        Ports.awaitFree(service, host, ports, deadline);
        awaitNonDaemonThreadsEnded(deadline);
        return Duration.ofNanos(System.nanoTime() - stoppingAt);
    }

    /**
     * Waits until no non-daemon thread of the service is alive, so that a stopped service cannot keep the JVM
     * running. Daemon threads are only reported: some libraries keep one for the life of the JVM (metrics tickers,
     * log writers) and share it between restarts.
     */
    void awaitNonDaemonThreadsEnded(Instant deadline) {
        List<Thread> running = aliveNonDaemonThreads();
        while (!running.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new EmbeddedServiceException(group.getName() + " left non-daemon threads running: "
                        + names(running));
            }
            join(running.get(0), JOIN_SLICE);
            running = aliveNonDaemonThreads();
        }
        if (LOG.isDebugEnabled()) {
            List<Thread> daemons = aliveThreads();
            if (!daemons.isEmpty()) {
                LOG.debug("{} stopped; daemon threads kept by its libraries: {}", group.getName(), names(daemons));
            }
        }
    }

    private List<Thread> aliveNonDaemonThreads() {
        return aliveThreads().stream().filter(thread -> !thread.isDaemon()).collect(Collectors.toList());
    }

    private List<Thread> aliveThreads() {
        // enumerate() fills at most the array's length: size it with room for threads started meanwhile
        Thread[] threads = new Thread[group.activeCount() * 2 + 16];
        int count = group.enumerate(threads, true);
        return Arrays.stream(threads, 0, count).filter(Thread::isAlive).collect(Collectors.toList());
    }

    private static String names(List<Thread> threads) {
        return threads.stream().map(Thread::getName).sorted().collect(Collectors.joining(", "));
    }

    private void join(Thread thread, Duration slice) {
        try {
            thread.join(slice.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EmbeddedServiceException(group.getName() + ": interrupted while waiting for " + thread.getName(),
                    e);
        }
    }

    /** A stop or start step that may throw anything. */
    @FunctionalInterface
    interface ThrowingRunnable {
        void run() throws Exception;
    }
}
