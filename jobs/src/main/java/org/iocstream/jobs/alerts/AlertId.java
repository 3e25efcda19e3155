package org.iocstream.jobs.alerts;

import java.time.Instant;

/**
 * The id of an alert, {@code rule:subject@episodeStart} with the start as an ISO-8601 UTC instant, e.g.
 * {@code aqi-hourly:40001-ENV-01@2026-01-05T03:00:00Z}. It depends on nothing but the identity (rule, subject,
 * episode start), so replaying the same observations after a restart gives the same id and the store and the
 * topic's compaction see one alert. A rule id has no ':' and an instant no '@', so the parts read back even when
 * the subject contains either.
 */
public final class AlertId {

    private AlertId() {
    }

    public static String of(String rule, String subject, long episodeStart) {
        if (rule == null || rule.isEmpty() || rule.contains(":")) {
            throw new IllegalArgumentException("a rule id is non-empty and has no ':', got '" + rule + "'");
        }
        if (subject == null || subject.isEmpty()) {
            throw new IllegalArgumentException("an alert needs a subject");
        }
        return rule + ":" + subject + "@" + Instant.ofEpochMilli(episodeStart);
    }
}
