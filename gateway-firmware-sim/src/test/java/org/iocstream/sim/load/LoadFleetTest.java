package org.iocstream.sim.load;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.iocstream.sim.Communes;
import org.iocstream.sim.Device;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.Gateway;
import org.iocstream.sim.GroundTruth;
import org.junit.jupiter.api.Test;

class LoadFleetTest {

    @Test
    void everyCommuneGetsNumberedGatewaysRelayingTheDevicesOfTheirNumber() {
        Fleet fleet = LoadFleet.of(Communes.all().subList(0, 2), 3);
        assertThat(fleet.gateways()).hasSize(6);
        Gateway second = fleet.gateways().get(1);
        assertThat(second.name()).isEqualTo("gw-0002");
        assertThat(second.commune()).isEqualTo(Communes.all().get(0));
        assertThat(second.devices()).isNotEmpty().allSatisfy(device -> {
            assertThat(device.id()).endsWith("-0002");
            assertThat(device.gateway()).isEqualTo("gw-0002");
        });
        assertThat(second.identity()).isEqualTo(Communes.all().get(0).code() + "/gw-0002");
    }

    @Test
    void sameDevicesAndCountsAsTheFleetWithAsManyDevicesPerKind() {
        List<org.iocstream.sim.Commune> communes = Communes.all().subList(0, 3);
        Fleet load = LoadFleet.of(communes, 4);
        Fleet plain = Fleet.of(communes, 4);
        assertThat(load.devices()).extracting(Device::id)
                .containsExactlyInAnyOrderElementsOf(plain.devices().stream().map(Device::id).toList());
        Instant from = Instant.parse("2026-01-01T00:00:00Z");
        Instant to = from.plusSeconds(600);
        assertThat(GroundTruth.readingCount(load, from, to)).isEqualTo(GroundTruth.readingCount(plain, from, to));
        // one message per gateway per instant: four gateways where the plain fleet has one
        assertThat(GroundTruth.messageCount(load, from, to)).isEqualTo(4 * GroundTruth.messageCount(plain, from, to));
    }
}
