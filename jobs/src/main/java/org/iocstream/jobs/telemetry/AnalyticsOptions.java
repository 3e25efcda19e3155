package org.iocstream.jobs.telemetry;

import java.io.Serializable;
import java.time.Duration;
import org.iocstream.connectors.indicators.IndicatorCatalog;
import org.iocstream.connectors.indicators.Scopes;
import org.iocstream.jobs.alerts.AlertRules;
import org.iocstream.jobs.alerts.AlertRulesFile;
import org.iocstream.jobs.indicators.ReportingPeriod;

/**
 * What shapes the pipeline's alerts and indicators. Values only: the job main or the runner reads configuration
 * and passes them in.
 *
 * @param alertRules threshold, device and storm rules (the alert rules file)
 * @param alertEvaluationDelay how far behind the watermark a device's reports are evaluated, so that readings that
 *     arrive this late still count for its alerts
 * @param alertRetention how long a cleared alert (and an acknowledgement for an alert not seen yet) is kept
 * @param indicators the indicator catalogue: codes, units, scopes, periods and 2026 targets
 * @param scopes the province and its communes
 * @param staleFeedGrace how long after its period closed a reported indicator without a value is stale
 */
public record AnalyticsOptions(AlertRules alertRules, Duration alertEvaluationDelay, Duration alertRetention,
        IndicatorCatalog indicators, Scopes scopes, Duration staleFeedGrace) implements Serializable {

    public static final Duration DEFAULT_ALERT_RETENTION = Duration.ofDays(1);

    public AnalyticsOptions {
        if (alertEvaluationDelay.isNegative()) {
            throw new IllegalArgumentException("alertEvaluationDelay must not be negative: " + alertEvaluationDelay);
        }
        if (alertRetention.isNegative() || alertRetention.isZero()) {
            throw new IllegalArgumentException("alertRetention must be positive: " + alertRetention);
        }
        if (staleFeedGrace.isNegative()) {
            throw new IllegalArgumentException("staleFeedGrace must not be negative: " + staleFeedGrace);
        }
    }

    /** The built-in alert rules, the standard catalogue and communes, no evaluation delay, 1 day of grace. */
    public static AnalyticsOptions standard() {
        return new AnalyticsOptions(AlertRulesFile.defaults(), Duration.ZERO, DEFAULT_ALERT_RETENTION,
                IndicatorCatalog.standard(), Scopes.standard(), ReportingPeriod.DEFAULT_GRACE);
    }
}
