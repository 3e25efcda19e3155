package org.iocstream.connectors.coap;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * Where the CoAP ingest listens and how much it takes on at once.
 *
 * @param bindAddress the local address of the UDP sockets, e.g. 0.0.0.0 for every interface
 * @param dtlsPort the UDP port of CoAP over DTLS, 5684 by default; 0 picks a free one (tests)
 * @param plainPort the UDP port of plain CoAP, 5683 by default, or empty for none: plain CoAP authenticates no one,
 *     so it is only for closed networks
 * @param maxInFlight requests received and not yet answered (i.e. not yet in Kafka); beyond it the ingest answers
 *     5.03 Service Unavailable with a Max-Age, which is the ingest's backpressure
 */
public record CoapIngestOptions(String bindAddress, int dtlsPort, OptionalInt plainPort, int maxInFlight) {

    public CoapIngestOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        Objects.requireNonNull(plainPort, "plainPort");
        checkPort("dtlsPort", dtlsPort);
        plainPort.ifPresent(port -> checkPort("plainPort", port));
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
    }

    private static void checkPort(String name, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(name + " must be within 0..65535, got " + port);
        }
    }
}
