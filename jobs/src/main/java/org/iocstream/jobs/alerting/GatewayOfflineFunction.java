package org.iocstream.jobs.alerting;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.iocstream.schemas.Alert;
import org.iocstream.schemas.GatewayState;
import org.iocstream.schemas.GatewayStatus;
import org.iocstream.schemas.Severity;

/**
 * {@value #RULE} (MAJOR), keyed by {@link #key} ({@code commune/gateway}, also the alert's subject): a gateway's
 * OFFLINE status (its Last Will) raises the alert, starting when the ingest received it, and its next ONLINE
 * clears it. A status carries no time of its own, so statuses are taken in arrival order, which Kafka keeps per
 * gateway (the topic's key). A second OFFLINE while the alert is open, such as the retained one replayed when the
 * ingest subscribes again, changes nothing; so does an ONLINE without an open alert. Nothing is kept once the
 * alert clears.
 */
public final class GatewayOfflineFunction extends KeyedProcessFunction<String, GatewayStatus, Alert> {

    public static final String RULE = "gateway-offline";

    private transient ValueState<Long> offlineSince;

    public static String key(GatewayStatus status) {
        return status.getCommune() + "/" + status.getGateway();
    }

    @Override
    public void open(OpenContext openContext) {
        offlineSince = getRuntimeContext().getState(new ValueStateDescriptor<>("offline-since", Types.LONG));
    }

    @Override
    public void processElement(GatewayStatus status, Context ctx, Collector<Alert> out) throws Exception {
        String gateway = ctx.getCurrentKey();
        long receivedAt = status.getReceivedAt().toEpochMilli();
        Long since = offlineSince.value();
        if (status.getState() == GatewayState.OFFLINE && since == null) {
            offlineSince.update(receivedAt);
            out.collect(AlertRecords.of(RULE, gateway, status.getCommune(), Severity.MAJOR, receivedAt, null, null,
                    null, "gateway " + gateway + " offline since " + status.getReceivedAt()));
        } else if (status.getState() == GatewayState.ONLINE && since != null) {
            offlineSince.clear();
            out.collect(AlertRecords.of(RULE, gateway, status.getCommune(), Severity.MAJOR, since, receivedAt, null,
                    null, "gateway " + gateway + " online again at " + status.getReceivedAt()));
        }
    }
}
