package org.iocstream.jobs.alerts;

import java.io.Serializable;
import java.time.Duration;

/**
 * When raised alerts of one rule in one commune become a storm: more than {@code maxSubjects} subjects raised
 * less than {@code window} apart.
 */
public record StormPolicy(int maxSubjects, Duration window) implements Serializable {

    /** DOMAIN.md: more than 20 subjects within 5 minutes. */
    public static final StormPolicy DEFAULT = new StormPolicy(20, Duration.ofMinutes(5));

    public StormPolicy {
        if (maxSubjects < 1) {
            throw new IllegalArgumentException("max-subjects must be at least 1, got " + maxSubjects);
        }
        if (window == null || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the storm window must be more than zero, got " + window);
        }
    }
}
