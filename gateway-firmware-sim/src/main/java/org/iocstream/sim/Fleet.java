package org.iocstream.sim;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The simulated gateways and devices of a set of communes, laid out by a {@link FleetLayout}: every commune
 * gets its devices, spread over as many gateways ({@code gw-01}, {@code gw-02}, …) as the layout needs, and
 * each gateway also reports about itself as device {@code {commune}-GTW-{nnnn}} ({@code 0001} for
 * {@code gw-01}), the last of its devices.
 */
public record Fleet(List<Gateway> gateways) {

    /** The name of a commune's first gateway, the only one under {@link #of(List, int)}. */
    public static final String GATEWAY_NAME = "gw-01";

    private static final Instant FIRST_INSTALLATION = Instant.parse("2025-07-01T00:00:00Z");
    private static final long INSTALLATION_SPREAD_SECONDS = Duration.ofDays(180).toSeconds();
    /** How far (degrees) devices lie from their commune's centre. */
    private static final double DEVICE_SCATTER_DEGREES = 0.015;
    /** Share of lowland and highland communes whose first environment station stands on a river. */
    private static final double RIVER_STATION_SHARE = 0.6;

    public Fleet {
        gateways = List.copyOf(gateways);
    }

    /**
     * One gateway {@code gw-01} in each commune, relaying {@code devicesPerKind} devices of every field kind
     * ({@link DeviceKind#fieldKinds()}) and reporting about itself.
     */
    public static Fleet of(List<Commune> communes, int devicesPerKind) {
        return of(communes, FleetLayout.uniform(devicesPerKind, Integer.MAX_VALUE));
    }

    /** The default province of DOMAIN.md section 2: {@link FleetLayout#province()}. */
    public static Fleet province(List<Commune> communes) {
        return of(communes, FleetLayout.province());
    }

    /**
     * The communes' devices as the layout says. A commune with n field devices gets ⌈n / devicesPerGateway⌉
     * gateways (at least one), and its devices, in kind and number order, are dealt to them in turn, so every
     * gateway relays a mix of kinds and the gateways' loads differ by at most one device.
     */
    public static Fleet of(List<Commune> communes, FleetLayout layout) {
        Set<String> seen = new HashSet<>();
        List<Gateway> gateways = new ArrayList<>();
        for (Commune commune : communes) {
            if (!seen.add(commune.code())) {
                throw new IllegalArgumentException("commune " + commune.code() + " is listed twice");
            }
            gateways.addAll(gatewaysOf(commune, layout));
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

    private static List<Gateway> gatewaysOf(Commune commune, FleetLayout layout) {
        int fieldDevices = 0;
        for (DeviceKind kind : DeviceKind.fieldKinds()) {
            fieldDevices += layout.devices(commune.region(), kind);
        }
        int gatewayCount = Math.max(1, (int) ((fieldDevices + (long) layout.devicesPerGateway() - 1)
                / layout.devicesPerGateway()));
        List<List<Device>> devicesOfGateway = new ArrayList<>();
        for (int index = 0; index < gatewayCount; index++) {
            devicesOfGateway.add(new ArrayList<>());
        }
        double[] centre = communeCentre(commune);
        int dealt = 0;
        for (DeviceKind kind : DeviceKind.fieldKinds()) {
            for (int number = 1; number <= layout.devices(commune.region(), kind); number++) {
                int index = dealt++ % gatewayCount;
                devicesOfGateway.get(index).add(device(commune, kind, number, gatewayName(index), centre));
            }
        }
        List<Gateway> gateways = new ArrayList<>();
        for (int index = 0; index < gatewayCount; index++) {
            List<Device> devices = devicesOfGateway.get(index);
            devices.add(device(commune, DeviceKind.GTW, index + 1, gatewayName(index), centre));
            gateways.add(new Gateway(commune, gatewayName(index), devices));
        }
        return gateways;
    }

    private static String gatewayName(int index) {
        return String.format("gw-%02d", index + 1);
    }

    private static Device device(Commune commune, DeviceKind kind, int number, String gateway, double[] centre) {
        String id = String.format("%s-%s-%04d", commune.code(), kind, number);
        double lat = centre[0] + scatter(id + ":lat");
        double lon = centre[1] + scatter(id + ":lon");
        Instant installedAt = FIRST_INSTALLATION.plusSeconds(
                (long) (StableHash.unitInterval(id + ":installed") * INSTALLATION_SPREAD_SECONDS));
        List<Metric> metrics = kind.metrics();
        if (kind == DeviceKind.ENV && number == 1 && standsOnRiver(commune)) {
            metrics = new ArrayList<>(metrics);
            metrics.add(DeviceKind.WATER_LEVEL);
        }
        return new Device(id, kind, commune, gateway, microDegrees(lat), microDegrees(lon), installedAt, metrics);
    }

    /** Whether the commune's first environment station is a river station: lowland and highland communes only. */
    private static boolean standsOnRiver(Commune commune) {
        return (commune.region() == Region.LOWLAND || commune.region() == Region.HIGHLAND)
                && StableHash.unitInterval(commune.code() + ":river") < RIVER_STATION_SHARE;
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
