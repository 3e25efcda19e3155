package org.iocstream.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.iocstream.jobs.alerts.Comparison.ABOVE;
import static org.iocstream.jobs.alerts.Comparison.AT_LEAST;
import static org.iocstream.jobs.alerts.Comparison.AT_MOST;
import static org.iocstream.jobs.alerts.Comparison.BELOW;
import static org.iocstream.schemas.Severity.CRITICAL;
import static org.iocstream.schemas.Severity.MAJOR;
import static org.iocstream.schemas.Severity.MINOR;
import static org.iocstream.schemas.Severity.WARNING;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.iocstream.jobs.rollup.BroadcastSchedule;
import org.junit.jupiter.api.Test;

class AlertRulesFileTest {

    private static final ZoneId ICT = ZoneId.of("Asia/Ho_Chi_Minh");

    private static final String FLOOD_AND_SPECIAL_NOISE = """
            rules:
              - id: flood-water-level
                metric: water_level
                unit: cm
                subjects: [40123-ENV-01]
                raise-when: at-least
                clear-when: below
                raise-for: 0s
                clear-for: 30m
                max-gap: 3m
                levels:
                  - {severity: WARNING, raise: 350, clear: 340}
                  - {severity: MAJOR, raise: 420, clear: 410}
                  - {severity: CRITICAL, raise: 500, clear: 490}
              - id: noise
                metric: noise
                raise-when: above
                clear-when: below
                raise-for: 15m
                clear-for: 15m
                max-gap: 3m
                levels: [{severity: MINOR, raise: 70, clear: 67}]
              - id: noise
                metric: noise
                subjects: [40001-ENV-02]
                raise-when: above
                clear-when: below
                raise-for: 15m
                clear-for: 15m
                max-gap: 3m
                levels: [{severity: MINOR, raise: 55, clear: 52}]
            storm:
              max-subjects: 5
              window: 90s
            """;

    @Test
    void theDefaultsAreDomainSectionSix() {
        AlertRules defaults = AlertRulesFile.defaults();

        assertThat(defaults.rules()).extracting(ThresholdRule::id)
                .containsExactly("aqi-hourly", "pm25-24h", "noise");
        assertThat(defaults.storm()).isEqualTo(new StormPolicy(20, Duration.ofMinutes(5)));
        assertThat(defaults.gatewaySilence()).isEqualTo(new GatewaySilence(Duration.ofMinutes(2), Set.of("coap")));

        assertThat(defaults.rulesFor("aqi_hourly", "40001-ENV-01")).containsExactly(
                ThresholdRule.allDay("aqi-hourly", "aqi_hourly", "", AT_LEAST, AT_MOST, Duration.ofHours(1),
                        Duration.ofHours(1), Duration.ofHours(1),
                        List.of(new SeverityLevel(MAJOR, 151, 140), new SeverityLevel(CRITICAL, 201, 190))));
        assertThat(defaults.rulesFor("pm25_24h", "40001-ENV-01")).containsExactly(
                ThresholdRule.allDay("pm25-24h", "pm25_24h", "ug/m3", ABOVE, AT_MOST, Duration.ZERO, Duration.ZERO,
                        Duration.ofHours(1), List.of(new SeverityLevel(WARNING, 45, 40))));
        assertThat(defaults.rulesFor("noise", "40001-ENV-01")).containsExactly(
                new ThresholdRule("noise", "noise", "dBA", Set.of(), ABOVE, BELOW, Duration.ofMinutes(15),
                        Duration.ofMinutes(15), Duration.ofMinutes(3), ICT, List.of(
                                new DailyPeriod(LocalTime.of(6, 0), LocalTime.of(21, 0),
                                        List.of(new SeverityLevel(MINOR, 70, 67))),
                                new DailyPeriod(LocalTime.of(21, 0), LocalTime.of(6, 0),
                                        List.of(new SeverityLevel(MINOR, 55, 52))))));
        assertThat(defaults.rulesFor("water_level", "40123-ENV-01")).isEmpty();
    }

