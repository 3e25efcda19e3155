package org.iocstream.jobs.rollup;

import static org.assertj.core.api.Assertions.assertThat;

import org.iocstream.jobs.window.WindowStats;
import org.junit.jupiter.api.Test;

class CameraMinuteTest {

    @Test
    void aMinuteOfOnlineReportsWithBitrateIsStreaming() {
        assertThat(CameraMinute.isStreaming(values(1, 1, 1, 1, 1, 1), values(4000, 3900, 4100, 4000, 4200, 3800)))
                .isTrue();
    }

    @Test
    void oneOfflineOrZeroBitrateReportMakesTheMinuteDown() {
        assertThat(CameraMinute.isStreaming(values(1, 1, 0, 1, 1, 1), values(4000, 4000, 4000, 4000, 4000, 4000)))
                .isFalse();
        assertThat(CameraMinute.isStreaming(values(1, 1, 1, 1, 1, 1), values(4000, 4000, 0, 4000, 4000, 4000)))
                .isFalse();
    }

    @Test
    void aMinuteWithoutOneOfTheMetricsIsDown() {
        assertThat(CameraMinute.isStreaming(values(1, 1), new WindowStats())).isFalse();
        assertThat(CameraMinute.isStreaming(new WindowStats(), values(4000))).isFalse();
        assertThat(CameraMinute.isStreaming(new WindowStats(), new WindowStats())).isFalse();
    }

    @Test
    void cameraAvailabilityCountsCameraMinutes() {
        // 3 registered cameras over 2 minutes: 2 streaming then 1 (the third never reports): 3 / 6
        MinuteShare uptime = new MinuteShare()
                .add(streaming(values(1), values(5000)) + streaming(values(1), values(2500)), 3)
                .add(streaming(values(1), values(5000)) + streaming(values(1, 0), values(2500, 0)), 3);

        assertThat(uptime.percent()).isEqualTo(50.0);
    }

    private static int streaming(WindowStats online, WindowStats bitrate) {
        return CameraMinute.isStreaming(online, bitrate) ? 1 : 0;
    }

    private static WindowStats values(double... values) {
        WindowStats stats = new WindowStats();
        for (int i = 0; i < values.length; i++) {
            stats.add(i * 10_000L, values[i]);
        }
        return stats;
    }
}
