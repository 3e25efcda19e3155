package org.iocstream.connectors.coap;

import java.util.Objects;

/**
 * Where the CoAP ingest listens and how much it takes on at once.
 *
 * @param bindAddress the local address of the UDP socket, e.g. 0.0.0.0 for every interface
 * @param port the UDP port, 5683 by default; 0 picks a free one (tests)
 * @param maxInFlight requests received and not yet answered (i.e. not yet in Kafka); beyond it the ingest answers
 *     5.03 Service Unavailable with a Max-Age, which is the ingest's backpressure
 */
public record CoapIngestOptions(String bindAddress, int port, int maxInFlight) {

    /** The IANA port of plain CoAP. */
    public static final int DEFAULT_PORT = 5683;

    public CoapIngestOptions {
        Objects.requireNonNull(bindAddress, "bindAddress");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0..65535, got " + port);
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, got " + maxInFlight);
        }
    }
}
