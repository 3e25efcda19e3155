package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class ComputedDayTest {

    private static DeviceMinute minute(String kind, Boolean online, Integer reports) {
        return new DeviceMinute(kind, online, reports);
    }

    @Test
    void completenessIsReportsOverTheReportsEachKindsIntervalExpects() {
        ComputedDay day = new ComputedDay();
        day.replace(null, minute("LGT", true, 1));      // 60 s: owes 1
        day.replace(null, minute("CAM", true, 5));      // 10 s: owes 6
        day.replace(null, minute("LGT", false, 0));     // a registered lamp that never reported: owes 1 all the same
        day.replace(null, minute("GTW", true, 1));      // the gateway's own telemetry is data too: owes 1

        // (1 + 5 + 0 + 1) / (1 + 6 + 1 + 1) = 7 / 9
        assertThat(day.reports).isEqualTo(7);
        assertThat(day.expectedReports).isEqualTo(9.0);
        assertThat(day.completenessPercent()).isEqualTo(100.0 * 7 / 9);
        assertThat(day.completenessChanged).isTrue();
    }

    @Test
    void aDeviceReportingEveryFiveMinutesOwesOneReportInFiveMinutesAndDoesNotExceedAHundredPercent() {
        ComputedDay day = new ComputedDay();
        int[] reports = {1, 0, 0, 0, 0, 1, 0, 0, 0, 0};    // an AGR sensor over ten minutes
        for (int r : reports) {
            day.replace(null, minute("AGR", true, r));
        }

        // 2 reports / (10 × 0.2); the old per-row denominator gave 2 / (2 × 0.2) = 500 %
        assertThat(day.completenessPercent()).isCloseTo(100.0, within(1e-9));
    }

    @Test
    void aKindWithoutAKnownIntervalOrARowWithoutAReportCountIsNotInCompleteness() {
        ComputedDay day = new ComputedDay();
        day.replace(null, minute("XYZ", null, 4));
        day.replace(null, minute("LGT", true, null));     // a row written before the report count existed

        assertThat(day.completenessPercent()).isNaN();
        assertThat(day.completenessChanged).isFalse();
    }

    @Test
    void availabilityLeavesGatewaysOutAndIsAlsoKeptPerKind() {
        ComputedDay day = new ComputedDay();
        day.replace(null, minute("LGT", true, 1));
        day.replace(null, minute("LGT", false, 0));
        day.replace(null, minute("CAM", true, 6));
        day.replace(null, minute("GTW", false, 0));
        day.replace(null, minute("GTW", true, 1));
        day.replace(null, minute("XYZ", null, 1));         // unknown kind: no online state, not counted

        // LGT 1 of 2, CAM 1 of 1, all kinds but GTW 2 of 3; the gateway uptime is GTW's 1 of 2
        assertThat(day.onlinePercent("LGT")).isEqualTo(50.0);
        assertThat(day.onlinePercent("CAM")).isEqualTo(100.0);
        assertThat(day.availabilityPercent()).isEqualTo(100.0 * 2 / 3);
        assertThat(day.onlinePercent("GTW")).isEqualTo(50.0);
        assertThat(day.onlinePercent("ENV")).isNaN();
        assertThat(day.minutesByKind).containsOnlyKeys("LGT", "CAM", "GTW");
    }

    @Test
    void aGatewayMinuteChangesTheGatewayUptimeButNotTheAvailability() {
        ComputedDay day = new ComputedDay();
        day.replace(null, minute("GTW", true, 1));

        assertThat(day.availabilityChanged).isFalse();
        assertThat(day.availabilityPercent()).isNaN();
        assertThat(day.minutesByKind.get("GTW").changed).isTrue();
    }

    @Test
    void aRewrittenMinuteReplacesItsEarlierVersionInEveryIndicator() {
        ComputedDay day = new ComputedDay();
        day.replace(null, minute("CAM", true, 6));
        DeviceMinute before = minute("LGT", false, 0);
        day.replace(null, before);
        day.markEmitted();

        day.replace(before, minute("LGT", true, 1));      // a late reading: online at that minute after all

        // 7 / 7, not (6 + 0 + 1) / (6 + 1 + 1); 2 of 2, not 2 of 3
        assertThat(day.completenessPercent()).isEqualTo(100.0);
        assertThat(day.availabilityPercent()).isEqualTo(100.0);
        assertThat(day.onlinePercent("LGT")).isEqualTo(100.0);
        assertThat(day.deviceMinutes).isEqualTo(2);
        assertThat(day.completenessChanged).isTrue();
        assertThat(day.availabilityChanged).isTrue();
        assertThat(day.minutesByKind.get("LGT").changed).isTrue();
        assertThat(day.minutesByKind.get("CAM").changed).isFalse();
    }

    @Test
    void aRewriteThatOnlyAddsAReportChangesCompletenessAlone() {
        ComputedDay day = new ComputedDay();
        DeviceMinute before = minute("CAM", true, 5);
        day.replace(null, before);
        day.markEmitted();

        day.replace(before, minute("CAM", true, 6));

        assertThat(day.completenessPercent()).isEqualTo(100.0);
        assertThat(day.completenessChanged).isTrue();
        assertThat(day.availabilityChanged).isFalse();
        assertThat(day.minutesByKind.get("CAM").changed).isFalse();
        assertThat(day.physicalDigitalChanged).isFalse();
    }

    @Test
    void anIdenticalMinuteChangesNothing() {
        ComputedDay day = new ComputedDay();
        day.replace(null, minute("LGT", true, 1));
        day.markEmitted();
        day.replace(minute("LGT", true, 1), minute("LGT", true, 1));

        assertThat(day.completenessChanged).isFalse();
        assertThat(day.availabilityChanged).isFalse();
        assertThat(day.physicalDigitalChanged).isFalse();
        assertThat(day.minutesByKind.get("LGT").changed).isFalse();
    }

    @Test
    void physicalDigitalIsAHundredOnceACameraLightAgricultureOrEnvironmentDeviceWasOnline() {
        ComputedDay day = new ComputedDay();
        assertThat(day.physicalDigitalPercent()).isNaN();

        day.replace(null, minute("SPK", true, 1));        // a speaker is not physical-digital infrastructure
        day.replace(null, minute("GTW", true, 1));
        DeviceMinute offline = minute("ENV", false, 0);
        day.replace(null, offline);
        assertThat(day.physicalDigitalPercent()).isZero();
        assertThat(day.physicalDigitalChanged).isTrue();
        day.markEmitted();

        DeviceMinute online = minute("ENV", true, 1);
        day.replace(offline, online);                      // a late reading
        assertThat(day.physicalDigitalPercent()).isEqualTo(100.0);
        assertThat(day.physicalDigitalChanged).isTrue();
        day.markEmitted();

        day.replace(online, offline);                      // rewritten back: that minute no longer counts
        assertThat(day.physicalDigitalPercent()).isZero();
        assertThat(day.physicalDigitalChanged).isTrue();
    }

    @Test
    void nothingExpectedIsNaNEvenWithRoundingDustLeftByFractionalExpectations() {
        ComputedDay day = new ComputedDay();
        // AGR sensors expect 0.2 a minute; minutes whose kind then became unknown expect nothing
        DeviceMinute first = minute("AGR", true, 1);
        DeviceMinute second = minute("AGR", true, 0);
        day.replace(null, first);
        day.replace(null, second);
        day.replace(first, minute(null, null, 1));
        day.replace(second, minute(null, null, 0));

        assertThat(day.reports).isZero();
        assertThat(day.completenessPercent()).isNaN();
    }

    @Test
    void isAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ComputedDay.class);
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DeviceMinute.class);
    }
}
