package org.iocstream.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Value faults against the everyday signals of the same seed, and the alert episodes the truth derives from them. */
class ValueFaultsTest {

    private static final long SEED = 42;
    /** 08:00 in Nghệ An. */
    private static final Instant T = Instant.parse("2026-11-29T01:00:00Z");

    private final Fleet fleet = Fleet.of(List.of(Communes.byCode("16681"), Communes.byCode("17143")), 1);
    private final SignalModel everyday = new SignalModel(SEED);

    private static Fault on(FaultType type, String device, Instant at, Duration duration) {
        return new Fault(type, at, duration, new Selection(Set.of(), Set.of(), Set.of(device), Set.of(), 1), 1,
                Duration.ZERO, false);
    }

    private static SignalModel with(Fault... faults) {
        return new SignalModel(SEED, new Scenario("test", List.of(faults)));
    }

    private Device device(String id) {
        return fleet.devices().stream().filter(device -> device.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void aPollutionEpisodeMultipliesParticulatesWhereAndWhileItLasts() {
        Fault smoke = new Fault(FaultType.POLLUTION_EPISODE, T, Duration.ofHours(1),
                new Selection(Set.of("16681"), Set.of(), Set.of(), Set.of(), 1), 1, Duration.ZERO, false, 4);
        SignalModel signals = with(smoke);
        Device ward = device("16681-ENV-0001");
        Device elsewhere = device("17143-ENV-0001");

        Instant during = T.plus(Duration.ofMinutes(30));
        for (String metric : List.of("pm2_5", "pm10")) {
            assertThat(signals.value(ward, metric, during)).isEqualTo(4 * everyday.value(ward, metric, during));
            assertThat(signals.value(ward, metric, T.minusSeconds(60))).isEqualTo(everyday.value(ward, metric,
                    T.minusSeconds(60)));
            assertThat(signals.value(ward, metric, T.plus(Duration.ofHours(1))))
                    .isEqualTo(everyday.value(ward, metric, T.plus(Duration.ofHours(1))));
            assertThat(signals.value(elsewhere, metric, during)).isEqualTo(everyday.value(elsewhere, metric, during));
        }
        assertThat(signals.value(ward, "no2", during)).isEqualTo(everyday.value(ward, "no2", during));
    }

    @Test
    void aFloodRaisesRiverStationsUpHeldAndDown() {
        Fleet province = Fleet.province(Communes.all());
        Device station = province.devices().stream().filter(device -> device.reports("water_level")).findFirst()
                .orElseThrow();
        Fault flood = new Fault(FaultType.FLOOD_RISE, T, Duration.ofHours(12),
                new Selection(Set.of(), Set.of(), Set.of(station.id()), Set.of(), 1), 1, Duration.ZERO, false, 300);
        SignalModel signals = with(flood);

        // up over the first 4 hours, held for 4, down over the last 4
        assertThat(signals.value(station, "water_level", T.plus(Duration.ofHours(2))))
                .isEqualTo(everyday.value(station, "water_level", T.plus(Duration.ofHours(2))) + 150);
        assertThat(signals.value(station, "water_level", T.plus(Duration.ofHours(6))))
                .isEqualTo(everyday.value(station, "water_level", T.plus(Duration.ofHours(6))) + 300);
        assertThat(signals.value(station, "water_level", T.plus(Duration.ofHours(11))))
                .isEqualTo(everyday.value(station, "water_level", T.plus(Duration.ofHours(11))) + 75);
    }

    @Test
    void lampsStuckOnBurnAtNoonAndDeadLampsGiveNoLightAtNight() {
        Device lamp = device("16681-LGT-0001");
        Instant noon = Instant.parse("2026-11-29T05:00:00Z");
        Instant night = Instant.parse("2026-11-29T16:00:00Z");
        SignalModel stuck = with(on(FaultType.LAMP_ON_BY_DAY, lamp.id(), noon.minusSeconds(3600), Duration.ofHours(2)));
        SignalModel dead = with(on(FaultType.LAMP_DEAD_AT_NIGHT, lamp.id(), night.minusSeconds(3600),
                Duration.ofHours(2)));

        assertThat(everyday.value(lamp, "lamp_on", noon)).isZero();
        assertThat(stuck.value(lamp, "lamp_on", noon)).isEqualTo(1);
        assertThat(stuck.value(lamp, "dim_level", noon)).isEqualTo(100);
        assertThat(stuck.value(lamp, "power", noon)).isBetween(61.0, 141.0);
        assertThat(stuck.value(lamp, "ambient_light", noon)).isEqualTo(everyday.value(lamp, "ambient_light", noon));

        assertThat(everyday.value(lamp, "power", night)).isGreaterThan(30);
        assertThat(dead.value(lamp, "lamp_on", night)).isEqualTo(1);
        assertThat(dead.value(lamp, "power", night)).isEqualTo(1);
        assertThat(dead.text(lamp, "fault", night)).isEqualTo("lamp_failure");
        assertThat(everyday.text(lamp, "fault", night)).isEqualTo("ok");
    }

    @Test
    void downCamerasAndSilentSpeakersReportWhatOperatorsWouldSee() {
        Device camera = device("16681-CAM-0001");
        Device speaker = device("16681-SPK-0001");
        // 05:45 local, in the morning broadcast
        Instant broadcast = Instant.parse("2026-11-28T22:45:00Z");
        SignalModel signals = with(on(FaultType.CAMERA_DOWN, camera.id(), T, Duration.ofHours(1)),
                on(FaultType.SPEAKER_SILENT, speaker.id(), broadcast.minusSeconds(1800), Duration.ofHours(1)));

        assertThat(signals.value(camera, "online", T)).isZero();
        assertThat(signals.value(camera, "bitrate", T)).isZero();
        assertThat(signals.value(camera, "vehicle_count", T)).isZero();
        assertThat(everyday.value(camera, "bitrate", T)).isGreaterThanOrEqualTo(1000);

        assertThat(everyday.value(speaker, "broadcasting", broadcast)).isEqualTo(1);
        assertThat(signals.value(speaker, "broadcasting", broadcast)).isZero();
        assertThat(signals.value(speaker, "volume", broadcast)).isZero();
        assertThat(signals.value(speaker, "online", broadcast)).isEqualTo(1);
        assertThat(signals.text(speaker, "program", broadcast)).isEqualTo("none");
    }

    private List<ExpectedAlert> alerts(Instant from, Duration span, Fault... faults) {
        GatewayFirmware firmware = new GatewayFirmware(fleet, SEED, new Scenario("test", List.of(faults)));
        return ScenarioTruth.of(firmware, from, from.plus(span), Duration.ofSeconds(10), Duration.ZERO,
                List.of(Duration.ofMinutes(1)))
                .alerts();
    }

    private static ExpectedAlert alert(String rule, String subject, String severity, Instant since, Instant raised,
            Instant cleared) {
        return new ExpectedAlert(rule, subject, subject.substring(0, 5), severity, since, raised, cleared);
    }

    @Test
    void aCameraDownForTwentyMinutesIsOneEpisodeRaisedAfterFive() {
        List<ExpectedAlert> alerts = alerts(T, Duration.ofHours(1),
                on(FaultType.CAMERA_DOWN, "16681-CAM-0001", T.plus(Duration.ofMinutes(10)), Duration.ofMinutes(20)));

        assertThat(alerts).containsExactly(alert("camera-down", "16681-CAM-0001", "MINOR",
                T.plus(Duration.ofMinutes(10)), T.plus(Duration.ofMinutes(15)), T.plus(Duration.ofMinutes(30))));
    }

    @Test
    void aSilentSpeakerIsAnAlertOnlyWithinTheBroadcastSlot() {
        // 05:00 to 07:00 local: the slot is 05:30 to 06:15
        Instant from = Instant.parse("2026-11-28T22:00:00Z");
        List<ExpectedAlert> alerts = alerts(from, Duration.ofHours(2),
                on(FaultType.SPEAKER_SILENT, "16681-SPK-0001", from, Duration.ofHours(2)));

        // and, by chance, a camera's accident at 06:49 local: a camera event stays active, only an operator clears it
        assertThat(alerts).containsExactly(alert("speaker-silent-in-schedule", "16681-SPK-0001", "MINOR",
                from.plus(Duration.ofMinutes(30)), from.plus(Duration.ofMinutes(35)),
                from.plus(Duration.ofMinutes(75))),
                alert("camera-event", "17143-CAM-0001", "MAJOR", from.plus(Duration.ofMinutes(109)),
                        from.plus(Duration.ofMinutes(109)), null));
    }

    @Test
    void aDeadLampAtNightIsRaisedAfterTenMinutes() {
        Instant night = Instant.parse("2026-11-29T16:00:00Z");
        List<ExpectedAlert> alerts = alerts(night, Duration.ofHours(1),
                on(FaultType.LAMP_DEAD_AT_NIGHT, "17143-LGT-0001", night.plus(Duration.ofMinutes(5)),
                        Duration.ofMinutes(30)));

        assertThat(alerts).containsExactly(alert("lamp-dark-at-night", "17143-LGT-0001", "MINOR",
                night.plus(Duration.ofMinutes(5)), night.plus(Duration.ofMinutes(15)),
                night.plus(Duration.ofMinutes(35))));
    }

    @Test
    void aSilentDeviceIsOfflineAfterThreeIntervalsAndAnOutageIsTheGatewaysAlertAlone() {
        Gateway gateway = fleet.gateways().get(1);
        List<ExpectedAlert> alerts = alerts(T, Duration.ofHours(1),
                on(FaultType.DEVICE_OFFLINE, "16681-CAM-0001", T.plus(Duration.ofMinutes(10)), Duration.ofMinutes(10)),
                new Fault(FaultType.GATEWAY_OFFLINE, T.plus(Duration.ofMinutes(5)), Duration.ofMinutes(10),
                        new Selection(Set.of(), Set.of(gateway.identity()), Set.of(), Set.of(), 1), 1, Duration.ZERO,
                        true));

        // the camera's last reading before the fault is at 09:50 past; three 10 s intervals later it is offline
        // until its next reading; the gateway's backlog fills every gap in event time, so only its Will counts
        assertThat(alerts).containsExactly(
                new ExpectedAlert("gateway-offline", gateway.identity(), "17143", "MAJOR",
                        T.plus(Duration.ofMinutes(5)), T.plus(Duration.ofMinutes(5)), T.plus(Duration.ofMinutes(15))),
                alert("device-offline", "16681-CAM-0001", "MINOR", T.plus(Duration.ofSeconds(590)),
                        T.plus(Duration.ofSeconds(620)), T.plus(Duration.ofMinutes(20))));
    }
}
