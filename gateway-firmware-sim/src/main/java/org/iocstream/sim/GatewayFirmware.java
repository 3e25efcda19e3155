package org.iocstream.sim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * What every gateway of a fleet sends, second by second, under a scenario: its readings batched into one
 * message per reporting instant, and the faults of the scenario applied to them. Like the signals, this is a
 * pure function of (seed, fleet, scenario, second), so the truth can replay exactly what a run sends.
 */
public final class GatewayFirmware {

    /** The gateway's own metric of readings held for store-and-forward. */
    private static final String QUEUE_DEPTH = "queue_depth";

    private final Fleet fleet;
    private final long seed;
    private final SignalModel signals;
    private final Scenario scenario;
    private final ActiveFaults faults;
    /** By identity: a record's hash would walk the gateway's whole device list on every lookup. */
    private final Map<Gateway, long[]> reportIntervals = new IdentityHashMap<>();
    /** Every second at which a fault starts or ends: a gateway may go offline or come back then. */
    private final TreeSet<Long> faultBoundaries = new TreeSet<>();

    public GatewayFirmware(Fleet fleet, long seed, Scenario scenario) {
        this.fleet = fleet;
        this.seed = seed;
        this.signals = new SignalModel(seed, scenario);
        this.scenario = scenario;
        this.faults = new ActiveFaults(scenario, new SignalNoise(seed));
        for (Gateway gateway : fleet.gateways()) {
            reportIntervals.put(gateway, gateway.devices().stream()
                    .mapToLong(device -> device.kind().intervalSeconds()).distinct().sorted().toArray());
        }
        for (Fault fault : scenario.faults()) {
            List<String> missing = fault.where().missingFrom(fleet);
            if (!missing.isEmpty()) {
                throw new IllegalArgumentException(fault.type().fileName() + " names what the fleet does not have: "
                        + missing);
            }
            if (fault.type() == FaultType.SPOOFED_COMMUNE
                    && fleet.gateways().stream().map(gateway -> gateway.commune().code()).distinct().count() < 2) {
                throw new IllegalArgumentException("spoofed-commune needs a fleet of at least two communes");
            }
            faultBoundaries.add(fault.at().getEpochSecond());
            faultBoundaries.add(fault.endSecond());
        }
    }

    public Fleet fleet() {
        return fleet;
    }

    public long seed() {
        return seed;
    }

    public Scenario scenario() {
        return scenario;
    }

    /** The first second at or after {@code epochSecond} at which some gateway reports, goes offline or returns. */
    public long nextEventSecond(long epochSecond) {
        long next = fleet.nextReportSecond(epochSecond);
        Long boundary = faultBoundaries.ceiling(epochSecond);
        return boundary == null ? next : Math.min(next, boundary);
    }

    /** The gateways whose backhaul fails at this second. */
    public List<Gateway> cutOffAt(long epochSecond) {
        return fleet.gateways().stream()
                .filter(gateway -> offline(gateway, epochSecond) && !offline(gateway, epochSecond - 1)).toList();
    }

    /** The gateways that reconnect at this second, after being cut off. */
    public List<Gateway> restoredAt(long epochSecond) {
        return fleet.gateways().stream()
                .filter(gateway -> offline(gateway, epochSecond - 1) && !offline(gateway, epochSecond)).toList();
    }

    /**
     * Every message sent at this second, in sending order: first the store-and-forward backlogs of the gateways
     * that reconnect now, then each gateway's own message (with its duplicate, and after it the message it held
     * back last time), gateway by gateway in fleet order.
     */
    public List<PlannedMessage> messagesAt(long epochSecond) {
        List<PlannedMessage> backlogs = new ArrayList<>();
        List<PlannedMessage> current = new ArrayList<>();
        for (Gateway gateway : fleet.gateways()) {
            if (faults.none()) {
                PlannedMessage message = composed(gateway, epochSecond, epochSecond, PlannedMessage.Dispatch.ON_TIME);
                if (message != null) {
                    current.add(message);
                }
                continue;
            }
            backlogs.addAll(backlog(gateway, epochSecond));
            if (!reportsAt(gateway, epochSecond) || offline(gateway, epochSecond)) {
                continue;
            }
            PlannedMessage message = composed(gateway, epochSecond, epochSecond, PlannedMessage.Dispatch.ON_TIME);
            if (message != null && !heldBack(gateway, epochSecond)) {
                current.add(message);
                if (hit(FaultType.DUPLICATE, gateway, epochSecond)) {
                    current.add(new PlannedMessage(message.message(), epochSecond, epochSecond,
                            PlannedMessage.Dispatch.DUPLICATE, message.deadLetters()));
                }
            }
            long previous = previousReportSecond(gateway, epochSecond);
            if (heldBack(gateway, previous)) {
                PlannedMessage held = composed(gateway, previous, epochSecond, PlannedMessage.Dispatch.HELD_BACK);
                if (held != null) {
                    current.add(held);
                }
            }
        }
        backlogs.addAll(current);
        return backlogs;
    }

