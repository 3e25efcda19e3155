package org.iocstream.connectors.ingest;

import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.iocstream.schemas.DeviceInfo;

/**
 * Which gateway each device belongs to, learnt from the gateways' device lists. The ingest uses it to refuse
 * a reading that a gateway sends on behalf of another gateway's device, or for a device its list does not name.
 */
public final class DeviceRegistry {

    private final ConcurrentHashMap<String, DeviceInfo> devices = new ConcurrentHashMap<>();
    private final Set<String> gatewaysWithList = ConcurrentHashMap.newKeySet();

    public void register(DeviceInfo device) {
        devices.put(device.getDeviceId(), device);
        gatewaysWithList.add(gatewayKey(device.getCommune(), device.getGateway()));
    }

    /** Whether the gateway has announced a device list, so a device missing from it is unknown, not just new. */
    public boolean hasDeviceList(String commune, String gateway) {
        return gatewaysWithList.contains(gatewayKey(commune, gateway));
    }

    public Optional<DeviceInfo> find(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    private static String gatewayKey(String commune, String gateway) {
        return commune + "/" + gateway;
    }

    public int size() {
        return devices.size();
    }
}
