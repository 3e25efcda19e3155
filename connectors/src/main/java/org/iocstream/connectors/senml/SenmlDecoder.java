package org.iocstream.connectors.senml;

import java.time.Instant;
import java.util.List;

/** Parses one SenML pack in one syntax (JSON: {@link SenmlParser}, CBOR: {@link SenmlCborParser}). */
public interface SenmlDecoder {

    /**
     * Parses one pack and resolves its records.
     *
     * @param payload the payload as received
     * @param now the instant that relative times (below 2^28 s, RFC 8428 section 4.5.3) are counted from,
     *     normally the time of reception
     * @return the resolved records in pack order, never empty
     * @throws SenmlException if the payload is refused; nothing is returned for a partly valid pack
     */
    List<SenmlRecord> parse(byte[] payload, Instant now) throws SenmlException;
}
