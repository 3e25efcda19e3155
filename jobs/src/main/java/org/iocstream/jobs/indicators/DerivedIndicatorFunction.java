package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.iocstream.jobs.rollup.BroadcastSchedule;
import org.iocstream.jobs.rollup.CameraMinute;
import org.iocstream.jobs.rollup.ComputedIndicator;
import org.iocstream.jobs.rollup.LightingEnergy;
import org.iocstream.jobs.window.WindowStats;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.WindowAggregate;

/**
 * {@code OPS_CAMERA_UPTIME}, {@code OPS_BROADCAST_COVERAGE}, {@code OPS_LIGHTING_ENERGY_SAVING} and
 * {@code OPS_LIGHTING_ENERGY} (the consumption the saving is made of, in kWh) per commune and
 * local day, keyed by {@link CommuneDay} on both inputs: the devices' 1-minute windows
 * ({@link DerivedIndicators#isInput(WindowAggregate)}) and the cameras' and loudspeakers' {@code device_status} rows
 * ({@link DerivedIndicators#isInput(DeviceStatus)}), which list registered devices that send nothing. Totals are
 * kept in a {@link DerivedDay}.
 *
 * <ul>
 *   <li>Camera: per camera-minute the {@code online} and {@code bitrate} windows' count and min. A minute is known
 *       when it has either window or a status for the minute (at - 1 min, at], and streaming by
 *       {@link CameraMinute#isStreaming}, so a camera-minute with a status and no window is down.</li>
 *   <li>Speaker: every speaker with a status or a {@code broadcasting} window in the day counts; per scheduled
 *       speaker-minute ({@link BroadcastSchedule#isScheduled}) whether it broadcast
 *       ({@link BroadcastSchedule#isBroadcasting}). The denominator's scheduled minutes are those elapsed up to
 *       the emission boundary (all 90 at the close), for every speaker, so a silent one's are minutes not
 *       broadcast.</li>
 *   <li>Lamp: the {@code energy} counter's windows that can still change, and per lamp the last value of its final
 *       ones, whose Wh are folded into the day's total ({@link LightingEnergy#windowWattHours}). The baseline is
 *       lamps × rated W × night hours elapsed up to the boundary ({@link LightingEnergy#nightHoursBefore}).</li>
 * </ul>
 *
 * <p>A window can come again while it is within the allowed lateness of its minute (a re-fired window), and so can a
 * status (rewritten by a late reading); a window's contribution is kept by device under its minute and replaced, and
 * a status only makes its camera-minute known, which a repeated one leaves as it is. A minute's contributions are
 * dropped (a lamp's folded) once the watermark has passed minute + 1 min + the allowed lateness; a window or status
 * for such a minute is dropped and counted in {@code lateIndicatorInputs}. An {@code energy} window with a negative
 * value is no counter reading; it is left out and counted in {@code invalidEnergyWindows}.
 *
 * <p>Cadence as in {@link ComputedIndicatorFunction}: a change is emitted at the next 10-minute boundary of event
 * time, every value again at local midnight, corrections until {@link CommuneDay#dropAt}, each with
 * {@code receivedAt} = the boundary. At the end-of-time watermark (the end of a bounded input) the elapsed
 * scheduled minutes and night hours stop where the data reached (the latest window end, status minute end or
 * finite watermark this commune-day saw), not at the boundary, so the close of a day the data did not cover invents
 * no silent minutes. A value is emitted only where it is defined. Metric {@code computedIndicatorValues}.
 */
