package org.iocstream.connectors.senml;

import java.util.OptionalInt;

/**
 * A SenML payload that was refused, with a machine-readable {@link Reason} and a message for a person.
 *
 * <p>Checked on purpose: every caller has to decide what happens to refused input (the ingest connectors
 * turn it into a dead letter), rather than letting it escape as a crash.
 */
public final class SenmlException extends Exception {

    private static final long serialVersionUID = 1L;

    /**
     * Why a payload was refused. The constant names are stable codes meant to be stored in a dead letter's
     * reason code, so renaming one is a change to that contract.
     */
    public enum Reason {
        /** The payload is larger than the parser's configured limit; it was not read. */
        PAYLOAD_TOO_LARGE,
        /** The payload is not one well-formed JSON text (syntax error, bad UTF-8, empty, or trailing data). */
        MALFORMED_JSON,
        /** The payload is not one well-formed CBOR data item (truncated, bad encoding, empty, or trailing data). */
        MALFORMED_CBOR,
        /** The root is not an array, so it is not a SenML pack (RFC 8428 sections 5 and 6). */
        NOT_A_PACK,
        /** The pack is an empty array; it carries no measurement. */
        EMPTY_PACK,
        /** An element of the pack is not a JSON object (a CBOR map). */
        RECORD_NOT_OBJECT,
        /** A record repeats a field label, which would make its meaning depend on the JSON library. */
        DUPLICATE_FIELD,
        /** A known field has the wrong type, or bver is not a positive integer (RFC 8428 section 5). */
        BAD_FIELD_TYPE,
        /** A field label ends with '_' and this parser does not know it (RFC 8428 sections 4.4 and 5). */
        MUST_UNDERSTAND_FIELD,
        /** bver is above 10, the version this parser implements (RFC 8428 section 4.4). */
        UNSUPPORTED_VERSION,
        /** Records of one pack resolve to different versions (RFC 8428 section 4.4). */
        MIXED_VERSIONS,
        /** The resolved name is empty or breaks RFC 8428 section 4.5.1. */
        INVALID_NAME,
        /** A record has more than one of v, vs, vb and vd (RFC 8428 section 4.2). */
        MULTIPLE_VALUES,
        /** A record has none of v, vs, vb, vd and no sum (RFC 8428 section 4.2). */
        NO_VALUE,
        /** A number (or a base plus a number) does not fit a finite 64-bit float, or is a CBOR NaN or infinity. */
        NON_FINITE_NUMBER,
        /** A time field, or the resolved time, is outside the range this parser can represent. */
        TIME_OUT_OF_RANGE,
        /** vd is not base64url without padding (RFC 8428 section 4.3). */
        INVALID_DATA_VALUE
    }

    private final Reason reason;
    private final int recordNumber;

    /**
     * @param recordNumber 1-based position of the offending record in the pack, or 0 when the whole payload
     *     is at fault
     */
    SenmlException(Reason reason, int recordNumber, String detail) {
        super(recordNumber > 0 ? "record " + recordNumber + ": " + detail : detail);
        this.reason = reason;
        this.recordNumber = recordNumber;
    }

    public Reason reason() {
        return reason;
    }

    /** The 1-based position of the offending record in the pack, empty when the payload as a whole is at fault. */
    public OptionalInt recordNumber() {
        return recordNumber > 0 ? OptionalInt.of(recordNumber) : OptionalInt.empty();
    }
}
