package org.iocstream.sim;

import java.util.EnumMap;
import java.util.Map;

/**
 * How many devices of each field kind a commune of each region gets, and how many field devices one gateway
 * relays at most (a commune with more gets several gateways; each gateway also reports about itself).
 */
public record FleetLayout(Map<Region, Map<DeviceKind, Integer>> devicesPerRegion, int devicesPerGateway) {

    /** Device ids are numbered {@code 0001} to {@code 9999} per kind per commune. */
    public static final int MAX_DEVICES_PER_KIND = 9999;

    public FleetLayout {
        if (devicesPerGateway < 1) {
            throw new IllegalArgumentException("devicesPerGateway must be at least 1, got " + devicesPerGateway);
        }
        Map<Region, Map<DeviceKind, Integer>> copy = new EnumMap<>(Region.class);
        for (Region region : Region.values()) {
            Map<DeviceKind, Integer> counts = devicesPerRegion.get(region);
            if (counts == null) {
                throw new IllegalArgumentException("the layout has no device counts for " + region + " communes");
            }
            counts.forEach((kind, count) -> {
                if (!DeviceKind.fieldKinds().contains(kind)) {
                    throw new IllegalArgumentException(
                            kind + " is not a field kind; every gateway reports about itself");
                }
                if (count < 0 || count > MAX_DEVICES_PER_KIND) {
                    throw new IllegalArgumentException(region + " " + kind + ": the count must be 0.."
                            + MAX_DEVICES_PER_KIND + ", got " + count);
                }
            });
            copy.put(region, Map.copyOf(counts));
        }
        devicesPerRegion = Map.copyOf(copy);
    }

    /**
     * DOMAIN.md's province of about 10,000 devices: an urban ward 6 ENV, 150 LGT, 40 CAM, 20 SPK; a lowland
     * commune 2 ENV, 60 LGT, 15 CAM, 15 SPK, 3 AGR; midland 1, 40, 8, 12, 3; highland 1, 20, 4, 10, 2; at most
     * 50 field devices per gateway.
     */
    public static FleetLayout province() {
        return new FleetLayout(Map.of(
                Region.URBAN, counts(6, 150, 40, 20, 0),
                Region.LOWLAND, counts(2, 60, 15, 15, 3),
                Region.MIDLAND, counts(1, 40, 8, 12, 3),
                Region.HIGHLAND, counts(1, 20, 4, 10, 2)), 50);
    }

    /** The same number of devices of every field kind in every commune, at most devicesPerGateway per gateway. */
    public static FleetLayout uniform(int devicesPerKind, int devicesPerGateway) {
        if (devicesPerKind < 1 || devicesPerKind > MAX_DEVICES_PER_KIND) {
            throw new IllegalArgumentException(
                    "devicesPerKind must be 1.." + MAX_DEVICES_PER_KIND + ", got " + devicesPerKind);
        }
        Map<DeviceKind, Integer> counts = new EnumMap<>(DeviceKind.class);
        for (DeviceKind kind : DeviceKind.fieldKinds()) {
            counts.put(kind, devicesPerKind);
        }
        Map<Region, Map<DeviceKind, Integer>> perRegion = new EnumMap<>(Region.class);
        for (Region region : Region.values()) {
            perRegion.put(region, counts);
        }
        return new FleetLayout(perRegion, devicesPerGateway);
    }

    /** How many devices of the kind a commune of the region gets. */
    public int devices(Region region, DeviceKind kind) {
        return devicesPerRegion.get(region).getOrDefault(kind, 0);
    }

    private static Map<DeviceKind, Integer> counts(int environment, int lighting, int cameras, int speakers,
            int agriculture) {
        return Map.of(DeviceKind.ENV, environment, DeviceKind.LGT, lighting, DeviceKind.CAM, cameras,
                DeviceKind.SPK, speakers, DeviceKind.AGR, agriculture);
    }
}
