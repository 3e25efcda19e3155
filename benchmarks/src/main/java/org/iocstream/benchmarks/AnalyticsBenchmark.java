package org.iocstream.benchmarks;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.functions.AggregateFunction;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.api.connector.source.SourceReaderContext;
import org.apache.flink.api.connector.source.lib.NumberSequenceSource.NumberSequenceSplit;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiter;
import org.apache.flink.api.connector.source.util.ratelimit.RateLimiterStrategy;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.windowing.assigners.TumblingEventTimeWindows;
import org.apache.flink.types.Either;
import org.apache.flink.util.function.SerializableFunction;
import org.iocstream.connectors.timeseries.QuestDbAdmin;
import org.iocstream.connectors.timeseries.ReadingTables;
import org.iocstream.connectors.timeseries.StoreOptions;
import org.iocstream.connectors.timeseries.TimeSeriesSink;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.deploy.embedded.EmbeddedQuestDb;
import org.iocstream.deploy.embedded.Ports;
import org.iocstream.jobs.telemetry.TelemetryInput;
import org.iocstream.jobs.telemetry.AnalyticsOptions;
import org.iocstream.jobs.telemetry.TelemetryPipeline;
import org.iocstream.jobs.telemetry.TelemetryPipelineOptions;
import org.iocstream.schemas.DeadLetter;
import org.iocstream.schemas.Reading;
import org.iocstream.schemas.WindowAggregate;
import org.iocstream.sim.Communes;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.Gateway;
import org.iocstream.sim.SignalModel;

/**
 * The analytics pipeline ({@link TelemetryPipeline}: dedupe, 10 s / 1 min / 5 min windows with allowed lateness,
 * commune and province rollups, device status, device alerts with storm suppression) on a
 * local Flink MiniCluster, each figure next to a baseline measured in the same run.
 *
 * <p><b>Phase 1, throughput.</b> The simulator's readings for the default province ({@code Fleet.province} of
 * all 130 communes, as {@code ioc-stream up} and {@code ioc-stream sim} lay it out) over {@code minutes} simulated
 * minutes are generated into memory once, then replayed from memory as fast as possible, in event-time order per
 * source subtask, through (a) the full pipeline with discarding sinks and (b) a bare Flink job over the same source
 * and watermarks: keyBy(deviceId, metric) → one 1 min tumbling event-time window with a count aggregate →
 * discarding sink. Both run at each parallelism of {@code parallelisms} with each state backend of
 * {@code backends} ({@code state.backend.type}); a warm-up (both jobs over the first {@code warmupMinutes}) runs
 * once before. A run's time is from the first reading the source hands out to the last record reaching a sink
 * (MiniCluster start-up and shutdown excluded). The pipeline's 10 s windows must count every numeric reading
 * and the bare windows every reading: the harness checks both.
 *
 * <p><b>Phase 2, freshness.</b> An embedded QuestDB with the window tables; the pipeline writes its aggregates
 * through the real {@link TimeSeriesSink} (batch size, checkpoint interval and pipeline settings from
 * {@code IocConfig}'s defaults, parallelism {@code freshnessParallelism}, {@code freshnessBackend}). The
 * province's readings are paced in real time with event time = wall-clock time (each simulated second's readings
 * become due at the matching wall-clock second) for {@code freshnessSeconds}. A poller queries {@code /exec}
 * every {@code pollMillis} and notes, for every 10 s window, when its first row and when all its rows (the
 * numeric series the input has in that window) are visible; freshness = that time − the window's end. Windows
 * in the first {@code freshnessSkipSeconds} (job start) and those the end of input closes early are left out.
 * The baseline is what the job cannot beat: the max out-of-orderness (a window closes only once a reading that
 * much past its end has arrived), plus, for rows the sink holds until the next checkpoint, up to the checkpoint
 * interval.
 *
 * <p>Arguments ({@code key=value}, defaults in brackets): {@code phases} [throughput,freshness],
 * {@code minutes} of simulated input for phase 1 [10], {@code warmupMinutes} [2], {@code parallelisms} [1,2],
 * {@code backends} [hashmap,rocksdb], {@code checkpointSeconds} in phase 1, 0 = off [0], {@code seed} [42],
 * {@code freshnessSeconds} [120], {@code freshnessParallelism} [2], {@code freshnessBackend} [hashmap],
 * {@code freshnessSkipSeconds} [20], {@code pollMillis} [100].
 *
 * <p>Run with {@code frocksdbjni} before HiveMQ's {@code rocksdbjni} on the class path (see README.md): both
 * hold {@code org.rocksdb}, and Flink's RocksDB backend needs its own fork.
 */
