package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class ScenarioTruthTest {

    private static final long SEED = 42;
    private static final Instant FROM = Instant.parse("2026-11-29T01:00:00Z");
    private static final Instant TO = FROM.plus(Duration.ofMinutes(20));
    private static final Instant OUTAGE_START = FROM.plus(Duration.ofMinutes(5));
    private static final Instant OUTAGE_END = FROM.plus(Duration.ofMinutes(15));
    private static final Duration DISORDER = Duration.ofSeconds(10);
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private static final Duration MINUTE = Duration.ofMinutes(1);
    private static final List<Duration> SIZES = List.of(TEN_SECONDS, MINUTE);

    private final Fleet fleet = Fleet.of(List.of(Communes.byCode("16681"), Communes.byCode("17143"),
            Communes.byCode("16738")), 1);
    private final Gateway first = fleet.gateways().get(0);
    private final Gateway second = fleet.gateways().get(1);

    private ScenarioTruth truth(Scenario scenario) {
        return ScenarioTruth.of(new GatewayFirmware(fleet, SEED, scenario), FROM, TO, DISORDER, Duration.ZERO, SIZES);
    }

    private static Scenario scenario(Fault... faults) {
        return new Scenario("test", List.of(faults));
    }

    private Fault fault(FaultType type, Gateway gateway, Instant at, Duration duration, double rate) {
        return new Fault(type, at, duration, new Selection(Set.of(), Set.of(gateway.identity()), Set.of(), Set.of(), 1),
                rate, Duration.ZERO, false);
    }

    private Fault outage(Gateway gateway, boolean storeAndForward) {
        return new Fault(FaultType.GATEWAY_OFFLINE, OUTAGE_START, Duration.between(OUTAGE_START, OUTAGE_END),
                new Selection(Set.of(), Set.of(gateway.identity()), Set.of(), Set.of(), 1), 1, Duration.ZERO,
                storeAndForward);
    }

    /** Every reading the gateway's devices report in [from, to), straight from the signal model. */
    private List<Reading> readingsOf(Gateway gateway, Instant from, Instant to) {
        SignalModel signals = new SignalModel(SEED);
        List<Reading> readings = new ArrayList<>();
        for (long t = from.getEpochSecond(); t < to.getEpochSecond(); t++) {
            readings.addAll(signals.readingsDue(gateway, Instant.ofEpochSecond(t)));
        }
        return readings;
    }

    @Test
    void withoutFaultsTheTruthIsTheGroundTruth() {
        ScenarioTruth truth = truth(Scenario.NONE);

        for (Duration size : SIZES) {
            assertThat(truth.windows(size)).containsExactlyInAnyOrderElementsOf(
                    GroundTruth.windows(fleet, new SignalModel(SEED), size, FROM, TO));
            assertThat(truth.tooLate(size)).isEmpty();
        }
        assertThat(truth.readingsAccepted()).isEqualTo(GroundTruth.readingCount(fleet, FROM, TO));
        assertThat(truth.messagesSent()).isEqualTo(GroundTruth.messageCount(fleet, FROM, TO));
        assertThat(truth.delayed()).isEmpty();
        assertThat(truth.duplicates()).isEmpty();
        assertThat(truth.lost()).isEmpty();
        assertThat(truth.deadLetters()).isEmpty();
    }

    @Test
    void aGatewayOfflineWithStoreAndForwardSendsItsBacklogWithOriginalTimesOnReconnecting() {
        GatewayFirmware firmware = new GatewayFirmware(fleet, SEED, scenario(outage(first, true)));
        long start = OUTAGE_START.getEpochSecond();
        long end = OUTAGE_END.getEpochSecond();

        assertThat(firmware.cutOffAt(start)).containsExactly(first);
        assertThat(firmware.cutOffAt(start + 10)).isEmpty();
        assertThat(firmware.restoredAt(end)).containsExactly(first);
        for (long t = start; t < end; t += 10) {
            long second = t;
            assertThat(firmware.messagesAt(t)).noneMatch(message -> message.message().gateway().equals(first)
                    && message.sendSecond() == second);
        }
        List<PlannedMessage> atReconnect = firmware.messagesAt(end);
        // 10 minutes of a gateway whose fastest device (the camera) reports every 10 s: 60 buffered messages,
        // sent first, oldest first, then the gateway's own message of the reconnection second
        List<PlannedMessage> backlog = atReconnect.subList(0, 60);
        assertThat(backlog).allMatch(message -> message.dispatch() == PlannedMessage.Dispatch.BACKLOG
                && message.message().gateway().equals(first) && message.sendSecond() == end);
        assertThat(backlog).extracting(PlannedMessage::measuredSecond)
                .containsExactlyElementsOf(LongStream.iterate(start, t -> t < end, t -> t + 10)
                        .boxed().toList());
        assertThat(backlog.get(0).message().readings()).allMatch(reading -> reading.time().getEpochSecond() == start);
        assertThat(atReconnect.get(60).dispatch()).isEqualTo(PlannedMessage.Dispatch.ON_TIME);
        // the gateway's own queue_depth counts what it holds: nothing at the outage's start, then everything
        // measured since; back to 0 once it is online again
        assertThat(queueDepth(backlog.get(0))).isZero();
        assertThat(queueDepth(backlog.get(6))).isEqualTo(readingsOf(first, OUTAGE_START,
                OUTAGE_START.plusSeconds(60)).size());
        assertThat(queueDepth(atReconnect.get(60))).isZero();
    }

    private static String identity(Reading reading) {
        return reading.device().id() + ":" + reading.metric().name() + "@" + reading.time();
    }

    private static double queueDepth(PlannedMessage message) {
        return message.message().readings().stream().filter(reading -> reading.metric().name().equals("queue_depth"))
                .findFirst().orElseThrow().value();
    }

    @Test
    void theBacklogIsLateAndTooLateForEveryWindowThatClosedBeforeTheReconnection() {
        ScenarioTruth truth = truth(scenario(outage(first, true)));
        List<Reading> buffered = readingsOf(first, OUTAGE_START, OUTAGE_END);
        // At the reconnection the newest reading is the cameras' of OUTAGE_END - 10 s, so the watermark is
        // OUTAGE_END - 20 s: 10 s windows up to then are closed, and 1 min windows up to OUTAGE_END - 1 min.
        Instant tenSecondCut = OUTAGE_END.minusSeconds(20);
        Instant minuteCut = OUTAGE_END.minusSeconds(60);

        // compared by identity: the gateway's queue_depth, which counts the backlog, is the one value that differs
        assertThat(truth.delayed()).extracting(delayed -> identity(delayed.reading()))
                .containsExactlyElementsOf(buffered.stream().map(ScenarioTruthTest::identity).toList());
        assertThat(truth.delayed()).allMatch(delayed -> delayed.sendSecond() == OUTAGE_END.getEpochSecond());
        // text readings (a lamp's fault code, a speaker's program) are never windowed, so never too late
        assertThat(truth.tooLate(TEN_SECONDS)).extracting(ScenarioTruthTest::identity).containsExactlyElementsOf(
                buffered.stream().filter(reading -> reading.metric().numeric() && reading.time().isBefore(tenSecondCut))
                        .map(ScenarioTruthTest::identity).toList());
        assertThat(truth.tooLate(MINUTE)).extracting(ScenarioTruthTest::identity).containsExactlyElementsOf(
                buffered.stream().filter(reading -> reading.metric().numeric() && reading.time().isBefore(minuteCut))
                        .map(ScenarioTruthTest::identity).toList());
        assertThat(truth.lost()).isEmpty();
        // the windows the backlog still reached hold their readings; the others of the gateway are absent
        assertThat(truth.windows(TEN_SECONDS)).filteredOn(window -> window.gateway().equals(first.name())
                && window.commune().equals(first.commune().code())
                && !window.windowStart().isBefore(OUTAGE_START) && window.windowStart().isBefore(OUTAGE_END))
                .extracting(ExpectedWindow::windowStart).allMatch(start -> !start.isBefore(tenSecondCut))
                .isNotEmpty();
    }

    @Test
    void allowedLatenessKeepsTheNewerPartOfTheBacklogInItsWindows() {
        Duration lateness = Duration.ofMinutes(4);
        ScenarioTruth truth = ScenarioTruth.of(new GatewayFirmware(fleet, SEED, scenario(outage(first, true))), FROM,
                TO, DISORDER, lateness, SIZES);
        List<Reading> buffered = readingsOf(first, OUTAGE_START, OUTAGE_END);
        // the watermark at the reconnection is OUTAGE_END - 20 s; a window is closed for good once its end plus
        // 4 min is at or before it: 10 s windows ending by OUTAGE_END - 4 min 20 s, 1 min windows by - 5 min
        Instant tenSecondCut = OUTAGE_END.minusSeconds(20).minus(lateness);
        Instant minuteCut = OUTAGE_END.minus(Duration.ofMinutes(5));

        assertThat(truth.tooLate(TEN_SECONDS)).extracting(ScenarioTruthTest::identity).containsExactlyElementsOf(
                buffered.stream().filter(reading -> reading.metric().numeric() && reading.time().isBefore(tenSecondCut))
                        .map(ScenarioTruthTest::identity).toList());
        assertThat(truth.tooLate(MINUTE)).extracting(ScenarioTruthTest::identity).containsExactlyElementsOf(
                buffered.stream().filter(reading -> reading.metric().numeric() && reading.time().isBefore(minuteCut))
                        .map(ScenarioTruthTest::identity).toList());
        // a late window within the lateness holds every reading its device measured in it
        long lateCameraReadings = buffered.stream().filter(reading -> reading.metric().name().equals("bitrate")
                && !reading.time().isBefore(minuteCut)).count();
        assertThat(truth.windows(MINUTE)).filteredOn(window -> window.metric().equals("bitrate")
                && window.gateway().equals(first.name()) && window.commune().equals(first.commune().code())
                && !window.windowStart().isBefore(minuteCut) && window.windowStart().isBefore(OUTAGE_END))
                .extracting(ExpectedWindow::count).containsOnly(6L).hasSize((int) lateCameraReadings / 6);
    }

    @Test
    void aGatewayOfflineWithoutStoreAndForwardLosesWhatItMeasuredMeanwhile() {
        ScenarioTruth truth = truth(scenario(outage(first, false)));

        assertThat(truth.lost()).extracting(GatewayFirmware.LostReading::reading)
                .containsExactlyElementsOf(readingsOf(first, OUTAGE_START, OUTAGE_END));
        assertThat(truth.lost()).allMatch(lost -> lost.cause() == FaultType.GATEWAY_OFFLINE);
        assertThat(truth.delayed()).isEmpty();
        assertThat(truth.readingsAccepted()).isEqualTo(GroundTruth.readingCount(fleet, FROM, TO)
                - readingsOf(first, OUTAGE_START, OUTAGE_END).size());
    }

    @Test
    void duplicatesAreSentAndAcceptedButCountOnce() {
        ScenarioTruth truth = truth(scenario(fault(FaultType.DUPLICATE, second, FROM, Duration.ofMinutes(20), 1)));

        List<Reading> ofSecond = readingsOf(second, FROM, TO);
        assertThat(truth.duplicates()).extracting(ScenarioTruth.DelayedReading::reading)
                .containsExactlyElementsOf(ofSecond);
        assertThat(truth.readingsAccepted()).isEqualTo(GroundTruth.readingCount(fleet, FROM, TO) + ofSecond.size());
        assertThat(truth.windows(MINUTE)).containsExactlyInAnyOrderElementsOf(
                GroundTruth.windows(fleet, new SignalModel(SEED), MINUTE, FROM, TO));
    }

    @Test
    void malformedUnknownAndSpoofedMessagesBecomeTheDeadLettersOfTheirReasons() {
        Instant at = FROM.plus(Duration.ofMinutes(2));
        ScenarioTruth truth = truth(scenario(
                fault(FaultType.MALFORMED_PAYLOAD, first, at, Duration.ofMinutes(1), 1),
                fault(FaultType.UNKNOWN_DEVICE, second, at, Duration.ofMinutes(1), 1),
                fault(FaultType.SPOOFED_COMMUNE, second, at, Duration.ofMinutes(1), 1)));

        // one message per 10 s for a minute: 6 of each, the first gateway's unparseable as a whole
        assertThat(truth.deadLetters()).filteredOn(letter -> letter.reasonCode().equals("MALFORMED_SENML"))
                .hasSize(6).allMatch(letter -> letter.gateway().equals(first));
        assertThat(truth.deadLetters()).filteredOn(letter -> letter.reasonCode().equals("UNKNOWN_DEVICE"))
                .hasSize(6).extracting(letter -> letter.readings().stream().map(r -> r.device().id()).toList())
                // the impostor copies the message's first device: the station at the minute, else the camera
                .containsExactly(List.of("17143-ENV-U001"), List.of("17143-CAM-U001"), List.of("17143-CAM-U001"),
                        List.of("17143-CAM-U001"), List.of("17143-CAM-U001"), List.of("17143-CAM-U001"));
        assertThat(truth.deadLetters()).filteredOn(letter -> letter.reasonCode().equals("IDENTITY_MISMATCH"))
                .hasSize(6).extracting(letter -> letter.readings().get(0).device().id()).containsOnly("16738-ENV-0001");
        List<Reading> unparsed = readingsOf(first, at, at.plus(Duration.ofMinutes(1)));
        assertThat(truth.readingsAccepted()).isEqualTo(GroundTruth.readingCount(fleet, FROM, TO) - unparsed.size());
        assertThat(truth.windows(MINUTE)).noneMatch(window -> window.gateway().equals(first.name())
                && window.commune().equals(first.commune().code()) && window.windowStart().equals(at));
    }

    @Test
    void clockSkewStampsReadingsLaterAndOutOfOrderSwapsMessages() {
        Fault skew = new Fault(FaultType.CLOCK_SKEW, FROM, Duration.ofMinutes(20),
                new Selection(Set.of(), Set.of(first.identity()), Set.of(), Set.of(), 1), 1, Duration.ofSeconds(90),
                false);
        GatewayFirmware firmware = new GatewayFirmware(fleet, SEED, scenario(skew,
                fault(FaultType.OUT_OF_ORDER, second, FROM, Duration.ofMinutes(20), 1)));
        long t = FROM.getEpochSecond() + 60;

        List<PlannedMessage> messages = firmware.messagesAt(t);
        assertThat(messages).filteredOn(message -> message.message().gateway().equals(first)).singleElement()
                .satisfies(message -> assertThat(message.message().readings())
                        .allMatch(reading -> reading.time().getEpochSecond() == t + 90));
        // every message of the second gateway waits for the next one: at t it sends only what it measured at t - 10
        assertThat(messages).filteredOn(message -> message.message().gateway().equals(second)).singleElement()
                .satisfies(message -> {
                    assertThat(message.measuredSecond()).isEqualTo(t - 10);
                    assertThat(message.dispatch()).isEqualTo(PlannedMessage.Dispatch.HELD_BACK);
                });
    }

    @Test
    void aFaultShareSelectsTheSameSubjectsForTheSameSeed() {
        Fault half = new Fault(FaultType.DEVICE_OFFLINE, FROM, Duration.ofMinutes(20),
                new Selection(Set.of(), Set.of(), Set.of(), Set.of(DeviceKind.CAM), 0.5), 1, Duration.ZERO, false);
        Set<String> once = lostDevices(new GatewayFirmware(Fleet.of(Communes.all(), 1), SEED, scenario(half)));
        Set<String> again = lostDevices(new GatewayFirmware(Fleet.of(Communes.all(), 1), SEED, scenario(half)));
        Set<String> otherSeed = lostDevices(new GatewayFirmware(Fleet.of(Communes.all(), 1), SEED + 1, scenario(half)));

        assertThat(once).isEqualTo(again).isNotEqualTo(otherSeed);
        assertThat(once).allMatch(id -> id.contains("-CAM-"));
        // a share of 0.5 of 130 cameras: far from none and from all
        assertThat(once).hasSizeBetween(40, 90);
    }

    private static Set<String> lostDevices(GatewayFirmware firmware) {
        return firmware.lostAt(FROM.getEpochSecond()).stream().map(lost -> lost.reading().device().id())
                .collect(Collectors.toSet());
    }

    @Test
    void theSameSeedWritesTheSameTruthFileAndAnotherSeedAnother() throws IOException {
        Scenario scenario = scenario(outage(first, true), fault(FaultType.DUPLICATE, second, FROM, MINUTE, 0.5));

        String once = truthFile(SEED, scenario);
        assertThat(truthFile(SEED, scenario)).isEqualTo(once);
        assertThat(truthFile(SEED + 1, scenario)).isNotEqualTo(once);
        assertThat(once.lines().findFirst().orElseThrow()).startsWith("{\"type\":\"summary\",\"scenario\":\"test\"");
        assertThat(once.lines()).allMatch(line -> line.startsWith("{\"type\":"));
    }

    private String truthFile(long seed, Scenario scenario) throws IOException {
        StringWriter out = new StringWriter();
        TruthFile.write(ScenarioTruth.of(new GatewayFirmware(fleet, seed, scenario), FROM, TO, DISORDER, Duration.ZERO, SIZES), out);
        return out.toString();
    }

    /** Seed 42's only accident of the day on these cameras: 17143-CAM-0001 at 08:15:50 UTC (15:15:50 local). */
    private static final Instant ACCIDENT = Instant.parse("2026-11-29T08:15:50Z");

    private ScenarioTruth truthAround(Instant event, Fault... faults) {
        return ScenarioTruth.of(new GatewayFirmware(fleet, SEED, scenario(faults)), event.minus(Duration.ofMinutes(5)),
                event.plus(Duration.ofMinutes(15)), DISORDER, Duration.ZERO, SIZES);
    }

    private static List<ExpectedAlert> cameraEvents(ScenarioTruth truth) {
        return truth.alerts().stream().filter(a -> a.rule().equals("camera-event")).toList();
    }

    @Test
    void aDeliveredAccidentIsAMajorCameraEventStillActiveAtTheEndAndAnIntrusionIsNone() {
        Gateway rural = fleet.gateways().stream().filter(g -> g.commune().code().equals("17143")).findFirst()
                .orElseThrow();
        assertThat(new SignalModel(SEED).text(rural.devices().stream()
                .filter(d -> d.id().equals("17143-CAM-0001")).findFirst().orElseThrow(), "event", ACCIDENT))
                .isEqualTo("accident");
        ExpectedAlert accident = new ExpectedAlert("camera-event", "17143-CAM-0001", "17143", "MAJOR", ACCIDENT,
                ACCIDENT, null);

        assertThat(cameraEvents(truthAround(ACCIDENT))).containsExactly(accident);
        assertThat(cameraEvents(truthAround(ACCIDENT, fault(FaultType.DUPLICATE, rural, ACCIDENT.minusSeconds(60),
                Duration.ofMinutes(2), 1)))).as("sent twice, one episode").containsExactly(accident);
        assertThat(cameraEvents(truthAround(ACCIDENT, new Fault(FaultType.GATEWAY_OFFLINE, ACCIDENT.minusSeconds(60),
                Duration.ofMinutes(2), new Selection(Set.of(), Set.of(rural.identity()), Set.of(), Set.of(), 1), 1,
                Duration.ZERO, true)))).as("sent late from the backlog, at its own time").containsExactly(accident);
        assertThat(cameraEvents(truthAround(ACCIDENT, new Fault(FaultType.GATEWAY_OFFLINE, ACCIDENT.minusSeconds(60),
                Duration.ofMinutes(2), new Selection(Set.of(), Set.of(rural.identity()), Set.of(), Set.of(), 1), 1,
                Duration.ZERO, false)))).as("lost with the gateway's link").isEmpty();
        // 16681-CAM-0001 reports an intrusion at 17:56:00 UTC (00:56 local): no alert
        assertThat(new SignalModel(SEED).text(fleet.gateways().get(0).devices().stream()
                .filter(d -> d.id().equals("16681-CAM-0001")).findFirst().orElseThrow(), "event",
                Instant.parse("2026-11-29T17:56:00Z"))).isEqualTo("intrusion");
        assertThat(cameraEvents(truthAround(Instant.parse("2026-11-29T17:56:00Z")))).isEmpty();
    }

    @Test
    void refusesFaultsNamingWhatTheFleetLacks() {
        Fault elsewhere = new Fault(FaultType.DUPLICATE, FROM, MINUTE,
                new Selection(Set.of(), Set.of("16681/gw-09"), Set.of(), Set.of(), 1), 1, Duration.ZERO, false);

        assertThatThrownBy(() -> new GatewayFirmware(fleet, SEED, scenario(elsewhere)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16681/gw-09");
    }
}
