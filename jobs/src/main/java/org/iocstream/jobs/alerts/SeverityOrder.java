package org.iocstream.jobs.alerts;

import org.iocstream.schemas.Severity;

/**
 * Which of two X.733 severities is worse. The Avro enum lists them most severe first (CRITICAL, MAJOR, MINOR,
 * WARNING), so its declaration order is the reverse of the order an operator reads.
 */
public final class SeverityOrder {

    private SeverityOrder() {
    }

    public static boolean isMoreSevere(Severity candidate, Severity than) {
        return candidate.ordinal() < than.ordinal();
    }

    public static Severity mostSevere(Severity a, Severity b) {
        return isMoreSevere(b, a) ? b : a;
    }
}
