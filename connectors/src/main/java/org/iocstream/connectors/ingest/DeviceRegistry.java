package org.iocstream.connectors.ingest;

import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.iocstream.schemas.DeviceInfo;

/**
 * Which gateway each device belongs to, learnt from the gateways' device lists. The ingest uses it to refuse
 * a reading that a gateway sends on behalf of another gateway's device.
 */
public final class DeviceRegistry {

    private final ConcurrentHashMap<String, DeviceInfo> devices = new ConcurrentHashMap<>();

    public void register(DeviceInfo device) {
        devices.put(device.getDeviceId(), device);
    }

    public Optional<DeviceInfo> find(String deviceId) {
        return Optional.ofNullable(devices.get(deviceId));
    }

    public int size() {
        return devices.size();
    }
}
