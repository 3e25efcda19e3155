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
import java.util.stream.Collectors;

/** Local ports: finding a free one (TCP or UDP), and waiting until a stopped service has released its TCP ports. */
public final class Ports {

    private static final Duration RECHECK_INTERVAL = Duration.ofMillis(50);

    private Ports() {
    }

    /** A TCP port on the loopback interface that nobody listens on right now. */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local port", e);
        }
    }

    /** A UDP port on the loopback interface that nobody has bound right now. */
    public static int freeUdp() {
        try (DatagramSocket socket = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free local UDP port", e);
        }
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
