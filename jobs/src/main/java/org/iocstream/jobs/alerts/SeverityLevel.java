package org.iocstream.jobs.alerts;

import java.io.Serializable;
import org.iocstream.schemas.Severity;

/**
 * One severity of a threshold rule: the level is reached when the value meets {@code raise} (with the rule's
 * raise comparison) and left when it meets {@code clear} (with the clear comparison), each for the rule's duration.
 */
public record SeverityLevel(Severity severity, double raise, double clear) implements Serializable {

    public SeverityLevel {
        if (severity == null) {
            throw new IllegalArgumentException("a severity level needs a severity");
        }
        if (!Double.isFinite(raise) || !Double.isFinite(clear)) {
            throw new IllegalArgumentException("the thresholds of " + severity + " must be finite, got raise " + raise
                    + " and clear " + clear);
        }
    }
}
