package org.iocstream.jobs.devices;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.iocstream.jobs.rollup.DeviceOnline;
import org.iocstream.jobs.rollup.ReportingIntervals;
import org.iocstream.schemas.DeviceInfo;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.Reading;

/**
 * The {@code device_status} rows: per device, one {@link DeviceStatus} at every whole minute of event time
 * while the device is known, with {@link DeviceOnline}'s rule (online while at - lastSeen ≤ 3 × the kind's
 * interval) applied at that minute. A change therefore shows at the next minute, and a device never has more
 * than one row per minute, whatever its reporting rate.
 *
 * <p>The row stamped {@code at} stands for the minute (at - 1 min, at]: {@code online} is the state at its end and
 * {@code reports} counts the distinct reading times in it (a gateway report carries several metrics at one time).
 * Every reading time thus falls in exactly one row's minute, and a reading at {@code at} itself counts in the same
 * row that it makes online. The row is emitted when the watermark reaches {@code at}, when the minute's readings
 * are in.
 *
 * <p>A device becomes known with its first reading or registry record (keyed by deviceId on both inputs), so a
 * registered device that never reported is listed as offline. Its first row is the one whose minute holds that
 * reading, or the first after the watermark for a registry record or a reading the watermark has passed. It is
 * forgotten, with its state and its one timer, {@code forgetAfter} of event time after its latest reading or
 * registry record; either brings it back.
 *
 * <p>A late reading rewrites the minutes it changes (its last-seen, online or reports) that are still within the
 * allowed lateness, i.e. later than the watermark minus the lateness; earlier minutes are final. There is no
 * side output: even a very late reading is used for the minutes still open, and the rollup's side output already
 * keeps late readings. Metrics: {@code rewrittenStatuses}, {@code forgottenDevices}.
 */
public final class DeviceStatusFunction extends KeyedCoProcessFunction<String, Reading, DeviceInfo, DeviceStatus> {

    private static final long MINUTE = Duration.ofMinutes(1).toMillis();
    // a device announced before any watermark starts its minutes at the first watermark
    private static final long AT_FIRST_WATERMARK = Long.MIN_VALUE + 1;

    private final long allowedLatenessMillis;
    private final long forgetAfterMillis;
    private transient ValueState<DeviceStatusState> state;
    private transient Counter rewritten;
    private transient Counter forgotten;

    public DeviceStatusFunction(Duration allowedLateness, Duration forgetAfter) {
        this.allowedLatenessMillis = allowedLateness.toMillis();
        this.forgetAfterMillis = forgetAfter.toMillis();
    }

    @Override
    public void open(OpenContext openContext) {
        state = getRuntimeContext().getState(
                new ValueStateDescriptor<>("device-status", TypeInformation.of(DeviceStatusState.class)));
        rewritten = getRuntimeContext().getMetricGroup().counter("rewrittenStatuses");
        forgotten = getRuntimeContext().getMetricGroup().counter("forgottenDevices");
    }

    @Override
    public void processElement1(Reading reading, Context ctx, Collector<DeviceStatus> out) throws Exception {
        DeviceStatusState device = Objects.requireNonNullElseGet(state.value(), DeviceStatusState::new);
        long time = reading.getTime().toEpochMilli();
        if (time >= device.labelTime) {
            device.labelTime = time;
            device.commune = reading.getCommune();
            device.gateway = reading.getGateway();
            device.kind = reading.getKind() == null ? device.kind : reading.getKind();
        }
        long watermark = ctx.timerService().currentWatermark();
        List<Long> open = emittedOpenMinutes(device, time, watermark);
        List<DeviceStatus> before = new ArrayList<>();
        for (long minute : open) {
            before.add(status(ctx.getCurrentKey(), device, minute));
        }
        if (device.add(time)) {
            for (int i = 0; i < open.size(); i++) {
                DeviceStatus after = status(ctx.getCurrentKey(), device, open.get(i));
                if (!after.equals(before.get(i))) {
                    rewritten.inc();
                    out.collect(after);
                }
            }
        }
        device.quietSince = Math.max(device.quietSince, time);
        if (device.nextTick == DeviceStatusState.NEVER) {
            // the row whose minute holds the reading, or the first one the watermark has not passed yet
            device.nextTick = minuteHolding(Math.max(time, watermark + 1));
            ctx.timerService().registerEventTimeTimer(device.nextTick);
        }
        state.update(device);
    }

