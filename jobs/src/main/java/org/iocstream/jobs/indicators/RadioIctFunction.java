package org.iocstream.jobs.indicators;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.co.KeyedCoProcessFunction;
import org.apache.flink.util.Collector;
import org.iocstream.jobs.rollup.CommuneCoverage;
import org.iocstream.jobs.rollup.ComputedIndicator;
import org.iocstream.schemas.DeviceStatus;
import org.iocstream.schemas.IndicatorValue;
import org.iocstream.schemas.Reading;

/**
 * {@code INF_COMMUNE_RADIO_ICT} per commune and local day, keyed by {@link CommuneDay} on both inputs: a commune is
 * covered ({@link CommuneCoverage#COVERED}, 100) when every loudspeaker it had that day played
 * {@link CommuneCoverage#SOURCE_NEWS} at least once that day, and not (0) otherwise; a commune without loudspeakers
 * has no value ({@link CommuneCoverage#radioIctPercent(CommuneCoverage.Speakers)}).
 *
 * <ul>
 *   <li>The loudspeakers are the devices with a {@code device_status} row of kind {@code SPK} that day. The status
 *       operator writes rows for registered devices too, so a registered speaker that never reported counts
 *       against its commune.</li>
 *   <li>A speaker played the source system's news when a {@code program} reading of it that day says
 *       {@link CommuneCoverage#SOURCE_NEWS} ({@link #isRelayReading}). A reading without a kind (its gateway's
 *       device list not in yet) counts too: only devices the statuses know as speakers are credited.</li>
 * </ul>
 *
 * <p>What the simulator sends ({@code SpeakerSignals}): every speaker reports {@code program} at each 60 s report,
 * {@code source_news} from 05:30 to 06:15 local and {@code none} or {@code commune_news} otherwise; a
 * {@code SPEAKER_SILENT} fault reports {@code none}. So a commune's value is 0 from its first status of the day
 * until its speakers' 05:30 reports, 100 from the next boundary after them if every speaker relayed, and stays 0
 * for the day if one was silent or offline for the whole morning slot. The value that means something is the
 * day's close; the ones before 05:30 only say that no news has been relayed yet. One reading per speaker and day
 * suffices, so a device that reported {@code program} only on change would be counted as well.
 *
 * <p>Both sets only grow within a day, so a late status or reading can only add to them: each is taken as long as
 * the day's state is kept, until {@link CommuneDay#dropAt}(allowed lateness); one for a day already dropped is
 * counted in {@code lateIndicatorInputs} and left out. Cadence as in {@link ComputedIndicatorFunction}: a change of
 * the value is emitted at the next 10-minute boundary of event time, the value again at local midnight,
 * corrections until the drop, each with {@code receivedAt} = the boundary. Metric {@code computedIndicatorValues}.
 */
public final class RadioIctFunction extends KeyedCoProcessFunction<String, Reading, DeviceStatus, IndicatorValue> {

    static final String SPEAKER = "SPK";
    static final String PROGRAM = "program";

    private final Duration allowedLateness;
    private transient ValueState<CoverageDay> totals;
    /** The devices known as speakers this day. */
    private transient MapState<String, Boolean> speakers;
    /** The devices that played the source system's news this day, speakers or not (yet). */
    private transient MapState<String, Boolean> relayed;
    private transient Counter late;
    private transient Counter emitted;

    /**
     * @param allowedLateness the pipeline's: how long after its day closed a status can still be written, and so
     *     how long the day's state is kept (rounded up to a 10-minute boundary)
     */
    public RadioIctFunction(Duration allowedLateness) {
        if (allowedLateness.isNegative()) {
            throw new IllegalArgumentException("allowed lateness must not be negative, got " + allowedLateness);
        }
        this.allowedLateness = allowedLateness;
    }

    /** A {@code program} reading saying {@link CommuneCoverage#SOURCE_NEWS}, from a speaker or a kindless device. */
    public static boolean isRelayReading(Reading reading) {
        return PROGRAM.equals(reading.getMetric()) && CommuneCoverage.SOURCE_NEWS.equals(reading.getStringValue())
                && (reading.getKind() == null || SPEAKER.equals(reading.getKind()));
    }

