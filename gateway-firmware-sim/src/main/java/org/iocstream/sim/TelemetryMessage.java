package org.iocstream.sim;

import java.util.List;
import java.util.Objects;

/**
 * One telemetry message a gateway sends: its readings, which the transport encodes in its format (SenML JSON,
 * or CBOR for CoAP gateways configured so), or, for a malformed-payload fault, the exact bytes to send instead.
 */
public record TelemetryMessage(Gateway gateway, List<Reading> readings, byte[] rawPayload) {

    public TelemetryMessage {
        Objects.requireNonNull(gateway, "gateway");
        readings = List.copyOf(readings);
    }

    /** A well-formed message carrying these readings. */
    public static TelemetryMessage of(Gateway gateway, List<Reading> readings) {
        return new TelemetryMessage(gateway, readings, null);
    }

    /** Whether the transport must send {@link #rawPayload} verbatim instead of encoding the readings. */
    public boolean isRaw() {
        return rawPayload != null;
    }
}