    @Override
    public void processElement2(DeviceInfo info, Context ctx, Collector<DeviceStatus> out) throws Exception {
        DeviceStatusState device = Objects.requireNonNullElseGet(state.value(), DeviceStatusState::new);
        device.kind = info.getKind();
        device.commune = info.getCommune();
        device.gateway = info.getGateway();
        long watermark = ctx.timerService().currentWatermark();
        if (device.nextTick == DeviceStatusState.NEVER && watermark == Long.MIN_VALUE) {
            device.nextTick = AT_FIRST_WATERMARK;
            ctx.timerService().registerEventTimeTimer(AT_FIRST_WATERMARK);
        } else if (watermark != Long.MIN_VALUE) {
            device.quietSince = Math.max(device.quietSince, watermark);
            if (device.nextTick == DeviceStatusState.NEVER) {
                scheduleAfter(ctx.timerService(), device, watermark);
            }
        }
        state.update(device);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DeviceStatus> out) throws Exception {
        DeviceStatusState device = state.value();
        long watermark = ctx.timerService().currentWatermark();
        if (timestamp == AT_FIRST_WATERMARK) {
            device.quietSince = Math.max(device.quietSince, watermark);
            scheduleAfter(ctx.timerService(), device, watermark);
            state.update(device);
            return;
        }
        if (timestamp >= device.quietSince + forgetAfterMillis) {
            forgotten.inc();
            state.clear();
            return;
        }
        if (watermark == Long.MAX_VALUE) {
            // the end of a bounded input (a replay, a test): its data never reached this minute, so it has no
            // status, and ticking on would list the device minute by minute until it is forgotten
            return;
        }
        out.collect(status(ctx.getCurrentKey(), device, timestamp));
        // minutes up to the watermark minus the lateness are final; beyond it a reading must still find its
        // predecessors within 3 intervals, and the reports of its minute
        long offlineAfter = interval(device).map(i -> i.toMillis() * DeviceOnline.OFFLINE_AFTER_INTERVALS).orElse(0L);
        device.forgetBefore(timestamp - allowedLatenessMillis - Math.max(offlineAfter, MINUTE));
        device.nextTick = timestamp + MINUTE;
        ctx.timerService().registerEventTimeTimer(device.nextTick);
        state.update(device);
    }

    /** Minutes already emitted that a reading at {@code time} could change and that are not final yet. */
    private List<Long> emittedOpenMinutes(DeviceStatusState device, long time, long watermark) {
        List<Long> minutes = new ArrayList<>();
        if (watermark == Long.MIN_VALUE || device.nextTick <= AT_FIRST_WATERMARK) {
            return minutes;
        }
        long from = Math.max(time, watermark - allowedLatenessMillis + 1);
        for (long minute = minuteHolding(from); minute < device.nextTick; minute += MINUTE) {
            minutes.add(minute);
        }
        return minutes;
    }

    private static void scheduleAfter(TimerService timers, DeviceStatusState device, long time) {
        device.nextTick = Math.floorDiv(time, MINUTE) * MINUTE + MINUTE;
        timers.registerEventTimeTimer(device.nextTick);
    }

    /** The {@code at} of the row whose minute (at - 1 min, at] holds {@code time}. */
    private static long minuteHolding(long time) {
        return Math.floorDiv(time + MINUTE - 1, MINUTE) * MINUTE;
    }

    private static Optional<Duration> interval(DeviceStatusState device) {
        return ReportingIntervals.of(device.kind);
    }

    private static DeviceStatus status(String deviceId, DeviceStatusState device, long minute) {
        long lastSeen = device.lastSeenAsOf(minute);
        boolean seen = lastSeen != DeviceStatusState.NEVER;
        Boolean online = interval(device).map(i -> seen
                && DeviceOnline.isOnline(Instant.ofEpochMilli(lastSeen), i, Instant.ofEpochMilli(minute)))
                .orElse(null);
        return DeviceStatus.newBuilder()
                .setDeviceId(deviceId)
                .setKind(device.kind)
                .setCommune(device.commune)
                .setGateway(device.gateway)
                .setLastSeen(seen ? Instant.ofEpochMilli(lastSeen) : null)
                .setOnline(online)
                .setAt(Instant.ofEpochMilli(minute))
                .setReports(device.reportsIn(minute - MINUTE, minute))
                .build();
    }
}
