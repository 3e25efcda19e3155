package org.iocstream.connectors.indicators;

/** The document as a whole cannot be read: not UTF-8, not CSV or JSON, a wrong header, no values. */
public final class MalformedFeedException extends Exception {

    public MalformedFeedException(String message) {
        super(message);
    }
}
