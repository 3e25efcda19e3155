package org.iocstream.schemas;

/** Raised when bytes cannot be turned into a record, or a record into bytes; the message says why. */
public class WireFormatException extends RuntimeException {
    public WireFormatException(String message) {
        super(message);
    }

    public WireFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
