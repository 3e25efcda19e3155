package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class FleetTest {

    private static final Commune THANH_VINH = Communes.byCode("16681");

    @Test
    void byDefaultEveryCommuneHasOneGatewayWithOneDeviceOfEachKind() {
        Fleet fleet = Fleet.of(Communes.all(), 1);

        assertThat(fleet.gateways()).hasSize(130);
        assertThat(fleet.gateways()).allSatisfy(gateway -> {
            assertThat(gateway.name()).isEqualTo("gw-01");
            assertThat(gateway.devices()).extracting(Device::kind)
                    .containsExactly(DeviceKind.ENV, DeviceKind.LGT, DeviceKind.CAM, DeviceKind.SPK);
        });
        assertThat(fleet.devices()).hasSize(520).extracting(Device::id).doesNotHaveDuplicates();
    }

    @Test
    void devicesAreNumberedFromOnePerKindPerCommune() {
        Gateway gateway = Fleet.of(List.of(THANH_VINH), 2).gateways().get(0);

        assertThat(gateway.devices()).extracting(Device::id).containsExactly(
                "16681-ENV-0001", "16681-ENV-0002", "16681-LGT-0001", "16681-LGT-0002",
                "16681-CAM-0001", "16681-CAM-0002", "16681-SPK-0001", "16681-SPK-0002");
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
