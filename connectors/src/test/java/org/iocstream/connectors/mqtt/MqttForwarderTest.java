package org.iocstream.connectors.mqtt;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.iocstream.connectors.ingest.DeviceRegistry;
import org.iocstream.connectors.ingest.KafkaForwarder;
import org.iocstream.connectors.ingest.MessageTranslator;
import org.iocstream.connectors.ingest.MetricCatalog;
import org.iocstream.connectors.ingest.Rejection;
import org.iocstream.connectors.ingest.TelemetryMapper;
import org.iocstream.connectors.senml.SenmlParser;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.GatewayState;
import org.iocstream.schemas.GatewayStatus;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.Topics;
import org.iocstream.schemas.WireCodec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The pending-message, retry and acknowledgement logic of the MQTT ingest ({@link MqttForwarder} over
 * {@link KafkaForwarder}), without a broker: Kafka is a {@link MockProducer} that completes a send only when the
 * test says so, the broker's ack a fake.
 */
class MqttForwarderTest {

    private static final Instant RECEIVED = Instant.parse("2025-11-25T03:20:00Z");
    private static final String TOPIC = "ioc/v1/16681/gw-01/telemetry";
    private static final String TWO_READINGS = "[{\"bn\":\"16681-ENV-0001:\",\"bt\":1764040800,\"n\":\"pm2_5\","
            + "\"u\":\"ug/m3\",\"v\":35.2},{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":28.1}]";
    private static final WireCodec<Reading> READINGS = WireCodec.of(Reading.class);
    private static final WireCodec<GatewayStatus> STATUSES = WireCodec.of(GatewayStatus.class);
    private static final WireCodec<DeadLetter> DEAD_LETTERS = WireCodec.of(DeadLetter.class);

    private final List<String> sendingThreads = new CopyOnWriteArrayList<>();
    private final MockProducer<byte[], byte[]> producer =
            new MockProducer<>(false, null, new ByteArraySerializer(), new ByteArraySerializer()) {
                @Override
                public synchronized Future<RecordMetadata> send(ProducerRecord<byte[], byte[]> record,
                        Callback callback) {
                    sendingThreads.add(Thread.currentThread().getName());
                    return super.send(record, callback);
                }
            };
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final FakeAcknowledger broker = new FakeAcknowledger();
    private final TickingClock clock = new TickingClock();
    private final ScheduledExecutorService retries = Executors.newSingleThreadScheduledExecutor();
    private final KafkaForwarder kafka = kafkaForwarder(meters);
    private final MqttForwarder forwarder = new MqttForwarder(kafka, new SenmlParser(), broker, meters);

    /** Records the acks; and the readings counter at the moment of each ack, to check the order. */
    private final class FakeAcknowledger implements Acknowledger {
        final List<Integer> acked = new CopyOnWriteArrayList<>();
        final List<Double> readingsCountedAtAck = new CopyOnWriteArrayList<>();

        @Override
        public void ack(int messageId, int qos) {
            assertThat(qos).isEqualTo(1);
            readingsCountedAtAck.add(readingsAccepted());
            acked.add(messageId);
        }
    }

    /** Each read one second later than the one before: a second read of the clock shows in the records. */
    private static final class TickingClock extends Clock {
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Instant instant() {
            return RECEIVED.plusSeconds(reads.getAndIncrement());
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }

    private KafkaForwarder kafkaForwarder(MeterRegistry meters) {
        DeviceRegistry registry = new DeviceRegistry();
        MessageTranslator translator = new MessageTranslator(new TelemetryMapper(MetricCatalog.standard(), registry),
                registry, MqttIngest.PROTOCOL, "ingest-test", meters);
        return new KafkaForwarder(producer, translator, retries, meters, clock);
    }

    @AfterEach
    void stopRetries() {
        retries.shutdownNow();
    }

    private static MqttMessage message(int id, String payload) {
        MqttMessage message = new MqttMessage(payload.getBytes(UTF_8));
        message.setId(id);
        message.setQos(1);
        return message;
    }

    private double readingsAccepted() {
        return meters.counter("ioc.ingest.readings.accepted", "protocol", "mqtt").count();
    }

    private double rejected(String reason) {
        return meters.counter("ioc.ingest.rejected", "protocol", "mqtt", "reason", reason).count();
    }

    private List<ProducerRecord<byte[], byte[]>> sent() {
        return producer.history();
    }

    private List<DeadLetter> deadLettersSent() {
        return sent().stream().filter(r -> r.topic().equals(Topics.DEADLETTER))
                .map(r -> DEAD_LETTERS.decode(r.value())).toList();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.remaining()];
        buffer.duplicate().get(bytes);
        return bytes;
    }

    /** Waits for something the retry thread does. */
    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out waiting until " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }

    private void completeNext(int sends) {
        for (int i = 0; i < sends; i++) {
            assertThat(producer.completeNext()).as("send %d to complete", i + 1).isTrue();
        }
    }

    @Test
    void acknowledgesOnlyOnceEveryRecordIsInKafkaAndCountsTheReadingsAfterTheAck() {
        forwarder.accept(TOPIC, message(7, TWO_READINGS));

        assertThat(sent()).extracting(ProducerRecord::topic).containsExactly(Topics.TELEMETRY, Topics.TELEMETRY);
        assertThat(kafka.inFlight()).isEqualTo(1);
        completeNext(1);
        assertThat(broker.acked).isEmpty();
        assertThat(kafka.inFlight()).isEqualTo(1);

        completeNext(1);
        assertThat(broker.acked).containsExactly(7);
        assertThat(broker.readingsCountedAtAck).as("readings counted after the ack, not before").containsExactly(0.0);
        assertThat(readingsAccepted()).isEqualTo(2.0);
        assertThat(kafka.inFlight()).isZero();
    }

    @Test
    void aRetriableFailureResendsOnlyThatRecordWithItsOriginalTimes() {
        // no bt: both times count from the time of reception; the second reading is 5 s older
        forwarder.accept(TOPIC, message(8, "[{\"bn\":\"16681-ENV-0001:\",\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":35.2},"
                + "{\"n\":\"temperature\",\"u\":\"Cel\",\"v\":28.1,\"t\":-5}]"));
        completeNext(1);
        assertThat(producer.errorNext(new TimeoutException("Expiring 1 record(s): 120000 ms has passed"))).isTrue();

        await("the failed record is sent again", () -> sent().size() == 3);
        assertThat(broker.acked).isEmpty();
        ProducerRecord<byte[], byte[]> failed = sent().get(1);
        ProducerRecord<byte[], byte[]> resent = sent().get(2);
        assertThat(resent.topic()).isEqualTo(Topics.TELEMETRY);
        assertThat(resent.value()).as("the same record, not one built again").isEqualTo(failed.value());
        Reading reading = READINGS.decode(resent.value());
        assertThat(reading.getMetric()).isEqualTo("temperature");
        assertThat(reading.getTime()).isEqualTo(RECEIVED.minusSeconds(5));
        assertThat(reading.getIngestTime()).isEqualTo(RECEIVED);
        assertThat(clock.reads).hasValue(1);

        completeNext(1);
        assertThat(broker.acked).containsExactly(8);
        assertThat(readingsAccepted()).isEqualTo(2.0);
        assertThat(sent()).as("the record that had succeeded is not sent again").hasSize(3);
        assertThat(kafka.inFlight()).isZero();
    }

    @Test
    void aGatewaysStatusGoesToTheStatusTopicKeyedByGatewayWithWhetherItWasRetained() {
        MqttMessage will = message(10, "offline");
        MqttMessage replayed = message(11, "online");
        replayed.setRetained(true);

        forwarder.accept("ioc/v1/16681/gw-01/status", will);
        forwarder.accept("ioc/v1/16681/gw-01/status", replayed);
        completeNext(2);

        assertThat(broker.acked).containsExactly(10, 11);
        assertThat(sent()).extracting(ProducerRecord::topic).containsOnly(Topics.STATUS);
        assertThat(sent()).extracting(record -> new String(record.key(), UTF_8)).containsOnly("16681/gw-01");
        GatewayStatus offline = STATUSES.decode(sent().get(0).value());
        GatewayStatus online = STATUSES.decode(sent().get(1).value());
        assertThat(offline.getState()).isEqualTo(GatewayState.OFFLINE);
        assertThat(offline.getRetained()).isFalse();
        assertThat(online.getState()).isEqualTo(GatewayState.ONLINE);
        assertThat(online.getRetained()).isTrue();
        assertThat(online.getCommune() + "/" + online.getGateway()).isEqualTo("16681/gw-01");
        assertThat(online.getIngestProtocol()).isEqualTo("mqtt");
    }

    @Test
    void aStatusOtherThanOnlineOrOfflineIsADeadLetterAndAClearedOneIsNothing() {
        forwarder.accept("ioc/v1/16681/gw-01/status", message(12, "sleeping"));
        forwarder.accept("ioc/v1/16681/gw-01/status", message(13, ""));
        completeNext(1);

        assertThat(broker.acked).containsExactlyInAnyOrder(12, 13);
        assertThat(sent()).extracting(ProducerRecord::topic).containsExactly(Topics.DEADLETTER);
        assertThat(rejected(Rejection.MALFORMED_STATUS)).isEqualTo(1.0);
    }

    @Test
    void theKafkaLatencyOfAMessageRunsFromItsArrivalToItsLastRecordInKafka() {
        forwarder.accept(TOPIC, message(9, "[{\"bn\":\"16681-ENV-0001:\",\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":35.2}]"));
        assertThat(meters.timer("ioc.ingest.kafka.latency", "protocol", "mqtt").count()).isZero();

        completeNext(1);

        Timer latency = meters.timer("ioc.ingest.kafka.latency", "protocol", "mqtt");
        assertThat(latency.count()).isEqualTo(1);
        // the ticking clock: read at arrival (RECEIVED), then once more when Kafka has the record (one second on)
        assertThat(latency.totalTime(TimeUnit.SECONDS)).isEqualTo(1.0);
    }

    @Test
    void aSendThatThrowsIsRetriedLikeAFailedSend() {
        synchronized (producer) {
            producer.sendException = new TimeoutException("Topic not present in metadata after 5000 ms");
        }
        forwarder.accept(TOPIC, message(9, TWO_READINGS));
        assertThat(sent()).isEmpty();
        assertThat(kafka.inFlight()).isEqualTo(1);

        synchronized (producer) {
            producer.sendException = null;
        }
        await("both records are sent again", () -> sent().size() == 2);
        assertThat(sendingThreads).filteredOn(Thread.currentThread().getName()::equals)
                .as("after one failed send, the next record goes to the retry thread instead of blocking this one")
                .hasSize(1);
        completeNext(2);
        assertThat(broker.acked).containsExactly(9);
        assertThat(readingsAccepted()).isEqualTo(2.0);
        assertThat(kafka.inFlight()).isZero();
    }

    @Test
    void aRecordKafkaRefusesForGoodBecomesAKafkaRejectedDeadLetterAndTheMessageIsAcknowledged() {
        forwarder.accept(TOPIC, message(10, TWO_READINGS));
        completeNext(1);
        assertThat(producer.errorNext(new RecordTooLargeException("The message is 2000000 bytes"))).isTrue();

        await("the dead letter is sent", () -> sent().size() == 3);
        assertThat(broker.acked).isEmpty();
        DeadLetter letter = DEAD_LETTERS.decode(sent().get(2).value());
        assertThat(letter.getReasonCode()).isEqualTo("KAFKA_REJECTED");
        assertThat(letter.getMessage()).isEqualTo("Kafka refused 1 record(s) made from this message: reading "
                + "16681-ENV-0001:temperature at 2025-11-25T03:20:00Z: "
                + "org.apache.kafka.common.errors.RecordTooLargeException: The message is 2000000 bytes");
        assertThat(bytes(letter.getPayload())).isEqualTo(TWO_READINGS.getBytes(UTF_8));
        assertThat(letter.getSource()).isEqualTo(TOPIC);
        assertThat(letter.getCommune()).isEqualTo("16681");
        assertThat(letter.getGateway()).isEqualTo("gw-01");
        assertThat(letter.getClientId()).isEqualTo("ingest-test");
        assertThat(rejected("KAFKA_REJECTED")).isEqualTo(1.0);

        completeNext(1);
        assertThat(broker.acked).containsExactly(10);
        assertThat(readingsAccepted()).as("only the reading that is in Kafka").isEqualTo(1.0);
        assertThat(kafka.inFlight()).isZero();
    }

    @Test
    void recordsKafkaRefusesShareOneDeadLetterWithAtMost64KiBOfThePayload() {
        StringBuilder pack = new StringBuilder("[{\"bn\":\"16681-ENV-0001:\",\"bt\":1764040800,\"n\":\"noise\","
                + "\"u\":\"dBA\",\"v\":50}");
        for (int i = 1; i < 2000; i++) {
            pack.append(",{\"n\":\"noise\",\"u\":\"dBA\",\"v\":50.5,\"t\":").append(i).append("}");
        }
        byte[] payload = pack.append("]").toString().getBytes(UTF_8);
        assertThat(payload.length).isGreaterThan(64 * 1024);

        forwarder.accept(TOPIC, message(11, pack.toString()));
        for (int i = 0; i < 12; i++) {
            assertThat(producer.errorNext(new RecordTooLargeException("too large"))).isTrue();
        }
        completeNext(1988);

        await("the dead letter is sent", () -> sent().size() == 2001);
        assertThat(deadLettersSent()).singleElement().satisfies(letter -> {
            assertThat(letter.getMessage())
                    .startsWith("Kafka refused 12 record(s) made from this message (payload truncated to its first "
                            + "65536 of " + payload.length + " bytes): reading 16681-ENV-0001:noise at ")
                    .endsWith("RecordTooLargeException: too large; ... and 2 more");
            assertThat(bytes(letter.getPayload())).isEqualTo(Arrays.copyOf(payload, 65536));
        });
        assertThat(rejected("KAFKA_REJECTED")).isEqualTo(12.0);

        completeNext(1);
        assertThat(broker.acked).containsExactly(11);
        assertThat(readingsAccepted()).isEqualTo(1988.0);
    }

    @Test
    void aDeadLetterKafkaRefusesForGoodIsDroppedAndTheMessageAcknowledged() {
        forwarder.accept(TOPIC, message(12, "[{\"bn\":\"16681-ENV-0001:\",\"n\":\"pm25\",\"v\":1}]"));
        assertThat(deadLettersSent()).hasSize(1);

        assertThat(producer.errorNext(new RecordTooLargeException("too large"))).isTrue();

        assertThat(broker.acked).containsExactly(12);
        assertThat(sent()).as("no dead letter about the dead letter").hasSize(1);
        assertThat(kafka.inFlight()).isZero();
    }

    @Test
    void aPackWithThreeUnknownMetricsAndOneUnitMismatchYieldsTwoDeadLetters() {
        String pack = "[{\"bn\":\"16681-ENV-0001:\",\"bt\":1764040800,\"n\":\"pm25\",\"u\":\"ug/m3\",\"v\":1},"
                + "{\"n\":\"pm2_5\",\"u\":\"ug/m3\",\"v\":2},"
                + "{\"n\":\"temprature\",\"u\":\"Cel\",\"v\":3},"
                + "{\"n\":\"temperature\",\"u\":\"K\",\"v\":300},"
                + "{\"n\":\"nosie\",\"u\":\"dBA\",\"v\":4}]";
        forwarder.accept(TOPIC, message(13, pack));

        assertThat(sent()).extracting(ProducerRecord::topic)
                .containsExactly(Topics.TELEMETRY, Topics.DEADLETTER, Topics.DEADLETTER);
        List<DeadLetter> letters = deadLettersSent();
        assertThat(letters).extracting(DeadLetter::getReasonCode).containsExactly("UNKNOWN_METRIC", "UNIT_MISMATCH");
        assertThat(letters.get(0).getMessage()).isEqualTo(
                "record 1 ('16681-ENV-0001:pm25'): metric 'pm25' is not in the metric catalogue (metrics.csv); "
                + "record 3 ('16681-ENV-0001:temprature'): metric 'temprature' is not in the metric catalogue "
                + "(metrics.csv); "
                + "record 5 ('16681-ENV-0001:nosie'): metric 'nosie' is not in the metric catalogue (metrics.csv)");
        assertThat(letters.get(1).getMessage()).startsWith("record 4 ('16681-ENV-0001:temperature'): ")
                .contains("'Cel'").contains("'K'");
        assertThat(letters).allSatisfy(letter -> {
            assertThat(bytes(letter.getPayload())).isEqualTo(pack.getBytes(UTF_8));
            assertThat(letter.getReceivedAt()).isEqualTo(RECEIVED);
        });
        assertThat(rejected("UNKNOWN_METRIC")).isEqualTo(3.0);
        assertThat(rejected("UNIT_MISMATCH")).isEqualTo(1.0);

        completeNext(3);
        assertThat(broker.acked).containsExactly(13);
        assertThat(readingsAccepted()).isEqualTo(1.0);
        assertThat(rejected("UNKNOWN_METRIC")).as("counted once").isEqualTo(3.0);
        assertThat(kafka.inFlight()).isZero();
    }

    @Test
    void aMessageFromAnEarlierConnectionIsNotAcknowledged() {
        forwarder.accept(TOPIC, message(14, TWO_READINGS));
        forwarder.connectionChanged();
        completeNext(2);

        assertThat(broker.acked).as("packet id 14 may now be another message's").isEmpty();
        assertThat(meters.counter("ioc.ingest.acks.skipped", "protocol", "mqtt").count()).isEqualTo(1.0);
        assertThat(readingsAccepted()).as("counted when the broker's new delivery is acknowledged").isZero();
        assertThat(kafka.inFlight()).isZero();

        forwarder.accept(TOPIC, message(14, TWO_READINGS));
        completeNext(2);
        assertThat(broker.acked).containsExactly(14);
        assertThat(readingsAccepted()).isEqualTo(2.0);
    }

    @Test
    void inFlightCountsMessagesUntilTheyAreFinished() throws InterruptedException {
        forwarder.accept(TOPIC, message(15, TWO_READINGS));
        forwarder.accept(TOPIC, message(16, "[{\"bn\":\"16681-ENV-0001:\",\"n\":\"pm25\",\"v\":1}]"));
        forwarder.accept("not/a/gateway/topic", message(17, "x"));
        assertThat(kafka.inFlight()).isEqualTo(3);
        assertThat(kafka.awaitIdle(Duration.ofMillis(20))).isFalse();

        completeNext(4);
        assertThat(broker.acked).containsExactly(15, 16, 17);
        assertThat(kafka.inFlight()).isZero();
        assertThat(kafka.awaitIdle(Duration.ZERO)).isTrue();
    }

    @Test
    void aMessageArrivingWhileClosingIsLeftToTheBroker() {
        kafka.stopAccepting();
        forwarder.accept(TOPIC, message(18, TWO_READINGS));

        assertThat(sent()).isEmpty();
        assertThat(broker.acked).isEmpty();
        assertThat(kafka.inFlight()).isZero();
        assertThat(meters.counter("ioc.ingest.messages", "protocol", "mqtt").count()).isZero();
    }

    @Test
    void aFailureInTheIngestDoesNotEscapeIntoKafkasCallbackAndReleasesTheMessage() {
        SimpleMeterRegistry otherMeters = new SimpleMeterRegistry();
        KafkaForwarder failingKafka = kafkaForwarder(otherMeters);
        MqttForwarder failing = new MqttForwarder(failingKafka, new SenmlParser(), (messageId, qos) -> {
            throw new IllegalStateException("a bug in the acknowledgement");
        }, otherMeters);
        failing.accept(TOPIC, message(19, TWO_READINGS));

        completeNext(2);

        assertThat(failingKafka.inFlight()).isZero();
    }
}
