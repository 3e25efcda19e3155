package org.iocstream.jobs.indicators;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.apache.flink.types.PojoTestUtils;
import org.iocstream.jobs.rollup.BroadcastSchedule;
import org.junit.jupiter.api.Test;

class DerivedDayTest {

    @Test
    void aCameraMinuteCountsOnceAndItsReplacementMovesOnlyTheStreamingCount() {
        DerivedDay day = new DerivedDay();
        day.replaceCameraMinute(false, false, false);
        day.replaceCameraMinute(false, false, true);
        assertThat(day.cameraUptimePercent()).isEqualTo(50.0);

        day.cameraChanged = false;
        day.replaceCameraMinute(true, true, true);             // the same again: no change
        assertThat(day.cameraChanged).isFalse();
        day.replaceCameraMinute(true, false, true);            // the down minute re-fired up
        assertThat(day.cameraUptimePercent()).isEqualTo(100.0);
        assertThat(day.cameraChanged).isTrue();
    }

    @Test
    void broadcastCoverageIsOverEverySpeakerAndTheScheduledMinutesObserved() {
        DerivedDay day = new DerivedDay();
        day.speakers = 2;
        day.replaceSpeakerMinute(null, true);
        day.replaceSpeakerMinute(null, false);
        day.replaceSpeakerMinute(false, true);
        Duration midnight = Duration.ZERO;
        // 2 of 2 speakers × 10 minutes (05:30-05:40), of 2 × 90 at the day's end
        assertThat(day.broadcastCoveragePercent(BroadcastSchedule.DEFAULT, midnight, Duration.parse("PT5H40M")))
                .isEqualTo(10.0);
        assertThat(day.broadcastCoveragePercent(BroadcastSchedule.DEFAULT, midnight, Duration.ofDays(1)))
                .isEqualTo(100.0 / 90);
        assertThat(day.broadcastCoveragePercent(BroadcastSchedule.DEFAULT, midnight, Duration.ofHours(5))).isNaN();
        // observed from 06:00: the morning slot's last 15 minutes and the evening's 45, 2 of 2 × 60
        assertThat(day.broadcastCoveragePercent(BroadcastSchedule.DEFAULT, Duration.ofHours(6), Duration.ofDays(1)))
                .isEqualTo(100.0 / 60);
        // observed from 09:00 to 12:00: no slot
        assertThat(day.broadcastCoveragePercent(BroadcastSchedule.DEFAULT, Duration.ofHours(9), Duration.ofHours(12)))
                .isNaN();
    }

    @Test
    void lightingSavingIsAgainstTheLampsAtFullPowerThroughTheNightObserved() {
        DerivedDay day = new DerivedDay();
        day.lamps = 2;
        // 2 × 100 W × 6 h = 1200 Wh by dawn
        assertThat(day.lightingSavingPercent(300, 100, Duration.ZERO, Duration.ofHours(7))).isEqualTo(75.0);
        assertThat(day.lightingSavingPercent(300, 100, Duration.ZERO, Duration.ZERO)).isNaN();
        // observed from 03:00: 2 × 100 W × 3 h = 600 Wh by dawn
        assertThat(day.lightingSavingPercent(300, 100, Duration.ofHours(3), Duration.ofHours(7))).isEqualTo(50.0);
        // observed from 09:00 to 17:00: no night
        assertThat(day.lightingSavingPercent(0, 100, Duration.ofHours(9), Duration.ofHours(17))).isNaN();
        assertThat(new DerivedDay().lightingSavingPercent(0, 100, Duration.ZERO, Duration.ofDays(1))).isNaN();
    }

    @Test
    void isAFlinkPojo() {
        PojoTestUtils.assertSerializedAsPojoWithoutKryo(DerivedDay.class);
    }
}
