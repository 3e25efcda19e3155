package org.iocstream.jobs.indicators;

import org.iocstream.connectors.indicators.Indicator;
import org.iocstream.connectors.indicators.IndicatorTarget;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.KpiOrigin;
import org.iocstream.schemas.KpiValue;

/** Joins an indicator value with its catalogue entry: origin, 2026 target, {@link TargetGap gap} and met. */
public final class KpiRows {

    private KpiRows() {
    }

    public static KpiValue of(IndicatorValue value, Indicator indicator) {
        if (!indicator.code().equals(value.getCode())) {
            throw new IllegalArgumentException("a value of " + value.getCode() + " joined with " + indicator.code());
        }
        KpiValue.Builder row = KpiValue.newBuilder()
                .setCode(value.getCode())
                .setScope(value.getScope())
                .setPeriodType(value.getPeriodType())
                .setPeriodStart(value.getPeriodStart())
                .setValue(value.getValue())
                .setUnit(value.getUnit())
                .setOrigin(indicator.computed() ? KpiOrigin.COMPUTED : KpiOrigin.REPORTED)
                .setSource(value.getSource())
                .setReceivedAt(value.getReceivedAt())
                .setKind(value.getKind());
        IndicatorTarget target = indicator.target();
        if (target != null) {
            row.setTarget(target.value())
                    .setTargetOperator(target.operator().symbol())
                    .setGap(TargetGap.gap(target, value.getValue()))
                    .setMet(TargetGap.met(target, value.getValue()));
        }
        return row.build();
    }
}
