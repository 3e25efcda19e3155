package org.iocstream.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The simulated gateways and devices: one gateway {@code gw-01} per commune with the same number of devices of every kind. */
public record Fleet(List<Gateway> gateways) {

    /** The name of the single gateway every commune gets. */
    public static final String GATEWAY_NAME = "gw-01";

    /** Device ids are numbered {@code 0001} to {@code 9999} per kind per commune. */
    public static final int MAX_DEVICES_PER_KIND = 9999;

    private static final Instant FIRST_INSTALLATION = Instant.parse("2025-07-01T00:00:00Z");
    private static final long INSTALLATION_SPREAD_SECONDS = Duration.ofDays(180).toSeconds();
    /** How far (degrees) devices lie from their commune's centre. */
    private static final double DEVICE_SCATTER_DEGREES = 0.015;

    public Fleet {
        gateways = List.copyOf(gateways);
    }

    /** A gateway {@code gw-01} in each commune, each with {@code devicesPerKind} devices of every {@link DeviceKind}. */
    public static Fleet of(List<Commune> communes, int devicesPerKind) {
        if (devicesPerKind < 1 || devicesPerKind > MAX_DEVICES_PER_KIND) {
            throw new IllegalArgumentException(
                    "devicesPerKind must be 1.." + MAX_DEVICES_PER_KIND + ", got " + devicesPerKind);
        }
        Set<String> seen = new HashSet<>();
        List<Gateway> gateways = new ArrayList<>();
        for (Commune commune : communes) {
            if (!seen.add(commune.code())) {
                throw new IllegalArgumentException("commune " + commune.code() + " is listed twice");
            }
            gateways.add(new Gateway(commune, GATEWAY_NAME, devicesOf(commune, devicesPerKind)));
        }
        return new Fleet(gateways);
    }

    /** Every device of every gateway, gateway by gateway. */
    public List<Device> devices() {
        List<Device> devices = new ArrayList<>();
        for (Gateway gateway : gateways) {
            devices.addAll(gateway.devices());
        }
        return devices;
    }

    /** The first epoch second at or after {@code epochSecond} at which some device of the fleet reports. */
    public long nextReportSecond(long epochSecond) {
        long next = Long.MAX_VALUE;
        for (Gateway gateway : gateways) {
            for (Device device : gateway.devices()) {
                next = Math.min(next, device.kind().nextReportAtOrAfter(epochSecond));
            }
        }
        if (next == Long.MAX_VALUE) {
            throw new IllegalStateException("the fleet has no devices");
        }
        return next;
    }

    private static List<Device> devicesOf(Commune commune, int devicesPerKind) {
        double[] centre = communeCentre(commune);
        List<Device> devices = new ArrayList<>();
        for (DeviceKind kind : DeviceKind.values()) {
            for (int number = 1; number <= devicesPerKind; number++) {
                String id = String.format("%s-%s-%04d", commune.code(), kind, number);
                double lat = centre[0] + scatter(id + ":lat");
                double lon = centre[1] + scatter(id + ":lon");
                Instant installedAt = FIRST_INSTALLATION.plusSeconds(
                        (long) (StableHash.unitInterval(id + ":installed") * INSTALLATION_SPREAD_SECONDS));
                devices.add(new Device(id, kind, commune, GATEWAY_NAME, microDegrees(lat), microDegrees(lon),
                        installedAt));
            }
        }
        return devices;
    }

    /**
     * A point inside a rough box for the commune's region (Vinh and the coast for urban wards, the coastal
     * plain for lowland, the hills for midland, the western mountains for highland), all within Nghệ An.
     */
    private static double[] communeCentre(Commune commune) {
        double[] box = switch (commune.region()) {
            // {south, north, west, east}
            case URBAN -> new double[] {18.62, 18.82, 105.60, 105.72};
            case LOWLAND -> new double[] {18.75, 19.35, 105.35, 105.65};
            case MIDLAND -> new double[] {18.70, 19.40, 104.90, 105.35};
            case HIGHLAND -> new double[] {19.00, 19.80, 103.95, 104.90};
        };
        double lat = box[0] + (box[1] - box[0]) * StableHash.unitInterval(commune.code() + ":lat");
        double lon = box[2] + (box[3] - box[2]) * StableHash.unitInterval(commune.code() + ":lon");
        return new double[] {lat, lon};
    }

    private static double scatter(String key) {
        return (2 * StableHash.unitInterval(key) - 1) * DEVICE_SCATTER_DEGREES;
    }

    private static double microDegrees(double degrees) {
        return Math.round(degrees * 1e6) / 1e6;
    }
}
