package org.iocstream.deploy.embedded;

/** An embedded service could not start or could not stop cleanly. */
public final class EmbeddedServiceException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddedServiceException(String message) {
        super(message);
    }

    public EmbeddedServiceException(String message, Throwable cause) {
        super(message, cause);
    }
}
