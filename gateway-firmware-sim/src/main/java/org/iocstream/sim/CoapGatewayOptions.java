package org.iocstream.sim;

/**
 * How one simulated gateway talks CoAP.
 *
 * @param confirmable CON telemetry, acknowledged by 2.04 once the platform has it; otherwise NON, never answered
 * @param cbor SenML CBOR (Content-Format 112) rather than SenML JSON (110)
 */
public record CoapGatewayOptions(boolean confirmable, boolean cbor) {

    /** CON and SenML JSON: every message acknowledged, payloads a person can read. */
    public static final CoapGatewayOptions CONFIRMABLE_JSON = new CoapGatewayOptions(true, false);
}
