package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class FleetTest {

    private static final Commune THANH_VINH = Communes.byCode("16681");

    @Test
    void ofGivesEveryCommuneOneGatewayWithOneDeviceOfEachFieldKindAndItself() {
        Fleet fleet = Fleet.of(Communes.all(), 1);

        assertThat(fleet.gateways()).hasSize(130);
        assertThat(fleet.gateways()).allSatisfy(gateway -> {
            assertThat(gateway.name()).isEqualTo("gw-01");
            assertThat(gateway.devices()).extracting(Device::kind).containsExactly(DeviceKind.ENV, DeviceKind.LGT,
                    DeviceKind.CAM, DeviceKind.SPK, DeviceKind.AGR, DeviceKind.GTW);
        });
        assertThat(fleet.devices()).hasSize(130 * 6).extracting(Device::id).doesNotHaveDuplicates();
    }

    @Test
    void devicesAreNumberedFromOnePerKindPerCommuneAndTheGatewayIsTheLast() {
        Gateway gateway = Fleet.of(List.of(THANH_VINH), 2).gateways().get(0);

        assertThat(gateway.devices()).extracting(Device::id).containsExactly(
                "16681-ENV-0001", "16681-ENV-0002", "16681-LGT-0001", "16681-LGT-0002",
                "16681-CAM-0001", "16681-CAM-0002", "16681-SPK-0001", "16681-SPK-0002",
                "16681-AGR-0001", "16681-AGR-0002", "16681-GTW-0001");
        assertThat(gateway.devices()).allSatisfy(device -> {
            assertThat(device.commune()).isEqualTo(THANH_VINH);
            assertThat(device.gateway()).isEqualTo("gw-01");
        });
    }

    @Test
    void gatewaysNameTheirIdentityAndTopicsAfterCommuneAndGateway() {
        Gateway gateway = Fleet.of(List.of(THANH_VINH), 1).gateways().get(0);

        assertThat(gateway.identity()).isEqualTo("16681/gw-01");
        assertThat(gateway.telemetryTopic()).isEqualTo("ioc/v1/16681/gw-01/telemetry");
        assertThat(gateway.devicesTopic()).isEqualTo("ioc/v1/16681/gw-01/devices");
        assertThat(gateway.statusTopic()).isEqualTo("ioc/v1/16681/gw-01/status");
    }

    @Test
    void placesEveryDeviceInNgheAnAndInstallsItAfterTheReform() {
        for (Device device : Fleet.of(Communes.all(), 3).devices()) {
            assertThat(device.lat()).as(device.id()).isBetween(18.3, 20.0);
            assertThat(device.lon()).as(device.id()).isBetween(103.8, 105.8);
            assertThat(device.installedAt()).as(device.id())
                    .isBetween(Instant.parse("2025-07-01T00:00:00Z"), Instant.parse("2025-12-28T00:00:00Z"));
        }
    }

    @Test
    void theFleetIsTheSameEveryTimeAndDoesNotDependOnWhichOtherCommunesAreIncluded() {
        Fleet alone = Fleet.of(List.of(THANH_VINH), 1);
        Fleet all = Fleet.of(Communes.all(), 1);

        assertThat(Fleet.of(Communes.all(), 1)).isEqualTo(all);
        assertThat(all.gateways().get(0)).isEqualTo(alone.gateways().get(0));
    }

    @Test
    void devicesOfOneCommuneAreNearEachOtherAndCommunesDiffer() {
        List<Device> vinh = Fleet.of(List.of(THANH_VINH), 5).devices();
        List<Device> highland = Fleet.of(List.of(Communes.byCode("16738")), 1).devices();

        double latSpread = vinh.stream().mapToDouble(Device::lat).max().orElseThrow()
                - vinh.stream().mapToDouble(Device::lat).min().orElseThrow();
        assertThat(latSpread).isPositive().isLessThanOrEqualTo(0.03);
        assertThat(highland.get(0).lon()).isLessThan(105.0);
        assertThat(vinh.get(0).lon()).isGreaterThan(105.5);
    }

    @Test
    void theProvinceLayoutHasDomainsDeviceCountsPerRegionSpreadOverGatewaysOfAtMostFifty() {
        Fleet fleet = Fleet.province(Communes.all());

        Map<String, List<Device>> byCommune = fleet.devices().stream()
                .collect(Collectors.groupingBy(device -> device.commune().code()));
        assertThat(byCommune).hasSize(130);
        Map<Region, List<Integer>> expected = Map.of(
                // ENV, LGT, CAM, SPK, AGR, and field devices / 50 rounded up = gateways
                Region.URBAN, List.of(6, 150, 40, 20, 0, 5),
                Region.LOWLAND, List.of(2, 60, 15, 15, 3, 2),
                Region.MIDLAND, List.of(1, 40, 8, 12, 3, 2),
                Region.HIGHLAND, List.of(1, 20, 4, 10, 2, 1));
        for (List<Device> devices : byCommune.values()) {
            Commune commune = devices.get(0).commune();
            List<Integer> counts = expected.get(commune.region());
            assertThat(List.of(DeviceKind.ENV, DeviceKind.LGT, DeviceKind.CAM, DeviceKind.SPK, DeviceKind.AGR,
                    DeviceKind.GTW)).extracting(kind -> devices.stream().filter(d -> d.kind() == kind).count())
                    .as(commune.code()).containsExactly((long) counts.get(0), (long) counts.get(1),
                            (long) counts.get(2), (long) counts.get(3), (long) counts.get(4), (long) counts.get(5));
        }
        // 11 urban wards, 47 lowland, 29 midland, 43 highland communes
        assertThat(fleet.devices()).hasSize(11 * 216 + 47 * 95 + 29 * 64 + 43 * 37 + (11 * 5 + 47 * 2 + 29 * 2 + 43))
                .extracting(Device::id).doesNotHaveDuplicates();
        assertThat(fleet.gateways()).hasSize(11 * 5 + 47 * 2 + 29 * 2 + 43);
    }

    @Test
    void everyProvinceGatewayRelaysAMixOfAtMostFiftyFieldDevicesAndReportsAboutItself() {
        Fleet fleet = Fleet.province(Communes.all());

        for (Gateway gateway : fleet.gateways()) {
            List<Device> devices = gateway.devices();
            assertThat(devices.size() - 1).as(gateway.identity()).isBetween(1, 50);
            assertThat(devices).as(gateway.identity()).allSatisfy(device -> {
                assertThat(device.gateway()).isEqualTo(gateway.name());
                assertThat(device.commune()).isEqualTo(gateway.commune());
            });
            Device self = devices.get(devices.size() - 1);
            assertThat(self.id()).isEqualTo(gateway.commune().code() + "-GTW-00" + gateway.name().substring(3));
            assertThat(devices.subList(0, devices.size() - 1)).extracting(Device::kind)
                    .doesNotContain(DeviceKind.GTW).contains(DeviceKind.LGT, DeviceKind.CAM, DeviceKind.SPK);
        }
        Gateway vinhSecond = fleet.gateways().get(1);
        assertThat(vinhSecond.identity()).isEqualTo("16681/gw-02");
        // 216 devices dealt in turn to 5 gateways: the second gets the 2nd, 7th, 12th, … of ENV-0001 … AGR
        assertThat(vinhSecond.devices()).extracting(Device::id)
                .startsWith("16681-ENV-0002", "16681-LGT-0001", "16681-LGT-0006").endsWith("16681-GTW-0002");
        assertThat(vinhSecond.devices()).hasSize(44);
    }

    @Test
    void waterLevelIsReportedOnlyByTheFirstStationOfSomeLowlandAndHighlandCommunes() {
        Fleet fleet = Fleet.province(Communes.all());

        List<Device> riverStations = fleet.devices().stream().filter(device -> device.reports("water_level")).toList();
        assertThat(riverStations).hasSizeBetween(20, 80).allSatisfy(device -> {
            assertThat(device.id()).endsWith("-ENV-0001");
            assertThat(device.commune().region()).isIn(Region.LOWLAND, Region.HIGHLAND);
            assertThat(device.metrics()).containsAll(DeviceKind.ENV.metrics()).contains(DeviceKind.WATER_LEVEL);
        });
        assertThat(riverStations).extracting(device -> device.commune().region())
                .contains(Region.LOWLAND, Region.HIGHLAND);
        assertThat(fleet.devices()).filteredOn(device -> !device.reports("water_level"))
                .allSatisfy(device -> assertThat(device.metrics()).isEqualTo(device.kind().metrics()));
    }

    @Test
    void aLayoutCanBeUniformWithSmallGateways() {
        Fleet fleet = Fleet.of(List.of(THANH_VINH), FleetLayout.uniform(3, 4));

        // 15 field devices over ⌈15 / 4⌉ = 4 gateways of 4, 4, 4 and 3, each with its own GTW device
        assertThat(fleet.gateways()).extracting(Gateway::name).containsExactly("gw-01", "gw-02", "gw-03", "gw-04");
        assertThat(fleet.gateways()).extracting(gateway -> gateway.devices().size()).containsExactly(5, 5, 5, 4);
        assertThat(fleet.devices()).hasSize(19).extracting(Device::id).doesNotHaveDuplicates();
    }

    @Test
    void refusesLayoutsWithoutARegionOrWithAGatewayKindOrImpossibleCounts() {
        assertThatThrownBy(() -> new FleetLayout(Map.of(Region.URBAN, Map.of(DeviceKind.ENV, 1)), 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("LOWLAND");
        Map<DeviceKind, Integer> withGateways = Map.of(DeviceKind.GTW, 2);
        assertThatThrownBy(() -> new FleetLayout(Map.of(Region.URBAN, withGateways, Region.LOWLAND, withGateways,
                Region.MIDLAND, withGateways, Region.HIGHLAND, withGateways), 50))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("GTW");
        assertThatThrownBy(() -> FleetLayout.uniform(1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FleetLayout.uniform(10_000, 50)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void refusesImpossibleDeviceCountsAndDuplicateCommunes() {
        assertThatThrownBy(() -> Fleet.of(List.of(THANH_VINH), 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fleet.of(List.of(THANH_VINH), 10_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Fleet.of(List.of(THANH_VINH, THANH_VINH), 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("16681");
    }

    @Test
    void nextReportSecondFollowsTheShortestIntervalOfTheFleet() {
        Fleet fleet = Fleet.of(List.of(THANH_VINH), 1);
        Device environment = fleet.devices().get(0);
        Fleet environmentOnly = new Fleet(List.of(new Gateway(THANH_VINH, "gw-01", List.of(environment))));

        assertThat(fleet.nextReportSecond(1_764_045_600)).isEqualTo(1_764_045_600);
        assertThat(fleet.nextReportSecond(1_764_045_601)).isEqualTo(1_764_045_610);
        assertThat(environmentOnly.nextReportSecond(1_764_045_601)).isEqualTo(1_764_045_660);
    }
}
