package org.iocstream.sim.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.iocstream.sim.Communes;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.Gateway;
import org.iocstream.sim.GatewayTransport;
import org.iocstream.sim.GroundTruth;
import org.iocstream.sim.SignalModel;
import org.iocstream.sim.TelemetryMessage;
import org.junit.jupiter.api.Test;

class LoadDriverTest {

    private static final Instant FROM = Instant.parse("2026-01-05T00:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofMinutes(3));

    private final Fleet fleet = LoadFleet.of(Communes.all().subList(0, 3), 2);
    private final SignalModel signals = new SignalModel(11);

    @Test
    void aSpanSendsExactlyTheGroundTruthInstantByInstant() throws Exception {
        RecordingTransport transport = new RecordingTransport(null);
        ByteArrayOutputStream progress = new ByteArrayOutputStream();

        LoadSummary summary = LoadDriver.run(transport, fleet, signals, LoadRunOptions.span(FROM, TO,
                Duration.ofMinutes(1)), new PrintStream(progress, true, StandardCharsets.UTF_8));

        assertThat(transport.opened).isEqualTo(fleet.gateways());
        long messages = GroundTruth.messageCount(fleet, FROM, TO);
        long readings = GroundTruth.readingCount(fleet, FROM, TO);
        assertThat(summary.messagesSent()).isEqualTo(messages).isEqualTo(transport.sent.size());
        assertThat(summary.messagesAcked()).isEqualTo(messages);
        assertThat(summary.readingsSent()).isEqualTo(readings);
        assertThat(summary.readingsAcked()).isEqualTo(readings);
        assertThat(summary.allAcknowledged()).isTrue();
        assertThat(summary.simulatedReached()).isAfterOrEqualTo(TO);
        // instants in order, every gateway's message of one instant before the next instant
        TelemetryMessage first = transport.sent.get(0);
        assertThat(first.readings()).isEqualTo(signals.readingsDue(first.gateway(), FROM));
        assertThat(transport.sent).extracting(message -> message.readings().get(0).time()).isSorted();
        assertThat(progress.toString(StandardCharsets.UTF_8)).contains("connected", "readings/s", "heap", "threads");
    }

    @Test
    void refusedMessagesAreCountedAsFailedNotAcknowledged() throws Exception {
        Gateway refused = fleet.gateways().get(3);
        RecordingTransport transport = new RecordingTransport(refused);

        LoadSummary summary = LoadDriver.run(transport, fleet, signals, LoadRunOptions.span(FROM, TO,
                Duration.ofMinutes(1)), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));

        long refusedMessages = GroundTruth.messageCount(new Fleet(List.of(refused)), FROM, TO);
        assertThat(summary.messagesFailed()).isEqualTo(refusedMessages).isPositive();
        assertThat(summary.messagesAcked()).isEqualTo(GroundTruth.messageCount(fleet, FROM, TO) - refusedMessages);
        assertThat(summary.readingsAcked()).isEqualTo(GroundTruth.readingCount(fleet, FROM, TO)
                - GroundTruth.readingCount(new Fleet(List.of(refused)), FROM, TO));
        assertThat(summary.allAcknowledged()).isFalse();
    }

    /** Acknowledges every message at once, except those of one gateway, which it refuses. */
    private static final class RecordingTransport implements GatewayTransport {
        final Gateway refusing;
        final List<Gateway> opened = new ArrayList<>();
        final List<TelemetryMessage> sent = new ArrayList<>();

        RecordingTransport(Gateway refusing) {
            this.refusing = refusing;
        }

        @Override
        public void open(List<Gateway> gateways) {
            opened.addAll(gateways);
        }

        @Override
        public CompletionStage<Void> send(TelemetryMessage message) {
            sent.add(message);
            return message.gateway().equals(refusing)
                    ? CompletableFuture.failedFuture(new IOException("refused: reason code 0x87"))
                    : CompletableFuture.completedFuture(null);
        }

        @Override
        public void cutOff(Gateway gateway) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void restore(Gateway gateway) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close() {
        }
    }
}
