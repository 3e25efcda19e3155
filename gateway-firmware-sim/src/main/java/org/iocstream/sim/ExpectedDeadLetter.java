package org.iocstream.sim;

import java.util.List;
import java.util.Objects;

/**
 * A dead letter the ingest must produce for a planned message: its reason code and the readings it refuses
 * (all of the message's for an unparseable payload).
 */
public record ExpectedDeadLetter(String reasonCode, Gateway gateway, long sendSecond, List<Reading> readings) {

    /** The whole payload does not parse as SenML. */
    public static final String MALFORMED_SENML = "MALFORMED_SENML";
    /** The device is not on the device list the gateway announced. */
    public static final String UNKNOWN_DEVICE = "UNKNOWN_DEVICE";
    /** The device belongs to another gateway (here: another commune). */
    public static final String IDENTITY_MISMATCH = "IDENTITY_MISMATCH";

    public ExpectedDeadLetter {
        Objects.requireNonNull(reasonCode, "reasonCode");
        Objects.requireNonNull(gateway, "gateway");
        readings = List.copyOf(readings);
    }
}
