package org.iocstream.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.TreeMap;

/** Heap and thread figures of this JVM, for the benchmarks' reports. */
final class JvmFigures {

    private JvmFigures() {
    }

    static int liveThreads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    /** Heap in use after a full collection: the live set, garbage excluded. */
    static long heapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /** Resident set size of this process in bytes (Linux {@code /proc/self/status}), or -1 where unknown. */
    static long residentBytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    /** CPU time of the whole process so far (all threads, GC and JIT included), in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /** CPU time so far of the live threads whose name starts with one of the prefixes, in nanoseconds. */
    static long threadCpuNanos(String... namePrefixes) {
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long total = 0;
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            for (String prefix : namePrefixes) {
                if (thread.getName().startsWith(prefix)) {
                    long cpu = threads.getThreadCpuTime(thread.getId());
                    total += Math.max(0, cpu);
                    break;
                }
            }
        }
        return total;
    }

    static long maxHeap() {
        return Runtime.getRuntime().maxMemory();
    }

    static long mb(long bytes) {
        return bytes >> 20;
    }

    /**
     * Live threads grouped by name with digits removed ({@code ioc-load-io-1-2} and {@code ioc-load-io-1-1}
     * count together as {@code ioc-load-io-#-#}), so a table shows who owns them.
     */
    static Map<String, Integer> threadsByName() {
        Map<String, Integer> byName = new TreeMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            byName.merge(thread.getName().replaceAll("[0-9]+", "#"), 1, Integer::sum);
        }
        return byName;
    }

    /** One line describing the machine and JVM, printed at the top of every report. */
    static String environment() {
        return String.format("%s, Java %s, %d cores, max heap %d MB", java.time.Instant.now(),
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), mb(maxHeap()));
    }
}
