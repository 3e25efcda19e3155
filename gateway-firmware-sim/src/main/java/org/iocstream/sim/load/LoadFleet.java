package org.iocstream.sim.load;

import java.util.ArrayList;
import java.util.List;
import org.iocstream.sim.Commune;
import org.iocstream.sim.Device;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.FleetLayout;
import org.iocstream.sim.Gateway;

/**
 * The load-mode layout: the real communes, each with {@code gatewaysPerCommune} gateways {@code gw-0001},
 * {@code gw-0002}, … instead of the single {@code gw-01}, gateway {@code n} relaying device {@code n} of every
 * kind. Device ids, positions and installation dates are those {@link Fleet#of} gives the commune's devices, so
 * the values, {@code GroundTruth} counts and topics stay those of the real fleet with more devices per commune;
 * only the gateway names and their number differ. 130 communes × 39 gateways = 5,070 connections.
 */
public final class LoadFleet {

    private LoadFleet() {
    }

    /** The gateways {@code gw-0001}…{@code gw-nnnn} of every commune, in commune order then gateway number. */
    public static Fleet of(List<Commune> communes, int gatewaysPerCommune) {
        if (gatewaysPerCommune < 1 || gatewaysPerCommune > FleetLayout.MAX_DEVICES_PER_KIND) {
            throw new IllegalArgumentException("gatewaysPerCommune must be 1.." + FleetLayout.MAX_DEVICES_PER_KIND
                    + ", got " + gatewaysPerCommune);
        }
        Fleet devices = Fleet.of(communes, gatewaysPerCommune);
        List<Gateway> gateways = new ArrayList<>();
        for (Gateway commune : devices.gateways()) {
            List<List<Device>> byNumber = new ArrayList<>();
            for (int n = 0; n < gatewaysPerCommune; n++) {
                byNumber.add(new ArrayList<>());
            }
            for (Device device : commune.devices()) {
                byNumber.get(deviceNumber(device, gatewaysPerCommune) - 1).add(device);
            }
            for (int n = 0; n < gatewaysPerCommune; n++) {
                String name = gatewayName(n + 1);
                List<Device> relayed = new ArrayList<>(byNumber.get(n).size());
                for (Device device : byNumber.get(n)) {
                    relayed.add(new Device(device.id(), device.kind(), device.commune(), name, device.lat(),
                            device.lon(), device.installedAt(), device.metrics()));
                }
                gateways.add(new Gateway(commune.commune(), name, relayed));
            }
        }
        return new Fleet(gateways);
    }

    /** The {@code nnnn} of a device id {@code {commune}-{KIND}-{nnnn}}. */
    private static int deviceNumber(Device device, int gatewaysPerCommune) {
        String id = device.id();
        int number = Integer.parseInt(id.substring(id.lastIndexOf('-') + 1));
        if (number < 1 || number > gatewaysPerCommune) {
            throw new IllegalStateException("device " + id + " is numbered outside 1.." + gatewaysPerCommune);
        }
        return number;
    }

    /** {@code gw-0001} for 1: four digits, like the device numbers. */
    public static String gatewayName(int number) {
        return String.format("gw-%04d", number);
    }
}