public final class DerivedIndicatorFunction
        extends KeyedCoProcessFunction<String, WindowAggregate, DeviceStatus, IndicatorValue> {

    /** The windows this function reads, by kind and metric. */
    enum Input {
        CAMERA_ONLINE, CAMERA_BITRATE, SPEAKER_BROADCASTING, LAMP_ENERGY;

        /** The window's input, or null for one this function does not read. */
        static Input of(WindowAggregate window) {
            String kind = window.getKind();
            String metric = window.getMetric();
            if (CAMERA.equals(kind)) {
                return "online".equals(metric) ? CAMERA_ONLINE : "bitrate".equals(metric) ? CAMERA_BITRATE : null;
            }
            if (SPEAKER.equals(kind)) {
                return "broadcasting".equals(metric) ? SPEAKER_BROADCASTING : null;
            }
            if ("LGT".equals(kind)) {
                return "energy".equals(metric) ? LAMP_ENERGY : null;
            }
            return null;
        }
    }

    static final String CAMERA = "CAM";
    static final String SPEAKER = "SPK";

    private final DailyMinutes finality;
    private final Duration allowedLateness;
    private final BroadcastSchedule schedule;
    private final double ratedWatts;
    private transient ValueState<DerivedDay> totals;
    /**
     * Per known minute and camera: online count, online min, bitrate count, bitrate min (NaN for no window; a minute
     * known from its status alone has no window).
     */
    private transient MapState<Long, Map<String, double[]>> cameraMinutes;
    /** Per scheduled minute and speaker: broadcasting or not. */
    private transient MapState<Long, Map<String, Boolean>> speakerMinutes;
    /** The day's speakers, from their statuses and broadcasting windows. */
    private transient MapState<String, Boolean> speakers;
    /** Per minute and lamp, the energy windows that can still change: first, min, max, last. */
    private transient MapState<Long, Map<String, double[]>> lampWindows;
    /** Per lamp, the last counter value of its final windows (NaN before the first). */
    private transient MapState<String, Double> lamps;
    private transient Counter late;
    private transient Counter invalidEnergy;
    private transient Counter emitted;

    /** The default schedule and rated watts ({@link LightingEnergy#DEFAULT_RATED_WATTS}). */
    public DerivedIndicatorFunction(Duration allowedLateness) {
        this(allowedLateness, BroadcastSchedule.DEFAULT, LightingEnergy.DEFAULT_RATED_WATTS);
    }

    /**
     * @param allowedLateness the pipeline's: how long after its minute a window can come again
     * @param schedule the communes' loudspeaker schedule
     * @param ratedWatts every lamp's rated power, for the full-power baseline
     */
    public DerivedIndicatorFunction(Duration allowedLateness, BroadcastSchedule schedule, double ratedWatts) {
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative, got " + allowedLateness);
        }
        if (!(ratedWatts > 0) || Double.isInfinite(ratedWatts)) {
            throw new IllegalArgumentException("rated watts must be positive, got " + ratedWatts);
        }
        this.allowedLateness = allowedLateness;
        this.finality = new DailyMinutes(allowedLateness);
        this.schedule = schedule;
        this.ratedWatts = ratedWatts;
    }

    @Override
    public void open(OpenContext openContext) {
        totals = getRuntimeContext().getState(
                new ValueStateDescriptor<>("derived-day", TypeInformation.of(DerivedDay.class)));
        cameraMinutes = getRuntimeContext().getMapState(new MapStateDescriptor<>("camera-minutes", Types.LONG,
                Types.MAP(Types.STRING, PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO)));
        speakerMinutes = getRuntimeContext().getMapState(new MapStateDescriptor<>("speaker-minutes", Types.LONG,
                Types.MAP(Types.STRING, Types.BOOLEAN)));
        speakers = getRuntimeContext().getMapState(new MapStateDescriptor<>("speakers", Types.STRING, Types.BOOLEAN));
        lampWindows = getRuntimeContext().getMapState(new MapStateDescriptor<>("lamp-windows", Types.LONG,
                Types.MAP(Types.STRING, PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO)));
        lamps = getRuntimeContext().getMapState(new MapStateDescriptor<>("lamps", Types.STRING, Types.DOUBLE));
        late = getRuntimeContext().getMetricGroup().counter("lateIndicatorInputs");
        invalidEnergy = getRuntimeContext().getMetricGroup().counter("invalidEnergyWindows");
        emitted = getRuntimeContext().getMetricGroup().counter("computedIndicatorValues");
    }

    @Override
    public void processElement1(WindowAggregate window, Context ctx, Collector<IndicatorValue> out)
            throws Exception {
        Input input = Input.of(window);
        if (input == null) {
            return;
        }
        long minute = window.getWindowStart().toEpochMilli();
        long watermark = ctx.timerService().currentWatermark();
        if (finality.isFinal(minute, watermark)) {
            late.inc();
            return;
        }
        if (input == Input.LAMP_ENERGY && !isCounter(window)) {
            // a counter is never negative: such a window would fail the job on every emission, so it is left out
            invalidEnergy.inc();
            return;
        }
        DerivedDay day = day(ctx);
        reached(day, minute, window.getWindowEnd().toEpochMilli(), watermark);
        switch (input) {
            case CAMERA_ONLINE, CAMERA_BITRATE -> camera(input, window, minute, day);
            case SPEAKER_BROADCASTING -> speaker(window, minute, day);
            case LAMP_ENERGY -> lamp(window, minute, day);
        }
        scheduleEmission(day, ctx);
        totals.update(day);
    }

    @Override
    public void processElement2(DeviceStatus status, Context ctx, Collector<IndicatorValue> out) throws Exception {
        if (!DerivedIndicators.isInput(status)) {
            return;
        }
        long minute = ComputedIndicators.minuteStart(status).toEpochMilli();
        long watermark = ctx.timerService().currentWatermark();
        if (finality.isFinal(minute, watermark)) {
            late.inc();
            return;
        }
        DerivedDay day = day(ctx);
        reached(day, minute, status.getAt().toEpochMilli(), watermark);
        if (CAMERA.equals(status.getKind())) {
            listedCamera(status.getDeviceId(), minute, day);
        } else {
            knownSpeaker(status.getDeviceId(), day);
            // a scheduled minute has elapsed: the value moves even when every speaker is silent and sends no window
            day.broadcastChanged |= schedule.isScheduled(Instant.ofEpochMilli(minute));
        }
        scheduleEmission(day, ctx);
        totals.update(day);
    }

    /**
     * The data covers the minute from {@code minute} to {@code end} (a window's or a status's): the day is observed
     * from its earliest minute and reached as far as its latest end and the watermark, if finite.
     */
    private static void reached(DerivedDay day, long minute, long end, long watermark) {
        day.firstMinute = Math.min(day.firstMinute, minute);
        day.reached = Math.max(day.reached, end);
        if (watermark != Long.MAX_VALUE) {
            day.reached = Math.max(day.reached, watermark);
        }
    }

    private void camera(Input input, WindowAggregate window, long minute, DerivedDay day) throws Exception {
        Map<String, double[]> cameras = DailyMinutes.orEmpty(cameraMinutes.get(minute));
        double[] before = cameras.get(window.getDeviceId());
        double[] now = before == null ? noWindows() : before.clone();
        int offset = input == Input.CAMERA_ONLINE ? 0 : 2;
        now[offset] = window.getCount();
        now[offset + 1] = window.getMin();
        day.replaceCameraMinute(before != null, before != null && isStreaming(before), isStreaming(now));
        cameras.put(window.getDeviceId(), now);
        cameraMinutes.put(minute, cameras);
    }

    /**
     * A status lists the camera-minute: known, and down unless its windows say otherwise. Once known (by a window or
     * an earlier version of the status) it stays as it is.
     */
    private void listedCamera(String camera, long minute, DerivedDay day) throws Exception {
        Map<String, double[]> cameras = DailyMinutes.orEmpty(cameraMinutes.get(minute));
        if (cameras.containsKey(camera)) {
            return;
        }
        day.replaceCameraMinute(false, false, false);
        cameras.put(camera, noWindows());
        cameraMinutes.put(minute, cameras);
    }

    private void speaker(WindowAggregate window, long minute, DerivedDay day) throws Exception {
        knownSpeaker(window.getDeviceId(), day);
        if (!schedule.isScheduled(window.getWindowStart())) {
            return;
        }
        Map<String, Boolean> minutes = DailyMinutes.orEmpty(speakerMinutes.get(minute));
        boolean broadcasting = BroadcastSchedule.isBroadcasting(stats(window.getCount(), window.getMin(),
                window.getMax()));
        day.replaceSpeakerMinute(minutes.put(window.getDeviceId(), broadcasting), broadcasting);
        speakerMinutes.put(minute, minutes);
    }

    /** The speaker counts for the whole day, whether or not it broadcast. */
    private void knownSpeaker(String speaker, DerivedDay day) throws Exception {
        if (!speakers.contains(speaker)) {
            speakers.put(speaker, true);
            day.speakers++;
            day.broadcastChanged = true;
        }
    }

    private void lamp(WindowAggregate window, long minute, DerivedDay day) throws Exception {
        double[] now = {window.getFirst(), window.getMin(), window.getMax(), window.getLast()};
        if (!lamps.contains(window.getDeviceId())) {
            lamps.put(window.getDeviceId(), Double.NaN);
            day.lamps++;
        }
        Map<String, double[]> windows = DailyMinutes.orEmpty(lampWindows.get(minute));
        double[] before = windows.put(window.getDeviceId(), now);
        day.lightingChanged |= before == null || !Arrays.equals(before, now);
        lampWindows.put(minute, windows);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<IndicatorValue> out) throws Exception {
        DerivedDay day = totals.value();
        if (day == null) {
            return;
        }
        CommuneDay communeDay = CommuneDay.parse(ctx.getCurrentKey());
        if (timestamp == day.nextEmission) {
            day.nextEmission = ComputedDay.NONE;
        }
        long watermark = ctx.timerService().currentWatermark();
        boolean inputEnded = watermark == Long.MAX_VALUE;
        if (!inputEnded) {
            day.reached = Math.max(day.reached, watermark);
        }
        long start = communeDay.start().toEpochMilli();
        long end = communeDay.end().toEpochMilli();
        // the end of a bounded input moves event time to its end at once: the day is elapsed only as far as
        // its data reached
        long elapsedTo = Math.min(end, inputEnded ? Math.min(timestamp, day.reached) : timestamp);
        Duration sinceMidnight = Duration.ofMillis(Math.max(0, elapsedTo - start));
        Duration observedFrom = Duration.ofMillis(Math.max(0, Math.min(day.firstMinute, elapsedTo) - start));
        boolean closing = !day.closed && timestamp >= end;
        Instant at = Instant.ofEpochMilli(timestamp);
        if (closing || day.cameraChanged) {
            emit(communeDay, ComputedIndicator.OPS_CAMERA_UPTIME, day.cameraUptimePercent(), at, out);
            day.cameraChanged = false;
        }
        if (closing || day.broadcastChanged) {
            emit(communeDay, ComputedIndicator.OPS_BROADCAST_COVERAGE,
                    day.broadcastCoveragePercent(schedule, observedFrom, sinceMidnight), at, out);
            day.broadcastChanged = false;
        }
        if (closing || day.lightingChanged) {
            double consumed = consumedWattHours(day);
            emit(communeDay, ComputedIndicator.OPS_LIGHTING_ENERGY_SAVING,
                    day.lightingSavingPercent(consumed, ratedWatts, observedFrom, sinceMidnight), at, out);
            emit(communeDay, ComputedIndicator.OPS_LIGHTING_ENERGY, day.lightingKilowattHours(consumed), at, out);
            day.lightingChanged = false;
        }
        day.closed |= closing;
        if (timestamp >= communeDay.dropAt(allowedLateness).toEpochMilli()) {
            totals.clear();
            cameraMinutes.clear();
            speakerMinutes.clear();
            speakers.clear();
            lampWindows.clear();
            lamps.clear();
            return;
        }
        foldFinalLampWindows(day, watermark);
        finality.forgetFinal(cameraMinutes, watermark);
        finality.forgetFinal(speakerMinutes, watermark);
        totals.update(day);
    }

    /** The key's totals; a new day also gets its close and drop timers. */
    private DerivedDay day(Context ctx) throws Exception {
        DerivedDay day = totals.value();
        if (day == null) {
            day = new DerivedDay();
            DailyMinutes.registerCloseAndDrop(CommuneDay.parse(ctx.getCurrentKey()), allowedLateness,
                    ctx.timerService());
        }
        return day;
    }

    private void scheduleEmission(DerivedDay day, Context ctx) {
        if (day.nextEmission != ComputedDay.NONE) {
            return;
        }
        day.nextEmission = CommuneDay.parse(ctx.getCurrentKey())
                .nextEmission(ctx.timerService().currentWatermark(), allowedLateness);
        ctx.timerService().registerEventTimeTimer(day.nextEmission);
    }

    /** The folded Wh plus each lamp's windows that can still change, chained from its last final value. */
    private double consumedWattHours(DerivedDay day) throws Exception {
        double consumed = day.foldedWattHours;
        Map<String, Double> previous = new HashMap<>();
        for (Long minute : sortedMinutes(lampWindows)) {
            for (Map.Entry<String, double[]> lamp : lampWindows.get(minute).entrySet()) {
                Double last = previous.get(lamp.getKey());
                double[] w = lamp.getValue();
                consumed += LightingEnergy.windowWattHours(last == null ? lamps.get(lamp.getKey()) : last,
                        w[0], w[1], w[2], w[3]);
                previous.put(lamp.getKey(), w[3]);
            }
        }
        return consumed;
    }

    /** Final windows, in time order, move into the folded total and their lamp's last final value. */
    private void foldFinalLampWindows(DerivedDay day, long watermark) throws Exception {
        for (Long minute : sortedMinutes(lampWindows)) {
            if (!finality.isFinal(minute, watermark)) {
                break;
            }
            for (Map.Entry<String, double[]> lamp : lampWindows.get(minute).entrySet()) {
                double[] w = lamp.getValue();
                day.foldedWattHours += LightingEnergy.windowWattHours(lamps.get(lamp.getKey()), w[0], w[1], w[2],
                        w[3]);
                lamps.put(lamp.getKey(), w[3]);
            }
            lampWindows.remove(minute);
        }
        if (lampWindows.isEmpty()) {
            lampWindows.clear();
        }
    }

    private void emit(CommuneDay communeDay, ComputedIndicator indicator, double value, Instant at,
            Collector<IndicatorValue> out) {
        if (Double.isNaN(value)) {
            return;
        }
        emitted.inc();
        out.collect(DailyMinutes.value(communeDay, indicator, value, at));
    }

    private static List<Long> sortedMinutes(MapState<Long, ?> state) throws Exception {
        List<Long> minutes = new ArrayList<>();
        state.keys().forEach(minutes::add);
        minutes.sort(null);
        return minutes;
    }

    private static boolean isCounter(WindowAggregate window) {
        return Arrays.stream(new double[] {window.getFirst(), window.getMin(), window.getMax(), window.getLast()})
                .allMatch(value -> Double.isFinite(value) && value >= 0);
    }

    /** A camera-minute's contribution before any of its windows. */
    private static double[] noWindows() {
        return new double[] {0, Double.NaN, 0, Double.NaN};
    }

    private static boolean isStreaming(double[] camera) {
        return CameraMinute.isStreaming(stats((long) camera[0], camera[1], camera[1]),
                stats((long) camera[2], camera[3], camera[3]));
    }

    /** The parts of a window's statistics that the camera and speaker rules read. */
    private static WindowStats stats(long count, double min, double max) {
        WindowStats stats = new WindowStats();
        if (count > 0) {
            stats.count = count;
            stats.min = min;
            stats.max = max;
        }
        return stats;
    }

}
