package org.iocstream.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceOnlineTest {

    private static final Instant NOON = Instant.parse("2026-03-10T05:00:00Z");
    private static final Duration MINUTE = Duration.ofMinutes(1);

    @Test
    void aDeviceExactlyThreeIntervalsQuietIsStillOnline() {
        Instant lastSeen = NOON.minusSeconds(180);

        assertThat(DeviceOnline.isOnline(lastSeen, MINUTE, NOON.minusSeconds(1))).isTrue();
        assertThat(DeviceOnline.isOnline(lastSeen, MINUTE, NOON)).isTrue();
        assertThat(DeviceOnline.isOnline(lastSeen, MINUTE, NOON.plusMillis(1))).isFalse();
    }

    @Test
    void theLimitFollowsTheInterval() {
        // a camera (10 s) is offline after 30 s, an agriculture sensor (300 s) after 15 min
        assertThat(DeviceOnline.isOnline(NOON.minusSeconds(30), Duration.ofSeconds(10), NOON)).isTrue();
        assertThat(DeviceOnline.isOnline(NOON.minusSeconds(31), Duration.ofSeconds(10), NOON)).isFalse();
        assertThat(DeviceOnline.isOnline(NOON.minusSeconds(900), Duration.ofSeconds(300), NOON)).isTrue();
        assertThat(DeviceOnline.isOnline(NOON.minusSeconds(901), Duration.ofSeconds(300), NOON)).isFalse();
    }

    @Test
    void aReadingAtTheInstantItselfIsOnline() {
        assertThat(DeviceOnline.isOnline(NOON, MINUTE, NOON)).isTrue();
    }

    @Test
    void refusesALastSeenAfterTheInstant() {
        assertThatThrownBy(() -> DeviceOnline.isOnline(NOON.plusSeconds(1), MINUTE, NOON))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("after");
    }

    @Test
    void countsTheRegisteredDevicesOnlineAndTheNeverSeenAsOffline() {
        // 5 registered lights: seen 60 s and 180 s ago (online), 181 s and 600 s ago (offline), one never
        List<Instant> lastSeen = List.of(NOON.minusSeconds(60), NOON.minusSeconds(180), NOON.minusSeconds(181),
                NOON.minusSeconds(600));

        int online = DeviceOnline.countOnline(5, lastSeen, MINUTE, NOON);

        assertThat(online).isEqualTo(2);
        assertThat(new MinuteShare().add(online, 5).percent()).isEqualTo(40.0);
    }

    @Test
    void aKindWithoutRegisteredDevicesHasNoPercentage() {
        assertThat(DeviceOnline.countOnline(0, List.of(), MINUTE, NOON)).isZero();
        assertThat(new MinuteShare().add(0, 0).percent()).isNaN();
    }

    @Test
    void refusesMoreLastSeenTimesThanRegisteredDevices() {
        assertThatThrownBy(() -> DeviceOnline.countOnline(1, List.of(NOON, NOON), MINUTE, NOON))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("registered");
    }
}