    /** Readings due at this second that are never sent: their device or their gateway (without store-and-forward) is down. */
    public List<LostReading> lostAt(long epochSecond) {
        List<LostReading> lost = new ArrayList<>();
        if (faults.none()) {
            return lost;
        }
        Instant time = Instant.ofEpochSecond(epochSecond);
        for (Gateway gateway : fleet.gateways()) {
            boolean gatewayLost = offline(gateway, epochSecond) && !faults.storesAndForwards(gateway, epochSecond);
            for (Reading reading : signals.readingsDue(gateway, time)) {
                if (deviceOffline(reading.device(), epochSecond)) {
                    lost.add(new LostReading(reading, FaultType.DEVICE_OFFLINE));
                } else if (gatewayLost) {
                    lost.add(new LostReading(reading, FaultType.GATEWAY_OFFLINE));
                }
            }
        }
        return lost;
    }

    /** A reading the scenario keeps from ever being sent, and the fault that did it. */
    public record LostReading(Reading reading, FaultType cause) {
    }

    /** Whether the gateway is cut off at this second. */
    public boolean offline(Gateway gateway, long epochSecond) {
        return faults.striking(FaultType.GATEWAY_OFFLINE, gateway, epochSecond) != null;
    }

    /** The buffered messages a gateway sends on reconnecting at this second; none if it was not just restored. */
    private List<PlannedMessage> backlog(Gateway gateway, long epochSecond) {
        if (!offline(gateway, epochSecond - 1) || offline(gateway, epochSecond)) {
            return List.of();
        }
        long outageStart = epochSecond;
        while (offline(gateway, outageStart - 1)) {
            outageStart--;
        }
        List<PlannedMessage> backlog = new ArrayList<>();
        for (long t = nextReportSecond(gateway, outageStart); t < epochSecond; t = nextReportSecond(gateway, t + 1)) {
            if (faults.storesAndForwards(gateway, t)) {
                PlannedMessage message = composed(gateway, t, epochSecond, PlannedMessage.Dispatch.BACKLOG);
                if (message != null) {
                    backlog.add(message);
                }
            }
        }
        return backlog;
    }

    /**
     * The message the gateway measured at {@code measured}, with the faults active then applied to its content:
     * offline devices left out, clock skew, an unknown or spoofed record added, or the payload broken. Null if
     * no device of the gateway reported then.
     */
    private PlannedMessage composed(Gateway gateway, long measured, long sent, PlannedMessage.Dispatch dispatch) {
        Instant time = Instant.ofEpochSecond(measured);
        List<Reading> due = signals.readingsDue(gateway, time);
        if (faults.none()) {
            return due.isEmpty() ? null
                    : new PlannedMessage(TelemetryMessage.of(gateway, due), sent, measured, dispatch, List.of());
        }
        long skew = faults.skewSeconds(gateway, measured);
        boolean buffering = faults.storesAndForwards(gateway, measured);
        List<Reading> readings = new ArrayList<>(due.size() + 2);
        for (Reading reading : due) {
            if (!deviceOffline(reading.device(), measured)) {
                if (buffering && reading.metric().name().equals(QUEUE_DEPTH)) {
                    reading = new Reading(reading.device(), reading.metric(), reading.time(),
                            bufferedBefore(gateway, measured));
                }
                readings.add(skew == 0 ? reading : reading.at(reading.time().plusSeconds(skew)));
            }
        }
        if (readings.isEmpty()) {
            return null;
        }
        List<ExpectedDeadLetter> deadLetters = new ArrayList<>();
        if (hit(FaultType.UNKNOWN_DEVICE, gateway, measured)) {
            Reading unknown = readings.get(0).attributedTo(unknownDevice(readings.get(0).device()));
            readings.add(unknown);
            deadLetters.add(new ExpectedDeadLetter(ExpectedDeadLetter.UNKNOWN_DEVICE, gateway, sent, List.of(unknown)));
        }
        if (hit(FaultType.SPOOFED_COMMUNE, gateway, measured)) {
            Device foreign = otherCommuneGateway(gateway).devices().get(0);
            Reading spoofed = readings.get(0).attributedTo(foreign);
            readings.add(spoofed);
            deadLetters.add(new ExpectedDeadLetter(ExpectedDeadLetter.IDENTITY_MISMATCH, gateway, sent,
                    List.of(spoofed)));
        }
        TelemetryMessage message = TelemetryMessage.of(gateway, readings);
        if (hit(FaultType.MALFORMED_PAYLOAD, gateway, measured)) {
            byte[] json = SenmlEncoder.encode(readings).getBytes(StandardCharsets.UTF_8);
            message = new TelemetryMessage(gateway, readings, Arrays.copyOf(json, json.length / 2));
            deadLetters = List.of(new ExpectedDeadLetter(ExpectedDeadLetter.MALFORMED_SENML, gateway, sent, readings));
        }
        return new PlannedMessage(message, sent, measured, dispatch, deadLetters);
    }

