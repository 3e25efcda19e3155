package org.iocstream.connectors.indicators;

import java.io.Serializable;
import org.iocstream.schemas.PeriodType;

/**
 * One indicator of the catalogue.
 *
 * @param unit as the catalogue writes it ({@code percent}, {@code milestone}, {@code minutes}); a value must carry
 *     the same
 * @param period the period the catalogue defines the indicator over; null for a real-time (computed) one
 * @param computed true if the pipeline computes it from telemetry, false if it arrives as a feed
 * @param target the 2026 target; null where the plan's scan is illegible
 */
public record Indicator(String code, String name, String unit, ScopeRule scope, PeriodType period,
        boolean computed, IndicatorTarget target) implements Serializable {
}
