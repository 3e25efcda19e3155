package org.iocstream.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ReportingDevicesTest {

    private static final Duration MINUTE = Duration.ofMinutes(1);

    @ParameterizedTest(name = "{1} devices every {0} s expect {2} readings a minute")
    @CsvSource({
        "60, 150, 150",   // an urban ward's street lights
        "300, 3, 0.6",    // a lowland commune's agriculture sensors: 3 × 60 / 300
        "10, 40, 240",    // an urban ward's cameras: 40 × 6
        "60, 1, 1",
        "300, 1, 0.2",
        "10, 1, 6",
    })
    void expectsWindowOverIntervalReadingsFromEachDevice(int intervalSeconds, int devices, double expected) {
        assertThat(ReportingDevices.of(intervalSeconds, devices).expectedReadings(MINUTE)).isEqualTo(expected);
    }

    @Test
    void addsTheIntervalsOfAMixedPopulation() {
        // 2 × 60/60 + 3 × 60/300 + 1 × 60/10 = 2 + 0.6 + 6; over 5 minutes 10 + 3 + 30
        ReportingDevices mixed = ReportingDevices.of(60, 2).and(300, 3).and(10, 1);

        assertThat(mixed.devices()).isEqualTo(6);
        assertThat(mixed.expectedReadings(MINUTE)).isEqualTo(8.6);
        assertThat(mixed.expectedReadings(Duration.ofMinutes(5))).isEqualTo(43.0);
    }

    @Test
    void devicesWithTheSameIntervalAddUp() {
        ReportingDevices twice = ReportingDevices.of(300, 1).and(300, 2);

        assertThat(twice).isEqualTo(ReportingDevices.of(300, 3));
        assertThat(twice.expectedReadings(MINUTE)).isEqualTo(0.6);
    }

    @Test
    void aCommuneWithoutDevicesOfTheKindExpectsNothing() {
        assertThat(ReportingDevices.none().devices()).isZero();
        assertThat(ReportingDevices.none().expectedReadings(MINUTE)).isZero();
    }

    @Test
    void refusesNonsense() {
        assertThatThrownBy(() -> ReportingDevices.of(0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval");
        assertThatThrownBy(() -> ReportingDevices.of(60, -1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("negative");
        assertThatThrownBy(() -> ReportingDevices.of(60, 1).expectedReadings(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("window");
    }
}
