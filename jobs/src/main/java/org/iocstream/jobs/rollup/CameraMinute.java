package org.iocstream.jobs.rollup;

import org.iocstream.jobs.window.WindowStats;

/** Whether a camera streamed through one minute, from its 1-minute {@code online} and {@code bitrate} windows. */
public final class CameraMinute {

    private CameraMinute() {
    }

    /**
     * Streaming if it reported both metrics in the minute and every reading was up: {@code online} 1 and
     * {@code bitrate} above 0. DOMAIN.md's camera-down rule counts either at 0 as down, so one down report
     * makes the whole minute down; a minute without reports is down too.
     */
    public static boolean isStreaming(WindowStats online, WindowStats bitrate) {
        return !online.isEmpty() && !bitrate.isEmpty() && online.min >= 1 && bitrate.min > 0;
    }
}