    /** A loudspeaker's status. */
    public static boolean isSpeakerStatus(DeviceStatus status) {
        return SPEAKER.equals(status.getKind());
    }

    @Override
    public void open(OpenContext openContext) {
        totals = getRuntimeContext().getState(
                new ValueStateDescriptor<>("radio-ict-day", TypeInformation.of(CoverageDay.class)));
        speakers = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("speakers", Types.STRING, Types.BOOLEAN));
        relayed = getRuntimeContext().getMapState(
                new MapStateDescriptor<>("relayed-source-news", Types.STRING, Types.BOOLEAN));
        late = getRuntimeContext().getMetricGroup().counter("lateIndicatorInputs");
        emitted = getRuntimeContext().getMetricGroup().counter("computedIndicatorValues");
    }

    @Override
    public void processElement1(Reading reading, Context ctx, Collector<IndicatorValue> out) throws Exception {
        if (!isRelayReading(reading) || isDropped(ctx)) {
            return;
        }
        CoverageDay day = day(ctx);
        String device = reading.getDeviceId();
        if (!relayed.contains(device)) {
            relayed.put(device, true);
            if (speakers.contains(device)) {
                day.covered++;
            }
        }
        changed(day, ctx);
    }

    @Override
    public void processElement2(DeviceStatus status, Context ctx, Collector<IndicatorValue> out) throws Exception {
        if (!isSpeakerStatus(status) || isDropped(ctx)) {
            return;
        }
        CoverageDay day = day(ctx);
        String device = status.getDeviceId();
        if (!speakers.contains(device)) {
            speakers.put(device, true);
            day.members++;
            if (relayed.contains(device)) {
                day.covered++;
            }
        }
        changed(day, ctx);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<IndicatorValue> out) throws Exception {
        CoverageDay day = totals.value();
        if (day == null) {
            return;
        }
        CommuneDay communeDay = CommuneDay.parse(ctx.getCurrentKey());
        if (timestamp == day.nextEmission) {
            day.nextEmission = ComputedDay.NONE;
        }
        boolean closing = !day.closed && timestamp >= communeDay.end().toEpochMilli();
        double percent = percent(day);
        if (!Double.isNaN(percent) && (closing || percent != day.emitted)) {
            emitted.inc();
            out.collect(DailyMinutes.value(communeDay, ComputedIndicator.INF_COMMUNE_RADIO_ICT, percent,
                    Instant.ofEpochMilli(timestamp)));
            day.emitted = percent;
        }
        day.closed |= closing;
        if (timestamp >= communeDay.dropAt(allowedLateness).toEpochMilli()) {
            totals.clear();
            speakers.clear();
            relayed.clear();
            return;
        }
        totals.update(day);
    }

    private boolean isDropped(Context ctx) {
        CommuneDay communeDay = CommuneDay.parse(ctx.getCurrentKey());
        if (ctx.timerService().currentWatermark() >= communeDay.dropAt(allowedLateness).toEpochMilli()) {
            late.inc();
            return true;
        }
        return false;
    }

    /** The key's counts; a new day also gets its close and drop timers. */
    private CoverageDay day(Context ctx) throws Exception {
        CoverageDay day = totals.value();
        if (day == null) {
            day = new CoverageDay();
            DailyMinutes.registerCloseAndDrop(CommuneDay.parse(ctx.getCurrentKey()), allowedLateness,
                    ctx.timerService());
        }
        return day;
    }

    /** Schedules an emission if the value now differs from the one emitted last, and keeps the counts. */
    private void changed(CoverageDay day, Context ctx) throws Exception {
        double percent = percent(day);
        if (!Double.isNaN(percent) && percent != day.emitted && day.nextEmission == ComputedDay.NONE) {
            day.nextEmission = CommuneDay.parse(ctx.getCurrentKey())
                    .nextEmission(ctx.timerService().currentWatermark(), allowedLateness);
            ctx.timerService().registerEventTimeTimer(day.nextEmission);
        }
        totals.update(day);
    }

    private static double percent(CoverageDay day) {
        return CommuneCoverage.radioIctPercent(new CommuneCoverage.Speakers(day.members, day.covered));
    }
}
