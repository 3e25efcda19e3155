package org.iocstream.sim;

import java.time.Instant;
import java.util.Objects;

/**
 * An alert episode a correct alerting job must raise: its rule, subject (a device id, or a gateway as
 * {@code {commune}/{gateway}}), commune, severity (ITU-T X.733), since when its condition held, when it is
 * raised (the condition held for the rule's minimum duration) and when it clears; {@code clearedAt} is null for
 * an episode still active at the end of the span.
 */
public record ExpectedAlert(String rule, String subject, String commune, String severity, Instant since,
        Instant raisedAt, Instant clearedAt) {

    public ExpectedAlert {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(commune, "commune");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(since, "since");
        Objects.requireNonNull(raisedAt, "raisedAt");
    }
}
