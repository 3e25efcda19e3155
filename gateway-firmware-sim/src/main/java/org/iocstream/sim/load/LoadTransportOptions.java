package org.iocstream.sim.load;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a {@link LoadGatewayTransport}.
 *
 * @param host broker host
 * @param port broker MQTT TCP port
 * @param ioThreads event-loop threads shared by every connection (the transport's whole thread budget)
 * @param maxInFlightPerGateway QoS 1 messages a gateway has unacknowledged at most (lowered to the broker's
 *     receive maximum when that is smaller); {@code send} blocks beyond it
 * @param maxConcurrentConnects connection handshakes (TCP, CONNECT, announcements) under way at once, so that
 *     thousands of gateways booting together do not all time out
 * @param connectTimeout how long one gateway may take to connect and have its announcements acknowledged
 * @param sendTimeout how long {@code send} waits for a free in-flight slot before failing the message, and
 *     {@code close} for outstanding acknowledgements
 * @param keepAliveSeconds MQTT keep-alive; a PINGREQ goes out after half of it without other traffic
 */
public record LoadTransportOptions(String host, int port, int ioThreads, int maxInFlightPerGateway,
        int maxConcurrentConnects, Duration connectTimeout, Duration sendTimeout, int keepAliveSeconds) {

    public static final int DEFAULT_IO_THREADS = 2;
    /** As Paho's default and HiveMQ's receive maximum: what the Paho gateways use. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 10;
    public static final int DEFAULT_MAX_CONCURRENT_CONNECTS = 200;

    public LoadTransportOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        Objects.requireNonNull(sendTimeout, "sendTimeout");
        requireRange("port", port, 1, 65_535);
        requireRange("ioThreads", ioThreads, 1, 1024);
        requireRange("maxInFlightPerGateway", maxInFlightPerGateway, 1, 65_535);
        requireRange("maxConcurrentConnects", maxConcurrentConnects, 1, 100_000);
        requireRange("keepAliveSeconds", keepAliveSeconds, 0, 65_535);
        if (connectTimeout.isNegative() || connectTimeout.isZero() || sendTimeout.isNegative() || sendTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive, got connect " + connectTimeout + ", send "
                    + sendTimeout);
        }
    }

    /** Defaults for a broker URI {@code tcp://host:port}: 2 I/O threads, 10 in flight, 200 concurrent connects. */
    public static LoadTransportOptions forBroker(String brokerUri) {
        URI uri = URI.create(brokerUri);
        if (!"tcp".equals(uri.getScheme()) || uri.getHost() == null || uri.getPort() < 0) {
            throw new IllegalArgumentException("broker URI must be tcp://host:port, got " + brokerUri);
        }
        return new LoadTransportOptions(uri.getHost(), uri.getPort(), DEFAULT_IO_THREADS, DEFAULT_MAX_IN_FLIGHT,
                DEFAULT_MAX_CONCURRENT_CONNECTS, Duration.ofSeconds(30), Duration.ofSeconds(30), 60);
    }

    public LoadTransportOptions withIoThreads(int threads) {
        return new LoadTransportOptions(host, port, threads, maxInFlightPerGateway, maxConcurrentConnects,
                connectTimeout, sendTimeout, keepAliveSeconds);
    }

    public LoadTransportOptions withMaxInFlightPerGateway(int maxInFlight) {
        return new LoadTransportOptions(host, port, ioThreads, maxInFlight, maxConcurrentConnects, connectTimeout,
                sendTimeout, keepAliveSeconds);
    }

    public LoadTransportOptions withMaxConcurrentConnects(int connects) {
        return new LoadTransportOptions(host, port, ioThreads, maxInFlightPerGateway, connects, connectTimeout,
                sendTimeout, keepAliveSeconds);
    }

    private static void requireRange(String name, int value, int min, int max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + ".." + max + ", got " + value);
        }
    }
}
