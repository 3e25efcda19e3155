package org.iocstream.sim;

/**
 * The faults of a scenario as the firmware and the signal model ask about them: which fault of a type is
 * active at a second and strikes a gateway, a device or a message. Who is struck is a seeded hash of the
 * fault's position and the subject, so the same seed strikes the same gateways and devices.
 */
final class ActiveFaults {

    private final Scenario scenario;
    private final SignalNoise noise;

    ActiveFaults(Scenario scenario, SignalNoise noise) {
        this.scenario = scenario;
        this.noise = noise;
    }

    boolean none() {
        return scenario.faults().isEmpty();
    }

    /** The first fault of this type active at the second that selects the gateway; null if none. */
    Fault striking(FaultType type, Gateway gateway, long epochSecond) {
        for (int i = 0; i < scenario.faults().size(); i++) {
            if (strikes(i, type, gateway, epochSecond)) {
                return scenario.faults().get(i);
            }
        }
        return null;
    }

    /**
     * The first fault of this type active at the second that selects the device; null if none. A fault that
     * changes values strikes only devices of the kind it changes.
     */
    Fault striking(FaultType type, Device device, long epochSecond) {
        for (int i = 0; i < scenario.faults().size(); i++) {
            Fault fault = scenario.faults().get(i);
            if (fault.type() == type && fault.activeAt(epochSecond) && fault.where().matches(device)
                    && (type.changesValuesOf() == null || type.changesValuesOf() == device.kind())
                    && noise.constant(device.id(), "fault-" + i) < fault.where().share()) {
                return fault;
            }
        }
        return null;
    }

    /** Whether a fault of this type, active at the second and selecting the gateway, hits its message then. */
    boolean hitsMessage(FaultType type, Gateway gateway, long epochSecond) {
        for (int i = 0; i < scenario.faults().size(); i++) {
            if (strikes(i, type, gateway, epochSecond) && noise.uniform(gateway.identity(), "fault-" + i + "-message",
                    epochSecond) < scenario.faults().get(i).rate()) {
                return true;
            }
        }
        return false;
    }

    /** The clock error of the gateway at the second: the sum of the skews striking it. */
    long skewSeconds(Gateway gateway, long epochSecond) {
        long skew = 0;
        for (int i = 0; i < scenario.faults().size(); i++) {
            if (strikes(i, FaultType.CLOCK_SKEW, gateway, epochSecond)) {
                skew += scenario.faults().get(i).skew().getSeconds();
            }
        }
        return skew;
    }

    /** Whether some fault striking the gateway at the second is an outage with store-and-forward. */
    boolean storesAndForwards(Gateway gateway, long epochSecond) {
        for (int i = 0; i < scenario.faults().size(); i++) {
            if (strikes(i, FaultType.GATEWAY_OFFLINE, gateway, epochSecond)
                    && scenario.faults().get(i).storeAndForward()) {
                return true;
            }
        }
        return false;
    }

    private boolean strikes(int index, FaultType type, Gateway gateway, long epochSecond) {
        Fault fault = scenario.faults().get(index);
        return fault.type() == type && fault.activeAt(epochSecond) && fault.where().matches(gateway)
                && noise.constant(gateway.identity(), "fault-" + index) < fault.where().share();
    }
}
