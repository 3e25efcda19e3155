package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScenarioFileTest {

    private static final Instant START = Instant.parse("2026-11-29T01:00:00Z");

    @Test
    void theExampleFileHasEveryFaultAndReadsAsWritten() throws IOException {
        Scenario scenario = ScenarioFile.read(Path.of("scenarios/every-fault.yaml"), START);

        assertThat(scenario.name()).isEqualTo("every-fault");
        assertThat(scenario.faults()).extracting(Fault::type).containsAll(Arrays.asList(FaultType.values()));
        Fault outage = scenario.faults().get(0);
        assertThat(outage.type()).isEqualTo(FaultType.GATEWAY_OFFLINE);
        assertThat(outage.at()).isEqualTo(Instant.parse("2026-11-29T01:05:00Z"));
        assertThat(outage.duration()).isEqualTo(Duration.ofMinutes(10));
        assertThat(outage.where().gateways()).containsExactly("16681/gw-01");
        assertThat(outage.storeAndForward()).isTrue();
        assertThat(scenario.faults().get(1).storeAndForward()).isFalse();
        Fault cameras = scenario.faults().get(2);
        assertThat(cameras.where().kinds()).containsExactly(DeviceKind.CAM);
        assertThat(cameras.where().communes()).isEqualTo(Set.of("16681", "16738"));
        assertThat(cameras.where().share()).isEqualTo(0.5);
        assertThat(scenario.faults().get(3).rate()).isEqualTo(0.1);
        assertThat(scenario.faults().get(4).skew()).isEqualTo(Duration.ofSeconds(-90));
        Fault smoke = scenario.faults().get(9);
        assertThat(smoke.type()).isEqualTo(FaultType.POLLUTION_EPISODE);
        assertThat(smoke.magnitude()).isEqualTo(4);
        assertThat(smoke.duration()).isEqualTo(Duration.ofHours(3));
        assertThat(scenario.faults().get(10).magnitude()).isEqualTo(400);
        // and the firmware takes it for the default province, whose gateways and devices it names
        new GatewayFirmware(Fleet.province(Communes.all()), 42, scenario);
    }

    @Test
    void readsAbsoluteTimesAndNegativeSkews() {
        Scenario scenario = ScenarioFile.parse("""
                name: late clock
                faults:
                  - fault: clock-skew
                    at: 2026-11-29T03:00:00Z
                    for: 1h
                    skew: -30s
                """, START);

        assertThat(scenario.faults()).singleElement().satisfies(fault -> {
            assertThat(fault.at()).isEqualTo(Instant.parse("2026-11-29T03:00:00Z"));
            assertThat(fault.duration()).isEqualTo(Duration.ofHours(1));
            assertThat(fault.skew()).isEqualTo(Duration.ofSeconds(-30));
            assertThat(fault.where()).isEqualTo(Selection.EVERYWHERE);
            assertThat(fault.rate()).isEqualTo(1.0);
        });
    }

    @Test
    void namesTheFaultAndFieldOfEveryMistake() {
        assertThatThrownBy(() -> ScenarioFile.parse("faults:\n  - fault: gateway-offline\n    at: +1m\n", START))
                .hasMessage("fault 1: 'for' is missing");
        assertThatThrownBy(() -> ScenarioFile.parse("faults:\n  - fault: power-cut\n    at: +1m\n    for: 1m\n", START))
                .hasMessageStartingWith("fault 1: unknown fault 'power-cut'; known faults: device-offline,");
        assertThatThrownBy(() -> ScenarioFile.parse(
                "faults:\n  - {fault: duplicate, at: +1m, for: 1m}\n  - {fault: duplicate, at: soon, for: 1m}\n", START))
                .hasMessageStartingWith("fault 2: 'at' must be an instant like");
        assertThatThrownBy(() -> ScenarioFile.parse("faults:\n  - {fault: duplicate, at: +1m, for: 1m, rate: 2}\n",
                START)).hasMessage("fault 1: duplicate: rate must be in (0, 1], got 2.0");
        assertThatThrownBy(() -> ScenarioFile.parse("faults:\n  - {fault: duplicate, at: +1m, for: 10 min}\n", START))
                .hasMessage("fault 1: '10 min' is not a duration like 90s, 10m or 1h");
        assertThatThrownBy(() -> ScenarioFile.parse("faults:\n  - {fault: duplicate, at: +1m, for: 1m, skew: 5s}\n",
                START)).hasMessage("fault 1: 'skew' applies to clock-skew only");
        assertThatThrownBy(() -> ScenarioFile.parse("faults:\n  - {fault: duplicate, at: +1m, for: 1m, when: x}\n",
                START)).hasMessageStartingWith("fault 1: unknown field 'when' in fault 1; allowed: at, factor, fault,");
        assertThatThrownBy(() -> ScenarioFile.parse("faults:\n  - {fault: flood-rise, at: +1m, for: 1h, factor: 2}\n",
                START)).hasMessage("fault 1: 'factor' applies to pollution-episode only");
        assertThatThrownBy(() -> ScenarioFile.parse("faults: [\n", START)).hasMessageStartingWith("not valid YAML");
    }
}
