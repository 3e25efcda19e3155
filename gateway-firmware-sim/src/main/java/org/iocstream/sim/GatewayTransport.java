package org.iocstream.sim;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * How simulated gateways reach the platform: MQTT (Paho), CoAP (Californium), or the load-mode client. The
 * firmware decides what each gateway sends and when, faults included; a transport only connects, sends and
 * reports acknowledgements.
 */
public interface GatewayTransport extends AutoCloseable {

    /**
     * Connects these gateways, each with its own identity, and announces each as firmware does on boot
     * (status {@code online}, device list), returning once the platform has acknowledged every announcement.
     */
    void open(List<Gateway> gateways) throws IOException, InterruptedException;

    /**
     * Sends one telemetry message of an open gateway. The stage completes when the platform acknowledged it
     * (MQTT PUBACK, CoAP 2.04), at once for messages that are unacknowledged by design (CoAP NON), and
     * exceptionally when it was refused or failed. May block while the gateway has its maximum of messages in
     * flight, as firmware with a bounded send window does.
     */
    CompletionStage<Void> send(TelemetryMessage message) throws InterruptedException;

    /**
     * Cuts the gateway off as a power or backhaul failure would: no clean goodbye, so an MQTT broker publishes
     * the gateway's Last Will ({@code offline}). Messages in flight may be lost.
     */
    void cutOff(Gateway gateway) throws InterruptedException;

    /** Connects a gateway that was cut off again and announces it as on boot. */
    void restore(Gateway gateway) throws IOException, InterruptedException;

    /** Announces every gateway {@code offline} cleanly, waits for what is in flight, and disconnects. */
    @Override
    void close() throws InterruptedException;
}
