package org.iocstream.sim;

import java.util.List;
import java.util.Objects;

/**
 * A telemetry message the firmware sends at {@code sendSecond}, measured at {@code measuredSecond}, how it came
 * to be sent then, and the dead letters the ingest must make of it (one per reason).
 */
public record PlannedMessage(TelemetryMessage message, long sendSecond, long measuredSecond, Dispatch dispatch,
        List<ExpectedDeadLetter> deadLetters) {

    /** Why the message goes out when it does. */
    public enum Dispatch {
        /** At its measurement time, as normal. */
        ON_TIME,
        /** From the store-and-forward backlog, when its gateway reconnected. */
        BACKLOG,
        /** Held back and sent after the gateway's next message. */
        HELD_BACK,
        /** A second copy, as firmware resends a message whose acknowledgement it did not get. */
        DUPLICATE
    }

    public PlannedMessage {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(dispatch, "dispatch");
        deadLetters = List.copyOf(deadLetters);
    }

    /** The readings the ingest must accept: every reading of the message except the records it must refuse. */
    public List<Reading> acceptedReadings() {
        if (message.isRaw()) {
            return List.of();
        }
        List<Reading> accepted = message.readings();
        for (ExpectedDeadLetter letter : deadLetters) {
            accepted = accepted.stream().filter(reading -> !letter.readings().contains(reading)).toList();
        }
        return accepted;
    }
}
