package org.iocstream.deploy.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/** Local ports: finding a free one (TCP or UDP), and waiting until a stopped service has released its TCP ports. */
public final class Ports {

    private static final Duration RECHECK_INTERVAL = Duration.ofMillis(50);
    /**
     * Ports handed out lie below Linux's default ephemeral range (32768-60999), where the kernel picks the local
     * port of every outgoing connection: a port asked for with 0 could be taken by some client's connection
     * before its service binds it, as a test run with hundreds of MQTT and Kafka connections showed.
     */
    private static final int FIRST_PORT = 20_000;
    private static final int LAST_PORT = 32_767;
    private static final int PORT_COUNT = LAST_PORT - FIRST_PORT + 1;
    /** Where the next search starts: random per JVM, then advancing, so one JVM does not hand a port out twice. */
    private static final AtomicInteger NEXT = new AtomicInteger(ThreadLocalRandom.current().nextInt(PORT_COUNT));

    private Ports() {
    }

    /** A TCP port on the loopback interface that nobody listens on right now, outside the ephemeral range. */
    public static int free() {
        return search("TCP", port -> new ServerSocket(port, 1, InetAddress.getLoopbackAddress()).close());
    }

    /** A UDP port on the loopback interface that nobody has bound right now, outside the ephemeral range. */
    public static int freeUdp() {
        return search("UDP", port -> new DatagramSocket(port, InetAddress.getLoopbackAddress()).close());
    }

    /** Binds the port and lets it go again; throws if someone holds it. */
    private interface Probe {
        void bind(int port) throws IOException;
    }

    private static int search(String protocol, Probe probe) {
        for (int tried = 0; tried < PORT_COUNT; tried++) {
            int port = FIRST_PORT + Math.floorMod(NEXT.getAndIncrement(), PORT_COUNT);
            try {
                probe.bind(port);
                return port;
            } catch (IOException taken) {
                // in use: try the next one
            }
        }
        throw new UncheckedIOException(new BindException("no free local " + protocol + " port between "
                + FIRST_PORT + " and " + LAST_PORT));
    }

    /** Whether a server could listen on host:port now (the way the embedded services bind, address reuse on). */
    public static boolean isFree(String host, int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(host, port));
            return true;
        } catch (BindException e) {
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot probe " + host + ":" + port, e);
        }
    }

    /** Waits until every port can be bound again; a stopped server may close its listening socket asynchronously. */
    public static void awaitFree(String service, String host, Collection<Integer> ports, Instant deadline) {
        List<Integer> busy = busy(host, ports);
        while (!busy.isEmpty()) {
            if (Instant.now().isAfter(deadline)) {
                throw new EmbeddedServiceException(service + " still holds " + host + " port(s) "
                        + busy.stream().map(String::valueOf).collect(Collectors.joining(", ")));
            }
            Pause.briefly(RECHECK_INTERVAL);
            busy = busy(host, ports);
        }
    }

    private static List<Integer> busy(String host, Collection<Integer> ports) {
        return ports.stream().filter(port -> !isFree(host, port)).collect(Collectors.toList());
    }
}
