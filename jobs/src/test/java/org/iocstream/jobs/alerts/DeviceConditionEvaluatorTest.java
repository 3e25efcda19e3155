package org.iocstream.jobs.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.iocstream.jobs.alerts.DeviceCondition.CAMERA_DOWN;
import static org.iocstream.jobs.alerts.DeviceCondition.LAMP_DARK_AT_NIGHT;
import static org.iocstream.jobs.alerts.DeviceCondition.LAMP_ON_BY_DAY;
import static org.iocstream.jobs.alerts.DeviceCondition.SPEAKER_SILENT_IN_SCHEDULE;
import static org.iocstream.jobs.alerts.Transition.Type.CLEARED;
import static org.iocstream.jobs.alerts.Transition.Type.RAISED;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.types.PojoTestUtils;
import org.junit.jupiter.api.Test;

class DeviceConditionEvaluatorTest {

    /** 10:00 local time (UTC+7). */
    private static final long T0 = Instant.parse("2026-01-05T03:00:00Z").toEpochMilli();
    private static final long MINUTE = 60_000;

    private ConditionRun run;
    private final List<ConditionChange> changes = new ArrayList<>();

    private void report(DeviceCondition condition, long time, Map<String, Double> values) {
        DeviceConditionEvaluator.Step step = DeviceConditionEvaluator.evaluate(condition, DeviceRules.DEFAULT, run,
                values, time);
        run = step.run();
        step.change().ifPresent(changes::add);
    }

    private static Map<String, Double> lamp(double on, double power, double ambient) {
        return Map.of("lamp_on", on, "power", power, "ambient_light", ambient);
    }

    @Test
    void lampOnByDayRaisesAtFifteenMinutesFromTheFirstReportAndClearsAtTheFirstReportWithoutIt() {
        for (int minute = 0; minute <= 14; minute++) {
            report(LAMP_ON_BY_DAY, T0 + minute * MINUTE, lamp(1, 120, 2500));
        }
        assertThat(changes).as("14 minutes are not 15").isEmpty();

        report(LAMP_ON_BY_DAY, T0 + 15 * MINUTE, lamp(1, 120, 2500));
        report(LAMP_ON_BY_DAY, T0 + 16 * MINUTE, lamp(1, 120, 2500));
        report(LAMP_ON_BY_DAY, T0 + 17 * MINUTE, lamp(0, 0, 2500));
        report(LAMP_ON_BY_DAY, T0 + 18 * MINUTE, lamp(0, 0, 2500));

        assertThat(changes).containsExactly(
                new ConditionChange(RAISED, T0, T0 + 15 * MINUTE, 2500.0, 2000.0),
                new ConditionChange(CLEARED, T0, T0 + 17 * MINUTE, 2500.0, 2000.0));
        assertThat(run).as("nothing is remembered once the condition is off").isNull();
    }

    @Test
    void aReportWithoutTheConditionRestartsTheRunAndTheDaylightLimitItselfIsNotDaylight() {
        for (int minute = 0; minute <= 10; minute++) {
            report(LAMP_ON_BY_DAY, T0 + minute * MINUTE, lamp(1, 120, 2500));
        }
        report(LAMP_ON_BY_DAY, T0 + 11 * MINUTE, lamp(1, 120, 2000));   // not above 2000 lx
        for (int minute = 12; minute <= 27; minute++) {
            report(LAMP_ON_BY_DAY, T0 + minute * MINUTE, lamp(1, 120, 2000.25));
        }

        assertThat(changes).containsExactly(new ConditionChange(RAISED, T0 + 12 * MINUTE, T0 + 27 * MINUTE,
                2000.25, 2000.0));
    }

    @Test
    void lampDarkAtNightHoldsWhenOffOrUnderFiveWattsInTheDark() {
        // 19:00 local
        long night = Instant.parse("2026-01-05T12:00:00Z").toEpochMilli();
        report(LAMP_DARK_AT_NIGHT, night, lamp(1, 4.75, 5));                   // on but under 5 W: holds
        report(LAMP_DARK_AT_NIGHT, night + 10 * MINUTE, lamp(0, 0, 19.75));   // off: holds, 10 min reached
        report(LAMP_DARK_AT_NIGHT, night + 11 * MINUTE, lamp(1, 5, 5));        // 5 W is lit: clears
        report(LAMP_DARK_AT_NIGHT, night + 12 * MINUTE, lamp(0, 0, 20));       // 20 lx is not dark
        report(LAMP_DARK_AT_NIGHT, night + 30 * MINUTE, lamp(0, 0, 20));

        assertThat(changes).containsExactly(
                new ConditionChange(RAISED, night, night + 10 * MINUTE, 19.75, 20.0),
                new ConditionChange(CLEARED, night, night + 11 * MINUTE, 5.0, 20.0));
    }