public final class AnalyticsBenchmark {

    private static final String HOST = "127.0.0.1";
    private static final Instant SIMULATED_START = Instant.parse("2026-01-05T00:00:00Z");
    private static final Duration BARE_WINDOW = Duration.ofMinutes(1);
    private static final Duration FRESHNESS_WINDOW = Duration.ofSeconds(10);

    /**
     * The replayed input. The MiniCluster runs in this JVM with this class loader, so the source reads it from
     * here: nothing is serialized into the job graph and the source costs an array lookup per reading.
     */
    static volatile List<Either<DeadLetter, Reading>> input = List.of();
    /** Phase 2: the readings of each simulated second, stamped with wall-clock time as they are handed out. */
    static volatile List<Paced> pacedInput = List.of();
    static final AtomicLong FIRST_READING_NANOS = new AtomicLong();
    static final AtomicLong PACED_START_MILLIS = new AtomicLong();
    static final Map<String, LongAdder> SINK_RECORDS = new ConcurrentHashMap<>();
    static final Map<String, LongAdder> SINK_WEIGHT = new ConcurrentHashMap<>();
    static final AtomicLong LAST_SINK_NANOS = new AtomicLong();

    private AnalyticsBenchmark() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            run(BenchmarkArgs.parse(Map.ofEntries(Map.entry("phases", "throughput,freshness"),
                    Map.entry("minutes", "10"), Map.entry("warmupMinutes", "2"), Map.entry("parallelisms", "1,2"),
                    Map.entry("backends", "hashmap,rocksdb"), Map.entry("checkpointSeconds", "0"),
                    Map.entry("seed", "42"), Map.entry("freshnessSeconds", "120"),
                    Map.entry("freshnessParallelism", "2"), Map.entry("freshnessBackend", "hashmap"),
                    Map.entry("freshnessSkipSeconds", "20"), Map.entry("pollMillis", "100")), args));
        } catch (Throwable e) {
            e.printStackTrace();
            status = 1;
        }
        // QuestDB and Flink may leave non-daemon threads behind an exception; end the JVM either way
        System.exit(status);
    }

    private static void run(BenchmarkArgs args) throws Exception {
        System.out.println("Analytics pipeline: " + JvmFigures.environment() + ", " + args);
        System.out.println("org.rocksdb from " + codeSource("org.rocksdb.RocksDB"));
        IocConfig config = IocConfig.defaults();
        TelemetryPipelineOptions options = new TelemetryPipelineOptions(config.get(IocConfig.MAX_OUT_OF_ORDERNESS),
                config.get(IocConfig.ALLOWED_LATENESS), config.get(IocConfig.SOURCE_IDLENESS),
                TelemetryPipelineOptions.DEFAULT_WINDOWS);
        System.out.println("pipeline options (IocConfig defaults): " + options);
        Fleet fleet = Fleet.province(Communes.all());
        SignalModel signals = new SignalModel(Long.parseLong(args.string("seed")));
        System.out.printf(Locale.ROOT, "fleet: default province, %d communes, %d gateways, %d devices%n",
                Communes.all().size(), fleet.gateways().size(), fleet.devices().size());
        Path dir = Files.createTempDirectory("analytics-benchmark");
        Set<String> phases = Set.of(args.string("phases").split(","));
        if (phases.contains("throughput")) {
            throughput(args, fleet, signals, options, dir);
        }
        if (phases.contains("freshness")) {
            freshness(args, config, fleet, signals, options, dir);
        }
    }

    // ---------------------------------------------------------------- the one place that calls the pipeline

    /**
     * Assembles {@link TelemetryPipeline} from the harness's source and sinks: the only call of its API here, so
     * that a new source or sink parameter is added in one place.
     */
    private static void pipeline(StreamExecutionEnvironment env, Source<Either<DeadLetter, Reading>, ?, ?> source,
            TelemetryPipelineOptions options, Consumer<DataStream<WindowAggregate>> aggregates) {
        TelemetryPipeline.build(env, TelemetryPipeline.Sources.telemetryOnly(source,
                        TelemetryPipeline.watermarks(options)), options, AnalyticsOptions.standard(),
                new TelemetryPipeline.Sinks(aggregates, rows -> discard(rows, "commune"),
                        statuses -> discard(statuses, "device-status"), aqi -> discard(aqi, "aqi"),
                        alerts -> discard(alerts, "alerts"),
                        kpis -> discard(kpis, "kpis"), deadLetters -> discard(deadLetters, "deadletters")));
    }

    private static <T> void discard(DataStream<T> stream, String name) {
        stream.sinkTo(new Discard<>(name, any -> 1L)).name(name);
    }

    /** The baseline job: same source and watermarks, keyBy(device, metric), one 1 min window counting. */
    private static void bare(StreamExecutionEnvironment env, Source<Either<DeadLetter, Reading>, ?, ?> source,
            TelemetryPipelineOptions options) {
        env.fromSource(source, TelemetryPipeline.watermarks(options), "replay-source", TelemetryInput.TYPE)
                .keyBy(input -> input.right().getDeviceId() + "\u0000" + input.right().getMetric(), Types.STRING)
                .window(TumblingEventTimeWindows.of(BARE_WINDOW))
                .aggregate(new Count(), Types.LONG, Types.LONG)
                .name("count-1m")
                .sinkTo(new Discard<>("bare", count -> count))
                .name("discard");
    }

    // ---------------------------------------------------------------- phase 1: throughput

    private static void throughput(BenchmarkArgs args, Fleet fleet, SignalModel signals,
            TelemetryPipelineOptions options, Path dir) throws Exception {
        int minutes = args.integer("minutes");
        long generating = System.nanoTime();
        List<Either<DeadLetter, Reading>> all = simulate(fleet, signals, SIMULATED_START, minutes * 60L);
        System.out.printf(Locale.ROOT, "input: %,d readings over %d simulated minutes from %s (%,.0f readings per "
                        + "simulated second), generated in %.1f s; heap live %d MB%n", all.size(), minutes,
                SIMULATED_START, all.size() / (minutes * 60.0), (System.nanoTime() - generating) / 1e9,
                JvmFigures.mb(JvmFigures.heapAfterGc()));
        int[] parallelisms = Arrays.stream(args.string("parallelisms").split(",")).mapToInt(Integer::parseInt)
                .toArray();
        String[] backends = args.string("backends").split(",");
        int checkpointSeconds = args.integer("checkpointSeconds");

        int warmupReadings = (int) Math.min(all.size(), all.size() * (long) args.integer("warmupMinutes") / minutes);
        System.out.printf(Locale.ROOT, "warm-up: both jobs over the first %,d readings, %s, parallelism %d%n",
                warmupReadings, backends[0], parallelisms[0]);
        for (String job : List.of("pipeline", "bare")) {
            System.out.println("  " + measure(job, all.subList(0, warmupReadings), parallelisms[0], backends[0],
                    checkpointSeconds, options, dir));
        }

        List<String[]> rows = new ArrayList<>();
        for (String backend : backends) {
            for (int parallelism : parallelisms) {
                Run pipeline = measure("pipeline", all, parallelism, backend, checkpointSeconds, options, dir);
                System.out.println("  " + pipeline);
                Run bare = measure("bare", all, parallelism, backend, checkpointSeconds, options, dir);
                System.out.println("  " + bare);
                rows.add(new String[] {backend, String.valueOf(parallelism),
                        String.format(Locale.ROOT, "%,.0f (%,d in %.1f s)", pipeline.perSecond(), pipeline.readings,
                                pipeline.seconds),
                        String.format(Locale.ROOT, "%,.0f (%.1f s)", bare.perSecond(), bare.seconds),
                        String.format(Locale.ROOT, "%.2f", pipeline.perSecond() / bare.perSecond())});
            }
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "== Throughput: %,d readings, %d simulated minutes of the default province, "
                + "replayed from memory; checkpoints %s ==%n", all.size(), minutes,
                checkpointSeconds == 0 ? "off" : "every " + checkpointSeconds + " s");
        System.out.printf(Locale.ROOT, "%-8s %-11s %-36s %-26s %s%n", "backend", "parallelism",
                "pipeline readings/s", "bare readings/s", "pipeline/bare");
        for (String[] row : rows) {
            System.out.printf(Locale.ROOT, "%-8s %-11s %-36s %-26s %s%n", (Object[]) row);
        }
        System.out.printf(Locale.ROOT, "the default province sends %,.0f readings/s on average%n",
                all.size() / (minutes * 60.0));
        input = List.of();
    }

    private static Run measure(String job, List<Either<DeadLetter, Reading>> readings, int parallelism,
            String backend, int checkpointSeconds, TelemetryPipelineOptions options, Path dir) throws Exception {
        int count = readings.size() - readings.size() % parallelism;
        input = readings.subList(0, count);
        FIRST_READING_NANOS.set(0);
        LAST_SINK_NANOS.set(0);
        SINK_RECORDS.clear();
        SINK_WEIGHT.clear();
        System.gc();
        StreamExecutionEnvironment env = environment(parallelism, backend, checkpointSeconds, dir);
        DataGeneratorSource<Either<DeadLetter, Reading>> source = new DataGeneratorSource<>(
                new Replay(count / parallelism, parallelism), count, RateLimiterStrategy.noOp(), TelemetryInput.TYPE);
        long expected;
        String weightKey;
        if (job.equals("pipeline")) {
            pipeline(env, source, options, aggregates -> aggregates
                    .sinkTo(new Discard<>("aggregates", AnalyticsBenchmark::tenSecondCount)).name("discard"));
            expected = input.stream().filter(r -> r.right().getValue() != null).count();
            weightKey = "aggregates";
        } else {
            bare(env, source, options);
            expected = count;
            weightKey = "bare";
        }
        JobExecutionResult result = env.execute("analytics-benchmark-" + job);
        double seconds = (LAST_SINK_NANOS.get() - FIRST_READING_NANOS.get()) / 1e9;
        long counted = sum(SINK_WEIGHT, weightKey);
        if (counted != expected) {
            throw new IllegalStateException(job + ": the windows counted " + counted + " readings, expected "
                    + expected);
        }
        return new Run(job, backend, parallelism, count, seconds, result.getNetRuntime() / 1000.0,
                sum(SINK_RECORDS, weightKey), sum(SINK_RECORDS, "deadletters"));
    }

    private static long tenSecondCount(WindowAggregate aggregate) {
        long size = aggregate.getWindowEnd().toEpochMilli() - aggregate.getWindowStart().toEpochMilli();
        return size == 10_000 ? aggregate.getCount() : 0;
    }

    private static StreamExecutionEnvironment environment(int parallelism, String backend, int checkpointSeconds,
            Path dir) {
        Configuration conf = new Configuration();
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        conf.set(StateBackendOptions.STATE_BACKEND, backend);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(parallelism, conf);
        if (checkpointSeconds > 0) {
            env.enableCheckpointing(checkpointSeconds * 1000L);
        }
        return env;
    }

    private static long sum(Map<String, LongAdder> counters, String key) {
        LongAdder adder = counters.get(key);
        return adder == null ? 0 : adder.sum();
    }

    private record Run(String job, String backend, int parallelism, long readings, double seconds,
            double netRuntimeSeconds, long outputs, long deadLetters) {

        double perSecond() {
            return readings / seconds;
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%-8s %-7s p=%d: %,d readings in %.2f s = %,.0f readings/s "
                            + "(job net runtime %.1f s); %,d window results, %d dead letters", job, backend,
                    parallelism, readings, seconds, perSecond(), netRuntimeSeconds, outputs, deadLetters);
        }
    }

    // ---------------------------------------------------------------- the input

    /** The simulator's readings of every gateway, second by second, as the ingest would have put them on Kafka. */
    static List<Either<DeadLetter, Reading>> simulate(Fleet fleet, SignalModel signals, Instant from, long seconds) {
        List<Either<DeadLetter, Reading>> readings = new ArrayList<>();
        for (long s = 0; s < seconds; s++) {
            Instant time = from.plusSeconds(s);
            for (Gateway gateway : fleet.gateways()) {
                for (org.iocstream.sim.Reading reading : signals.readingsDue(gateway, time)) {
                    readings.add(TelemetryInput.of(toSchema(reading, time)));
                }
            }
        }
        return readings;
    }

    static Reading toSchema(org.iocstream.sim.Reading reading, Instant ingestTime) {
        return Reading.newBuilder()
                .setDeviceId(reading.device().id())
                .setMetric(reading.metric().name())
                .setTime(reading.time())
                .setValue(reading.metric().numeric() ? reading.value() : null)
                .setStringValue(reading.text())
                .setUnit(reading.metric().unit())
                .setCommune(reading.device().commune().code())
                .setGateway(reading.device().gateway())
                .setIngestProtocol("replay")
                .setIngestTime(ingestTime)
                .setKind(reading.device().kind().name())
                .build();
    }

    /**
     * Hands out {@link #input}: the source's count is split into {@code parallelism} equal contiguous index
     * ranges (DataGeneratorSource's splitting), and split k takes readings k, k + p, k + 2p, …, so that every
     * source subtask walks through the whole simulated span in time order, as Kafka partitions would.
     */
    private static final class Replay implements GeneratorFunction<Long, Either<DeadLetter, Reading>> {
        private final long perSplit;
        private final int parallelism;
        private transient List<Either<DeadLetter, Reading>> readings;

        Replay(long perSplit, int parallelism) {
            this.perSplit = perSplit;
            this.parallelism = parallelism;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            readings = input;
        }

        @Override
        public Either<DeadLetter, Reading> map(Long index) {
            if (FIRST_READING_NANOS.get() == 0) {
                FIRST_READING_NANOS.compareAndSet(0, System.nanoTime());
            }
            long split = index / perSplit;
            long position = index % perSplit;
            return readings.get((int) (position * parallelism + split));
        }
    }

    /** The bare job's aggregate: how many readings the window holds. */
    private static final class Count implements AggregateFunction<Either<DeadLetter, Reading>, Long, Long> {
        @Override
        public Long createAccumulator() {
            return 0L;
        }

        @Override
        public Long add(Either<DeadLetter, Reading> value, Long accumulator) {
            return accumulator + 1;
        }

        @Override
        public Long getResult(Long accumulator) {
            return accumulator;
        }

        @Override
        public Long merge(Long a, Long b) {
            return a + b;
        }
    }

    /** A sink that keeps nothing: it counts records (and what each stands for) and notes when the last came. */
    private static final class Discard<T> implements Sink<T> {
        private final String name;
        private final SerializableFunction<T, Long> weight;

        Discard(String name, SerializableFunction<T, Long> weight) {
            this.name = name;
            this.weight = weight;
        }

        @Override
        public SinkWriter<T> createWriter(WriterInitContext context) {
            LongAdder records = SINK_RECORDS.computeIfAbsent(name, n -> new LongAdder());
            LongAdder weights = SINK_WEIGHT.computeIfAbsent(name, n -> new LongAdder());
            return new SinkWriter<>() {
                @Override
                public void write(T element, Context context) {
                    records.increment();
                    weights.add(weight.apply(element));
                    LAST_SINK_NANOS.accumulateAndGet(System.nanoTime(), Math::max);
                }

                @Override
                public void flush(boolean endOfInput) {
                }

                @Override
                public void close() {
                }
            };
        }
    }

    // ---------------------------------------------------------------- phase 2: freshness

    private static void freshness(BenchmarkArgs args, IocConfig config, Fleet fleet, SignalModel signals,
            TelemetryPipelineOptions options, Path dir) throws Exception {
        int seconds = args.integer("freshnessSeconds");
        int parallelism = args.integer("freshnessParallelism");
        String backend = args.string("freshnessBackend");
        Duration checkpointInterval = config.get(IocConfig.FLINK_CHECKPOINT_INTERVAL);
        int batchSize = config.get(IocConfig.STORE_BATCH_SIZE);

        List<Paced> paced = new ArrayList<>();
        for (Either<DeadLetter, Reading> reading : simulate(fleet, signals, SIMULATED_START, seconds)) {
            paced.add(new Paced(reading.right().getTime().getEpochSecond() - SIMULATED_START.getEpochSecond(),
                    reading.right()));
        }
        int count = paced.size() - paced.size() % parallelism;
        pacedInput = paced.subList(0, count);
        System.out.println();
        System.out.printf(Locale.ROOT, "freshness: %,d readings over %d s paced in real time (%,.0f readings/s on "
                        + "average, each simulated second's readings at once), event time = wall clock; parallelism "
                        + "%d, %s, checkpoints every %d s, store batch %d lines%n", count, seconds,
                count / (double) seconds, parallelism, backend, checkpointInterval.toSeconds(), batchSize);

        try (EmbeddedQuestDb questDb = EmbeddedQuestDb.start(dir.resolve("questdb"), HOST, Ports.free(),
                Ports.free(), OptionalInt.empty())) {
            QuestDbAdmin admin = new QuestDbAdmin(questDb.httpUrl());
            admin.execAll(ReadingTables.questDbDdl(options.windowSizes()));
            StoreOptions store = new StoreOptions(questDb.httpUrl(), config.get(IocConfig.STORE_DATABASE), null, null,
                    batchSize, Duration.ofSeconds(30));

            PACED_START_MILLIS.set(0);
            StreamExecutionEnvironment env = environment(parallelism, backend, 0, dir);
            env.enableCheckpointing(checkpointInterval.toMillis());
            DataGeneratorSource<Either<DeadLetter, Reading>> source = new DataGeneratorSource<>(
                    new PacedReplay(count / parallelism, parallelism), count, new WallClockPacing(),
                    TelemetryInput.TYPE);
            pipeline(env, source, options, aggregates -> aggregates
                    .sinkTo(new TimeSeriesSink<>(store, ReadingTables::toPoint)).name("store-sink"));
            JobClient job = env.executeAsync("analytics-benchmark-freshness");

            String table = ReadingTables.tableFor(FRESHNESS_WINDOW);
            Map<Long, Long> firstSeen = new TreeMap<>();
            Map<Long, Long> completeAt = new TreeMap<>();
            Map<Long, Integer> expected = null;
            ObjectMapper json = new ObjectMapper();
            long pollMillis = args.integer("pollMillis");
            long lastReadingMillis = 0;
            long deadline = Long.MAX_VALUE;
            int polls = 0;
            double pollSeconds = 0;
            while (System.currentTimeMillis() < deadline) {
                long start = PACED_START_MILLIS.get();
                if (expected == null && start != 0) {
                    expected = seriesPerWindow(paced.subList(0, count), start);
                    lastReadingMillis = start + paced.get(count - 1).offsetSeconds * 1000;
                    System.out.println("  first reading handed out at " + Instant.ofEpochMilli(start));
                }
                if (job.getJobExecutionResult().isDone() && deadline == Long.MAX_VALUE) {
                    // the end of input closed the last windows: give the store a moment for the final rows
                    deadline = System.currentTimeMillis() + 10_000;
                }
                long before = System.nanoTime();
                JsonNode answer = json.readTree(admin.exec("SELECT timestamp, count() FROM " + table));
                pollSeconds += (System.nanoTime() - before) / 1e9;
                polls++;
                long now = System.currentTimeMillis();
                for (JsonNode row : answer.get("dataset")) {
                    long windowStart = Instant.parse(row.get(0).asText()).toEpochMilli();
                    long rows = row.get(1).asLong();
                    firstSeen.putIfAbsent(windowStart, now);
                    if (expected != null && rows >= expected.getOrDefault(windowStart, Integer.MAX_VALUE)) {
                        completeAt.putIfAbsent(windowStart, now);
                    }
                }
                Thread.sleep(pollMillis);
            }
            job.getJobExecutionResult().get();

            long start = PACED_START_MILLIS.get();
            long from = start + args.integer("freshnessSkipSeconds") * 1000L;
            // windows ending later than this were closed by the end of input, not by event time
            long closedByEventTimeUntil = lastReadingMillis - options.maxOutOfOrderness().toMillis();
            List<Long> first = new ArrayList<>();
            List<Long> complete = new ArrayList<>();
            int missing = 0;
            for (long windowStart : expected.keySet()) {
                long windowEnd = windowStart + FRESHNESS_WINDOW.toMillis();
                if (windowStart < from || windowEnd > closedByEventTimeUntil) {
                    continue;
                }
                if (!firstSeen.containsKey(windowStart) || !completeAt.containsKey(windowStart)) {
                    missing++;
                    continue;
                }
                first.add(firstSeen.get(windowStart) - windowEnd);
                complete.add(completeAt.get(windowStart) - windowEnd);
            }
            long floor = options.maxOutOfOrderness().toMillis();
            System.out.println();
            System.out.printf(Locale.ROOT, "== Freshness of the %s table: window end (wall clock) → rows visible in "
                    + "QuestDB, %d windows measured, %d never complete ==%n", table, first.size(), missing);
            System.out.println("first row visible   " + percentiles(first));
            System.out.println("all rows visible    " + percentiles(complete));
            System.out.printf(Locale.ROOT, "baseline            the job cannot beat %.1f s (max out-of-orderness: a "
                            + "window closes when a reading %d s past its end arrives); rows the sink holds until "
                            + "the next checkpoint add up to %d s: %.1f .. %.1f s%n", floor / 1000.0,
                    options.maxOutOfOrderness().toSeconds(), checkpointInterval.toSeconds(), floor / 1000.0,
                    (floor + checkpointInterval.toMillis()) / 1000.0);
            System.out.printf(Locale.ROOT, "polling             every %d ms, %d queries, %.0f ms each on average "
                    + "(resolution of the figures)%n", pollMillis, polls, polls == 0 ? 0 : pollSeconds * 1000 / polls);
        }
        pacedInput = List.of();
    }

    /** For each 10 s window start (epoch ms, wall clock): how many numeric series have readings in it. */
    private static Map<Long, Integer> seriesPerWindow(List<Paced> paced, long startMillis) {
        Map<Long, Set<String>> series = new HashMap<>();
        long size = FRESHNESS_WINDOW.toMillis();
        for (Paced reading : paced) {
            if (reading.template.getValue() == null) {
                continue;
            }
            long time = startMillis + reading.offsetSeconds * 1000;
            series.computeIfAbsent(time - Math.floorMod(time, size), w -> new HashSet<>())
                    .add(reading.template.getDeviceId() + "\u0000" + reading.template.getMetric());
        }
        Map<Long, Integer> counts = new TreeMap<>();
        series.forEach((window, keys) -> counts.put(window, keys.size()));
        return counts;
    }

    private static String percentiles(List<Long> millis) {
        if (millis.isEmpty()) {
            return "no windows";
        }
        List<Long> sorted = millis.stream().sorted().toList();
        return String.format(Locale.ROOT, "p50 %.1f s   p99 %.1f s   min %.1f s   max %.1f s", at(sorted, 0.50),
                at(sorted, 0.99), sorted.get(0) / 1000.0, sorted.get(sorted.size() - 1) / 1000.0);
    }

    private static double at(List<Long> sorted, double quantile) {
        int index = (int) Math.ceil(quantile * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index))) / 1000.0;
    }

    /** A reading of phase 2: its second within the run and its content; the time is stamped when handed out. */
    record Paced(long offsetSeconds, Reading template) {
    }

    /** The next paced reading's due time on this source thread (epoch ms), read by {@link WallClockPacing}. */
    private static final ThreadLocal<long[]> NEXT_DUE = ThreadLocal.withInitial(() -> new long[1]);
    private static final ScheduledExecutorService PACER = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "analytics-benchmark-pacer");
        thread.setDaemon(true);
        return thread;
    });

    /**
     * Hands out {@link #pacedInput} as {@link Replay} does, each reading stamped with the wall-clock second it is
     * due at: the run starts at the whole second in which the first reading is asked for.
     */
    private static final class PacedReplay implements GeneratorFunction<Long, Either<DeadLetter, Reading>> {
        private final long perSplit;
        private final int parallelism;
        private transient List<Paced> readings;

        PacedReplay(long perSplit, int parallelism) {
            this.perSplit = perSplit;
            this.parallelism = parallelism;
        }

        @Override
        public void open(SourceReaderContext readerContext) {
            readings = pacedInput;
            NEXT_DUE.get()[0] = 0;
        }

        @Override
        public Either<DeadLetter, Reading> map(Long index) {
            long now = System.currentTimeMillis();
            PACED_START_MILLIS.compareAndSet(0, now - now % 1000);
            long start = PACED_START_MILLIS.get();
            Paced paced = readings.get(listIndex(index));
            Instant time = Instant.ofEpochMilli(start + paced.offsetSeconds * 1000);
            // the next reading of this split, if any, tells the pacing when to let the source go on
            NEXT_DUE.get()[0] = (index + 1) % perSplit == 0 ? 0
                    : start + readings.get(listIndex(index + 1)).offsetSeconds * 1000;
            return TelemetryInput.of(Reading.newBuilder(paced.template).setTime(time)
                    .setIngestTime(Instant.ofEpochMilli(Math.max(now, time.toEpochMilli()))).build());
        }

        private int listIndex(long index) {
            return (int) ((index % perSplit) * parallelism + index / perSplit);
        }
    }

    /**
     * Lets the source hand out its next reading only at that reading's due time, without blocking the source
     * thread (checkpoints go on while it waits).
     */
    private static final class WallClockPacing implements RateLimiterStrategy<NumberSequenceSplit> {
        @Override
        public RateLimiter<NumberSequenceSplit> createRateLimiter(int parallelism) {
            return permits -> {
                long wait = NEXT_DUE.get()[0] - System.currentTimeMillis();
                if (wait <= 0) {
                    return CompletableFuture.completedFuture(null);
                }
                CompletableFuture<Void> due = new CompletableFuture<>();
                PACER.schedule(() -> due.complete(null), wait, TimeUnit.MILLISECONDS);
                return due;
            };
        }
    }

    private static String codeSource(String className) {
        try {
            return String.valueOf(Class.forName(className).getProtectionDomain().getCodeSource().getLocation());
        } catch (ClassNotFoundException | RuntimeException e) {
            return "nowhere (" + e + ")";
        }
    }
}