    @Test
    void aSubjectsOwnEntryReplacesTheDefaultOfItsRule() {
        AlertRules rules = AlertRulesFile.parse(FLOOD_AND_SPECIAL_NOISE);
        long noon = Instant.parse("2026-01-05T05:00:00Z").toEpochMilli();

        assertThat(rules.rulesFor("noise", "40001-ENV-01")).singleElement()
                .satisfies(rule -> assertThat(rule.levelsAt(noon)).containsExactly(new SeverityLevel(MINOR, 70, 67)));
        assertThat(rules.rulesFor("noise", "40001-ENV-02")).singleElement()
                .satisfies(rule -> assertThat(rule.levelsAt(noon)).containsExactly(new SeverityLevel(MINOR, 55, 52)));
        assertThat(rules.rulesFor("water_level", "40123-ENV-01")).singleElement()
                .satisfies(rule -> {
                    assertThat(rule.levelCount()).isEqualTo(3);
                    assertThat(rule.clearFor()).isEqualTo(Duration.ofMinutes(30));
                    assertThat(rule.zone()).isEqualTo(ICT);
                });
        assertThat(rules.rulesFor("water_level", "40123-ENV-02")).isEmpty();
        assertThat(rules.storm()).isEqualTo(new StormPolicy(5, Duration.ofSeconds(90)));
    }

    @Test
    void withoutAStormSectionTheDefaultPolicyApplies() {
        AlertRules rules = AlertRulesFile.parse("""
                rules:
                  - {id: r, metric: m, raise-when: above, clear-when: below, raise-for: 1m, clear-for: 1m,
                     max-gap: 1m, levels: [{severity: MINOR, raise: 2, clear: 1}]}
                """);

        assertThat(rules.storm()).isEqualTo(StormPolicy.DEFAULT);
        assertThat(rules.gatewaySilence()).isEqualTo(GatewaySilence.DEFAULT);
    }

