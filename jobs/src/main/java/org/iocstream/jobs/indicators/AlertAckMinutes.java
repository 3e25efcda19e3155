package org.iocstream.jobs.indicators;

import java.time.Duration;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.util.Collector;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.IndicatorValue;

/**
 * {@code OPS_ALERT_ACK_MINUTES} as a piece of topology the telemetry pipeline adds to the alert lifecycle's output;
 * its values go to the KPI join beside the reported ones, like {@link ComputedIndicators}.
 *
 * <pre>
 * alert-lifecycle records, acknowledged ones only -> AcknowledgedAlert for the commune and for 40
 *   keyBy scope/day (episode start, local) -> alert-ack-minutes -> IndicatorValue
 *      (OPS_ALERT_ACK_MINUTES, minutes; period DAY, scope = commune or 40)
 * </pre>
 */
public final class AlertAckMinutes {

    public static final String UID = "alert-ack-minutes";
    /**
     * How long after a day ended an acknowledgement of its alerts still counts (<i>ours</i>): a week, so that an
     * alert left active over a weekend is still counted when it is acknowledged on Monday.
     */
    public static final Duration DEFAULT_ACKNOWLEDGEMENT_WINDOW = Duration.ofDays(7);

    private AlertAckMinutes() {
    }

    /**
     * @param alerts the alert lifecycle's output ({@code alert-lifecycle}), with its event-time watermarks
     * @param acknowledgementWindow how long after a day ended an acknowledgement of an alert that started in it
     *     still counts, and so how long the day's state is kept (rounded up to a 10-minute boundary);
     *     {@link #DEFAULT_ACKNOWLEDGEMENT_WINDOW} unless configured
     */
    public static DataStream<IndicatorValue> addTo(DataStream<Alert> alerts, Duration acknowledgementWindow) {
        return alerts.flatMap(new ToAcknowledgedAlerts())
                .returns(TypeInformation.of(AcknowledgedAlert.class))
                .name("acknowledged-alerts")
                .keyBy(AcknowledgedAlert::scopeDay)
                .process(new AlertAckMinutesFunction(acknowledgementWindow), new AvroTypeInfo<>(IndicatorValue.class))
                .uid(UID)
                .name(UID);
    }

    /** {@link AcknowledgedAlert#of}: nothing for an unacknowledged record, a commune's and the province's. */
    static final class ToAcknowledgedAlerts implements FlatMapFunction<Alert, AcknowledgedAlert> {
        @Override
        public void flatMap(Alert alert, Collector<AcknowledgedAlert> out) {
            AcknowledgedAlert.of(alert).forEach(out::collect);
        }
    }
}