    /**
     * What a gateway cut off with store-and-forward holds when it measures at {@code measured}: the readings of
     * its devices due since its outage began.
     */
    private long bufferedBefore(Gateway gateway, long measured) {
        long outageStart = measured;
        while (offline(gateway, outageStart - 1)) {
            outageStart--;
        }
        long buffered = 0;
        for (long t = nextReportSecond(gateway, outageStart); t < measured; t = nextReportSecond(gateway, t + 1)) {
            for (Reading reading : signals.readingsDue(gateway, Instant.ofEpochSecond(t))) {
                if (!deviceOffline(reading.device(), t)) {
                    buffered++;
                }
            }
        }
        return buffered;
    }

    /** A device id no gateway lists: the {@code U} in its number cannot come from the fleet's numbering. */
    private static Device unknownDevice(Device model) {
        String id = model.commune().code() + "-" + model.kind() + "-U001";
        return new Device(id, model.kind(), model.commune(), model.gateway(), model.lat(), model.lon(),
                model.installedAt());
    }

    /** The next gateway in fleet order, wrapping around, that serves another commune. */
    private Gateway otherCommuneGateway(Gateway gateway) {
        List<Gateway> gateways = fleet.gateways();
        int index = gateways.indexOf(gateway);
        for (int step = 1; step < gateways.size(); step++) {
            Gateway other = gateways.get((index + step) % gateways.size());
            if (!other.commune().equals(gateway.commune())) {
                return other;
            }
        }
        throw new IllegalStateException("the fleet has one commune only");
    }

    /** Held back at its own instant, to go after the gateway's next message (which must find the gateway online). */
    private boolean heldBack(Gateway gateway, long measured) {
        return hit(FaultType.OUT_OF_ORDER, gateway, measured)
                && !offline(gateway, nextReportSecond(gateway, measured + 1));
    }

    private boolean deviceOffline(Device device, long epochSecond) {
        return faults.striking(FaultType.DEVICE_OFFLINE, device, epochSecond) != null;
    }

    private boolean hit(FaultType type, Gateway gateway, long epochSecond) {
        return faults.hitsMessage(type, gateway, epochSecond);
    }

    private boolean reportsAt(Gateway gateway, long epochSecond) {
        for (long interval : reportIntervals.get(gateway)) {
            if (Math.floorMod(epochSecond, interval) == 0) {
                return true;
            }
        }
        return false;
    }

    private long nextReportSecond(Gateway gateway, long epochSecond) {
        long next = Long.MAX_VALUE;
        for (long interval : reportIntervals.get(gateway)) {
            next = Math.min(next, Math.floorDiv(epochSecond + interval - 1, interval) * interval);
        }
        return next;
    }

    private long previousReportSecond(Gateway gateway, long epochSecond) {
        long previous = Long.MIN_VALUE;
        for (long interval : reportIntervals.get(gateway)) {
            previous = Math.max(previous, Math.floorDiv(epochSecond - 1, interval) * interval);
        }
        return previous;
    }
}