    @Test
    void aGatewayOfflineSectionSetsTheSilenceAndTheProtocolsWatched() {
        AlertRules rules = AlertRulesFile.parse("""
                rules: []
                gateway-offline: {silence: 5m, protocols: [coap, mqtt]}
                """);

        assertThat(rules.gatewaySilence().silence()).isEqualTo(Duration.ofMinutes(5));
        assertThat(rules.gatewaySilence().watches("mqtt")).isTrue();
        assertThat(rules.gatewaySilence().watches("replay")).isFalse();
        assertThatThrownBy(() -> AlertRulesFile.parse("rules: []\ngateway-offline: {silence: 0s}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than zero");
        assertThatThrownBy(() -> AlertRulesFile.parse("rules: []\ngateway-offline: {after: 2m}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown field 'after'");
    }

    @Test
    void mistakesNameTheRuleAndTheField() {
        assertThatThrownBy(() -> AlertRulesFile.parse(FLOOD_AND_SPECIAL_NOISE.replace("clear-for: 30m", "clear-for: 30")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rule 1 (flood-water-level)").hasMessageContaining("got '30'");
        assertThatThrownBy(() -> AlertRulesFile.parse(FLOOD_AND_SPECIAL_NOISE.replace("unit: cm", "units: cm")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown field 'units'");
        assertThatThrownBy(() -> AlertRulesFile.parse(FLOOD_AND_SPECIAL_NOISE.replace("severity: MAJOR", "severity: HIGH")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 'HIGH'");
        assertThatThrownBy(() -> AlertRulesFile.parse(FLOOD_AND_SPECIAL_NOISE.replace("raise-when: at-least",
                "raise-when: over")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 'over'");
        assertThatThrownBy(() -> AlertRulesFile.parse(FLOOD_AND_SPECIAL_NOISE.replace("subjects: [40001-ENV-02]", "")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("only one entry");
        assertThatThrownBy(() -> AlertRulesFile.parse("rules: {}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'rules' must be a list");
    }

    @Test
    void theDefaultDeviceRulesAreDomainSectionSix() {
        assertThat(AlertRulesFile.defaults().devices()).isEqualTo(new DeviceRules(
                Duration.ofMinutes(15), 2000, Duration.ofMinutes(10), 20, 5, Duration.ofMinutes(5),
                List.of("accident", "fire_smoke"), Duration.ofMinutes(5), BroadcastSchedule.DEFAULT, 3,
                Map.of("ENV", Duration.ofMinutes(1), "AGR", Duration.ofMinutes(5), "LGT", Duration.ofMinutes(1),
                        "CAM", Duration.ofSeconds(10), "SPK", Duration.ofMinutes(1))));
    }

    @Test
    void aDeviceRulesSectionChangesOnlyWhatItNames() {
        AlertRules rules = AlertRulesFile.parse("""
                rules: []
                device-rules:
                  lamp-dark-at-night: {power-below: 8}
                  camera-down: {for: 2m}
                  camera-event: {events: [accident, fire_smoke, intrusion]}
                  device-offline: {missed-intervals: 5, intervals: {CAM: 30s}}
                """);

        DeviceRules devices = rules.devices();
        assertThat(devices.litWatts()).isEqualTo(8);
        assertThat(devices.darkLux()).isEqualTo(20);
        assertThat(devices.lampDarkAtNightFor()).isEqualTo(Duration.ofMinutes(10));
        assertThat(devices.cameraDownFor()).isEqualTo(Duration.ofMinutes(2));
        assertThat(devices.cameraEvents()).containsExactly("accident", "fire_smoke", "intrusion");
        assertThat(devices.isAlarming("intrusion")).isTrue();
        assertThat(devices.isAlarming("crowd")).isFalse();
        assertThat(AlertRulesFile.parse("rules: []\ndevice-rules: {camera-event: {events: []}}").devices()
                .isAlarming("accident")).as("an empty list turns the rule off").isFalse();
        assertThat(devices.lampOnByDayFor()).isEqualTo(Duration.ofMinutes(15));
        assertThat(devices.offlineAfter("CAM")).contains(Duration.ofSeconds(150));
        assertThat(devices.offlineAfter("LGT")).as("intervals replace the whole map").isEmpty();
        assertThat(devices.offlineAfter(null)).isEmpty();
        assertThat(AlertRulesFile.parse("rules: []").devices()).isEqualTo(DeviceRules.DEFAULT);
    }

    @Test
    void deviceRuleMistakesNameTheSection() {
        assertThatThrownBy(() -> AlertRulesFile.parse("rules: []\ndevice-rules: {camera-down: {for: 5}}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'device-rules'").hasMessageContaining("got '5'");
        assertThatThrownBy(() -> AlertRulesFile.parse("rules: []\ndevice-rules: {camera-down: {after: 5m}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown field 'after'");
        assertThatThrownBy(() -> AlertRulesFile.parse("rules: []\ndevice-rules: {lamp-off: {for: 5m}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown field 'lamp-off'");
        assertThatThrownBy(() -> AlertRulesFile.parse(
                "rules: []\ndevice-rules: {device-offline: {missed-intervals: 2.5}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number");
        assertThatThrownBy(() -> AlertRulesFile.parse(
                "rules: []\ndevice-rules: {device-offline: {intervals: {CAM: 0s}}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("interval of CAM");
        assertThatThrownBy(() -> AlertRulesFile.parse("rules: []\ndevice-rules: {camera-event: {events: accident}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'events' must be a list");
        assertThatThrownBy(() -> AlertRulesFile.parse(
                "rules: []\ndevice-rules: {camera-event: {events: [accident, {fire: smoke}]}}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("camera-event: an event is a word");
    }

    @Test
    void aTimeOfDayIsHoursAndMinutes() {
        String periods = """
                rules:
                  - id: r
                    metric: m
                    raise-when: above
                    clear-when: below
                    raise-for: 1m
                    clear-for: 1m
                    max-gap: 1m
                    periods:
                      - {from: 06:00, to: "21:00", levels: [{severity: MINOR, raise: 2, clear: 1}]}
                      - {from: "21:00", to: "06:00", levels: [{severity: MINOR, raise: 2, clear: 1}]}
                """;

        assertThat(AlertRulesFile.parse(periods).rules().get(0).periods()).extracting(DailyPeriod::from)
                .containsExactly(LocalTime.of(6, 0), LocalTime.of(21, 0));
        assertThatThrownBy(() -> AlertRulesFile.parse(periods.replace("from: 06:00", "from: 6am")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("HH:mm, got '6am'");
    }
}
