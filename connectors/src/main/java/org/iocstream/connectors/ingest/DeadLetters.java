package org.iocstream.connectors.ingest;

import java.nio.ByteBuffer;
import java.time.Instant;
import org.iocstream.schemas.DeadLetter;

/** Builds {@link DeadLetter} records for input refused at the ingest. */
public final class DeadLetters {

    private DeadLetters() {
    }

    public static DeadLetter of(Rejection rejection, String protocol, String source, String clientId,
            String commune, String gateway, Instant receivedAt, byte[] payload) {
        return DeadLetter.newBuilder()
                .setReasonCode(rejection.reasonCode())
                .setMessage(rejection.message())
                .setProtocol(protocol)
                .setSource(source)
                .setClientId(clientId)
                .setCommune(commune)
                .setGateway(gateway)
                .setReceivedAt(receivedAt)
                .setPayload(ByteBuffer.wrap(payload))
                .build();
    }
}
