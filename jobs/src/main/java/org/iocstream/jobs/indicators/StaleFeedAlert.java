package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.iocstream.connectors.indicators.FeedValidator;
import org.iocstream.connectors.indicators.Scopes;
import org.iocstream.jobs.alerts.AlertId;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.AlertState;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.Severity;

/**
 * The {@code stale-indicator-feed} alert (DOMAIN.md section 6): a reported indicator's period closed and its grace
 * passed without a value for a scope. Subject {@code code@scope}; the episode starts when the feed went stale
 * (period end + grace), so each missing period is its own alert and a replay gives the same id.
 */
public final class StaleFeedAlert {

    public static final String RULE = "stale-indicator-feed";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm", Locale.ROOT)
            .withZone(FeedValidator.PROVINCE_ZONE);

    private StaleFeedAlert() {
    }

    public static String subject(String code, String scope) {
        return code + "@" + scope;
    }

    public static Alert raised(String code, String scope, ReportingPeriod period, Duration grace) {
        return base(code, scope, period, grace)
                .setState(AlertState.ACTIVE)
                .setMessage("No value of " + code + " for " + scope + " for the " + describe(period) + ": it closed "
                        + LOCAL.format(period.end()) + " and was due by " + LOCAL.format(period.staleAt(grace))
                        + " (Nghệ An time)")
                .build();
    }

    /**
     * The clearing record, when the missing value arrives. {@code clearedAt} is when the value was received, or the
     * alert's start if that was earlier: a value received in time but processed late (the job was down when its
     * timer came due) clears the alert it could not prevent, and an alert never ends before it starts.
     */
    public static Alert cleared(String code, String scope, ReportingPeriod period, Duration grace,
            IndicatorValue value) {
        Instant staleAt = period.staleAt(grace);
        Instant clearedAt = value.getReceivedAt().isAfter(staleAt) ? value.getReceivedAt() : staleAt;
        return base(code, scope, period, grace)
                .setState(AlertState.CLEARED)
                .setClearedAt(clearedAt)
                .setValue(value.getValue())
                .setMessage(code + " for " + scope + " for the " + describe(period) + " arrived: " + value.getValue()
                        + " " + value.getUnit() + " from " + value.getSource())
                .build();
    }

    private static Alert.Builder base(String code, String scope, ReportingPeriod period, Duration grace) {
        long staleAt = period.staleAt(grace).toEpochMilli();
        String subject = subject(code, scope);
        return Alert.newBuilder()
                .setAlertId(AlertId.of(RULE, subject, staleAt))
                .setRule(RULE)
                .setSubject(subject)
                .setCommune(scope.equals(Scopes.PROVINCE) ? null : scope)
                .setSeverity(Severity.WARNING)
                .setEpisodeStart(Instant.ofEpochMilli(staleAt));
    }

    private static String describe(ReportingPeriod period) {
        return period.type().name().toLowerCase(Locale.ROOT) + " starting " + period.start();
    }
}
