package org.iocstream.jobs.indicators;

import java.time.Duration;
import org.iocstream.jobs.rollup.BroadcastSchedule;
import org.iocstream.jobs.rollup.LightingEnergy;

/**
 * The running totals of one commune-day's indicators derived from device windows and statuses, and what changed
 * since they were last emitted. Inputs are whole windows and statuses that may come again (a re-fired window, a
 * rewritten status): the caller passes a camera-minute's or speaker-minute's earlier contribution with its new one,
 * so it is replaced, never added twice.
 *
 * <ul>
 *   <li>{@code OPS_CAMERA_UPTIME} = 100 × streaming camera-minutes / known camera-minutes (with a status or a
 *       window), so a registered camera that sends nothing lowers it;</li>
 *   <li>{@code OPS_BROADCAST_COVERAGE} = 100 × broadcasting speaker-minutes in the schedule / (speakers ×
 *       scheduled minutes elapsed), the speakers being those with a status or a window, so a silent one lowers
 *       it;</li>
 *   <li>{@code OPS_LIGHTING_ENERGY_SAVING} = 100 × (baseline − consumed) / baseline, baseline = lamps × rated W ×
 *       night hours elapsed.</li>
 * </ul>
 *
 * <p>Public fields and a no-argument constructor make it a Flink POJO.
 */
public final class DerivedDay {

    /** Known camera-minutes: with a status or an {@code online} or {@code bitrate} window. */
    public long cameraMinutes;
    public long streamingMinutes;
    /** Distinct speakers with a status or a {@code broadcasting} window in the day. */
    public long speakers;
    public long broadcastMinutes;
    /** Distinct lamps with an {@code energy} window in the day. */
    public long lamps;
    /** Wh of the lamps' final windows, folded per lamp; the windows that can still change are added on top. */
    public double foldedWattHours;
    /**
     * How far the data reached: the latest window end, status minute end or finite watermark seen by this
     * commune-day.
     */
    public long reached = Long.MIN_VALUE;
    /**
     * The earliest minute this commune-day has data for: the day is observed from there, so a job started in the
     * afternoon does not count the morning's broadcast slot or the night before dawn against what it never saw.
     */
    public long firstMinute = Long.MAX_VALUE;
    public boolean cameraChanged;
    public boolean broadcastChanged;
    public boolean lightingChanged;
    /** The day's closing values were emitted. */
    public boolean closed;
    /** The pending emission boundary, or {@link ComputedDay#NONE}. */
    public long nextEmission = ComputedDay.NONE;

    public DerivedDay() {
    }

    /**
     * Replaces a camera-minute: {@code wasKnown} and {@code wasStreaming} describe its earlier contribution
     * (false and false for a minute not seen before); every minute given now is known.
     */
    public void replaceCameraMinute(boolean wasKnown, boolean wasStreaming, boolean streaming) {
        if (wasKnown && wasStreaming == streaming) {
            return;
        }
        cameraMinutes += wasKnown ? 0 : 1;
        streamingMinutes += (streaming ? 1 : 0) - (wasStreaming ? 1 : 0);
        cameraChanged = true;
    }

    /** Replaces a scheduled speaker-minute: {@code null} before for a minute not seen before. */
    public void replaceSpeakerMinute(Boolean wasBroadcasting, boolean broadcasting) {
        if (wasBroadcasting != null && wasBroadcasting == broadcasting) {
            return;
        }
        broadcastMinutes += (broadcasting ? 1 : 0) - (Boolean.TRUE.equals(wasBroadcasting) ? 1 : 0);
        broadcastChanged = true;
    }

    /** 100 × streaming / known camera-minutes, in percent; NaN without a known camera-minute. */
    public double cameraUptimePercent() {
        return cameraMinutes > 0 ? 100.0 * streamingMinutes / cameraMinutes : Double.NaN;
    }

    /**
     * 100 × broadcasting speaker-minutes / (speakers × scheduled minutes observed: from {@code from} to {@code to},
     * both since local midnight), in percent; NaN without a speaker or a slot observed.
     */
    public double broadcastCoveragePercent(BroadcastSchedule schedule, Duration from, Duration to) {
        long possible = speakers * (schedule.scheduledMinutesBefore(to) - schedule.scheduledMinutesBefore(from));
        return possible > 0 ? 100.0 * broadcastMinutes / possible : Double.NaN;
    }

    /** The lamps' consumption in kWh; NaN without a lamp. */
    public double lightingKilowattHours(double consumedWattHours) {
        return lamps > 0 ? consumedWattHours / 1000 : Double.NaN;
    }

    /**
     * {@link LightingEnergy#savingPercent} of {@code consumedWattHours} against the lamps at {@code ratedWatts}
     * each through the night hours observed, from {@code from} to {@code to} (both since local midnight); NaN
     * without lamps or night.
     */
    public double lightingSavingPercent(double consumedWattHours, double ratedWatts, Duration from, Duration to) {
        double baseline = LightingEnergy.fullPowerBaselineWattHours(lamps * ratedWatts,
                LightingEnergy.nightHoursBefore(to) - LightingEnergy.nightHoursBefore(from));
        return LightingEnergy.savingPercent(consumedWattHours, baseline);
    }
}
