package org.iocstream.jobs.alerts;

import java.io.Serializable;
import java.time.Duration;
import java.util.Set;

/**
 * DOMAIN.md's second way a gateway goes offline: "nothing for 2 min". It applies to the gateways whose readings
 * arrive by one of {@code protocols}: those without a Last Will. An MQTT gateway's outage is its Last Will, stamped
 * with the ingest's wall clock; watching its silence in event time as well would give one outage two alerts with
 * different episode starts.
 *
 * @param silence how long a gateway may send nothing before it is offline; exactly this long is not offline yet
 * @param protocols the readings' {@code ingestProtocol}s whose gateways are watched for silence
 */
public record GatewaySilence(Duration silence, Set<String> protocols) implements Serializable {

    /** DOMAIN.md: 2 minutes; CoAP gateways have no session and so no Last Will. */
    public static final GatewaySilence DEFAULT = new GatewaySilence(Duration.ofMinutes(2), Set.of("coap"));

    public GatewaySilence {
        if (silence == null || silence.isNegative() || silence.isZero()) {
            throw new IllegalArgumentException("the gateway silence must be more than zero, got " + silence);
        }
        protocols = Set.copyOf(protocols);
    }

    /** Whether a gateway whose readings arrive by this protocol is watched for silence. */
    public boolean watches(String ingestProtocol) {
        return protocols.contains(ingestProtocol);
    }
}