    @Test
    void cameraDownOnEitherSignalForFiveMinutesOfTenSecondReports() {
        long second = 1000;
        report(CAMERA_DOWN, T0, Map.of("online", 1.0, "bitrate", 0.0));
        for (long s = 10; s < 300; s += 10) {
            report(CAMERA_DOWN, T0 + s * second, Map.of("online", 0.0, "bitrate", 0.0));
        }
        assertThat(changes).as("290 s").isEmpty();
        report(CAMERA_DOWN, T0 + 300 * second, Map.of("online", 0.0, "bitrate", 2048.0));
        report(CAMERA_DOWN, T0 + 310 * second, Map.of("online", 1.0, "bitrate", 2048.0));

        assertThat(changes).containsExactly(
                new ConditionChange(RAISED, T0, T0 + 300 * second, null, null),
                new ConditionChange(CLEARED, T0, T0 + 310 * second, null, null));
    }

    @Test
    void aSilentSpeakerCountsOnlyInsideTheMorningSlotAndClearsWhenTheSlotIsOver() {
        // the morning slot is 05:30-06:15 local, 22:30-23:15 UTC the day before
        Map<String, Double> silent = Map.of("online", 1.0, "broadcasting", 0.0);
        report(SPEAKER_SILENT_IN_SCHEDULE, Instant.parse("2026-01-04T22:29:00Z").toEpochMilli(), silent);
        for (int minute = 30; minute <= 34; minute++) {
            report(SPEAKER_SILENT_IN_SCHEDULE, Instant.parse("2026-01-04T22:" + minute + ":00Z").toEpochMilli(),
                    silent);
        }
        assertThat(changes).as("05:30 to 05:34 is 4 minutes").isEmpty();
        report(SPEAKER_SILENT_IN_SCHEDULE, Instant.parse("2026-01-04T22:35:00Z").toEpochMilli(), silent);
        report(SPEAKER_SILENT_IN_SCHEDULE, Instant.parse("2026-01-04T23:14:00Z").toEpochMilli(), silent);
        report(SPEAKER_SILENT_IN_SCHEDULE, Instant.parse("2026-01-04T23:15:00Z").toEpochMilli(), silent);

        long since = Instant.parse("2026-01-04T22:30:00Z").toEpochMilli();
        assertThat(changes).containsExactly(
                new ConditionChange(RAISED, since, Instant.parse("2026-01-04T22:35:00Z").toEpochMilli(), null, null),
                new ConditionChange(CLEARED, since, Instant.parse("2026-01-04T23:15:00Z").toEpochMilli(), null,
                        null));
    }

    @Test
    void aReportWithoutTheConditionsMetricsNeitherBreaksNorClearsTheRun() {
        report(CAMERA_DOWN, T0, Map.of("online", 0.0, "bitrate", 0.0));
        report(CAMERA_DOWN, T0 + 150_000, Map.of("online", 1.0));   // bitrate missing
        report(CAMERA_DOWN, T0 + 300_000, Map.of("online", 0.0, "bitrate", 0.0));
        report(CAMERA_DOWN, T0 + 310_000, Map.of("event_count", 1.0));

        assertThat(changes).containsExactly(new ConditionChange(RAISED, T0, T0 + 300_000, null, null));
        assertThat(run).isEqualTo(new ConditionRun(T0, true));
    }

    @Test
    void eachKindHasItsConditions() {
        assertThat(DeviceCondition.of("LGT")).containsExactly(LAMP_ON_BY_DAY, LAMP_DARK_AT_NIGHT);
        assertThat(DeviceCondition.of("CAM")).containsExactly(CAMERA_DOWN);
        assertThat(DeviceCondition.of("SPK")).containsExactly(SPEAKER_SILENT_IN_SCHEDULE);
        assertThat(DeviceCondition.of("ENV")).isEmpty();
        assertThat(DeviceCondition.of(null)).isEmpty();
    }

    @Test
    void flinkKeepsTheRunAsAPojoNotWithKryo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(ConditionRun.class);
    }
}
