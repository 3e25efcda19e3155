package org.iocstream.connectors.coap;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetSocketAddress;
import java.util.Locale;
import org.eclipse.californium.scandium.AlertHandler;
import org.eclipse.californium.scandium.DtlsHealth;
import org.eclipse.californium.scandium.DtlsHealthExtended2;
import org.eclipse.californium.scandium.dtls.AlertMessage;

/**
 * What Scandium reports of the DTLS endpoint, as Micrometer counters:
 * {@code ioc.ingest.coap.dtls.handshakes} by {@code outcome} (succeeded, failed) and
 * {@code ioc.ingest.coap.dtls.failures} by {@code reason}: {@code bad_record_mac} for a record that fails
 * authentication (during a handshake, a wrong PSK) and the TLS name of each fatal alert, sent or received (e.g.
 * {@code unknown_psk_identity}). Scandium drops a wrong key or an unknown identity without telling the client, so
 * these counters are where such attempts show. Tags come from TLS's fixed list of alerts, so they stay bounded.
 */
final class DtlsMetrics implements DtlsHealth, DtlsHealthExtended2, AlertHandler {

    private final MeterRegistry meters;
    private final Counter succeeded;
    private final Counter failed;
    private final Counter badMac;

    DtlsMetrics(MeterRegistry meters) {
        this.meters = meters;
        this.succeeded = meters.counter("ioc.ingest.coap.dtls.handshakes", "outcome", "succeeded");
        this.failed = meters.counter("ioc.ingest.coap.dtls.handshakes", "outcome", "failed");
        this.badMac = failure("bad_record_mac");
    }

    private Counter failure(String reason) {
        return meters.counter("ioc.ingest.coap.dtls.failures", "reason", reason);
    }

    @Override
    public void endHandshake(boolean success) {
        (success ? succeeded : failed).increment();
    }

    @Override
    public void receivingMacError() {
        badMac.increment();
    }

    @Override
    public void onAlert(InetSocketAddress peer, AlertMessage alert) {
        // a warning, such as the close_notify of a client that is done, is no failure
        if (alert.getLevel() == AlertMessage.AlertLevel.FATAL) {
            failure(alert.getDescription().name().toLowerCase(Locale.ROOT)).increment();
        }
    }

    @Override
    public boolean isEnabled() {
        return true;
    }

    // Scandium's other health events (records, queue lengths, periodic dumps) are not exported: the counters above
    // are the ones an operator acts on

    @Override
    public void startHandshake() {
    }

    @Override
    public void receivingRecord(boolean drop) {
    }

    @Override
    public void sendingRecord(boolean drop) {
    }

    @Override
    public void dump(String tag, int maxConnections, int remainingCapacity, int pendingWithoutVerify) {
    }

    @Override
    public void setPendingIncomingJobs(int count) {
    }

    @Override
    public void setPendingOutgoingJobs(int count) {
    }

    @Override
    public void setPendingHandshakeJobs(int count) {
    }
}
