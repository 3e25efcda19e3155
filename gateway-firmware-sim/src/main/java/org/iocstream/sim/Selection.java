package org.iocstream.sim;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where a fault strikes: the communes, gateways (as {@code {commune}/{gateway}}), devices and device kinds it
 * may select (an empty set matches everything), and the share of the matching subjects it actually selects,
 * chosen by a seeded hash so the same seed picks the same subjects.
 */
public record Selection(Set<String> communes, Set<String> gateways, Set<String> devices, Set<DeviceKind> kinds,
        double share) {

    /** Every subject. */
    public static final Selection EVERYWHERE = new Selection(Set.of(), Set.of(), Set.of(), Set.of(), 1.0);

    public Selection {
        communes = Set.copyOf(communes);
        gateways = Set.copyOf(gateways);
        devices = Set.copyOf(devices);
        kinds = Set.copyOf(kinds);
        if (!(share > 0 && share <= 1)) {
            throw new IllegalArgumentException("share must be in (0, 1], got " + share);
        }
    }

    /** Whether the gateway matches the commune and gateway lists (before the share is applied). */
    boolean matches(Gateway gateway) {
        return (communes.isEmpty() || communes.contains(gateway.commune().code()))
                && (gateways.isEmpty() || gateways.contains(gateway.identity()));
    }

    /** Whether the device matches every list (before the share is applied). */
    boolean matches(Device device) {
        return (communes.isEmpty() || communes.contains(device.commune().code()))
                && (gateways.isEmpty() || gateways.contains(device.commune().code() + "/" + device.gateway()))
                && (devices.isEmpty() || devices.contains(device.id()))
                && (kinds.isEmpty() || kinds.contains(device.kind()));
    }

    /** The gateways or devices named in the selection that the fleet lacks, for an error message. */
    List<String> missingFrom(Fleet fleet) {
        List<String> known = fleet.gateways().stream().map(Gateway::identity).toList();
        List<String> knownDevices = fleet.devices().stream().map(Device::id).toList();
        List<String> knownCommunes = fleet.gateways().stream().map(gateway -> gateway.commune().code()).toList();
        return Stream.of(
                gateways.stream().filter(name -> !known.contains(name)),
                devices.stream().filter(name -> !knownDevices.contains(name)),
                communes.stream().filter(code -> !knownCommunes.contains(code)))
                .flatMap(s -> s).sorted().toList();
    }
}
