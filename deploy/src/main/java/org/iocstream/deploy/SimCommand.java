package org.iocstream.deploy;

import java.io.BufferedWriter;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.iocstream.deploy.stack.SimulatedGateways;
import org.iocstream.sim.Commune;
import org.iocstream.sim.Communes;
import org.iocstream.sim.Fleet;
import org.iocstream.sim.GatewayFirmware;
import org.iocstream.sim.GatewayProtocol;
import org.iocstream.sim.GatewaySecrets;
import org.iocstream.sim.GatewaySimulation;
import org.iocstream.sim.GroundTruth;
import org.iocstream.sim.PublishSummary;
import org.iocstream.sim.Scenario;
import org.iocstream.sim.ScenarioFile;
import org.iocstream.sim.ScenarioTruth;
import org.iocstream.sim.SignalModel;
import org.iocstream.sim.TruthFile;
import org.iocstream.sim.load.LoadDriver;
import org.iocstream.sim.load.LoadFleet;
import org.iocstream.sim.load.LoadGatewayTransport;
import org.iocstream.sim.load.LoadRunOptions;
import org.iocstream.sim.load.LoadSummary;
import org.iocstream.sim.load.LoadTransportOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code ioc-stream sim}: simulated commune gateways against a running stack, or the truth of a run, or a load. */
@Command(name = "sim", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Runs simulated commune gateways against a running IOC Stream (ioc-stream up, or any MQTT "
                + "broker and CoAP ingest), prints a progress line every second, and stops after --duration or on "
                + "Ctrl-C.",
                "With --truth FILE it sends nothing and writes what a correct platform must make of the same run "
                        + "(windows, late, duplicate, lost readings and dead letters) as JSON Lines.",
                "With --load N it runs N gateways per commune on a few threads at --rate readings/s, for load "
                        + "tests.",
                "Examples:",
                "  ioc-stream sim --communes 10 --speed 60 --duration 1h",
                "  ioc-stream sim --scenario gateway-firmware-sim/scenarios/every-fault.yaml --protocol mixed",
                "  ioc-stream sim --start 2026-11-29T00:00:00Z --duration 1h --truth truth.jsonl",
                "  ioc-stream sim --load 39 --rate 20000 --duration 60s"})
final class SimCommand implements Callable<Integer> {

    @Option(names = "--communes", paramLabel = "N|CODES", description = "All 130 communes (all), the first N in "
            + "communes.csv order (urban wards first), or a comma-separated list of codes (default: all).")
    String communes = "all";

    @Option(names = "--layout", paramLabel = "province|uniform", description = "province: DOMAIN.md's devices per "
            + "commune by region behind gateways of about 50 devices; uniform: --devices-per-kind of every kind "
            + "behind one gateway per commune (default: province).")
    String layout = "province";

    @Option(names = "--devices-per-kind", paramLabel = "N", description = "With --layout uniform (default: 1).")
    int devicesPerKind = 1;

    @Option(names = "--protocol", paramLabel = "mqtt|mqtt3|coap|mixed", description = "How gateways send: MQTT 5, "
            + "MQTT 3.1.1, CoAP (confirmable, SenML JSON), or mixed: a quarter each over MQTT 5, MQTT 3.1.1, CoAP "
            + "JSON and CoAP CBOR (default: mqtt).")
    String protocol = "mqtt";

    @Option(names = "--mqtt-url", paramLabel = "URL", description = "MQTT broker (default: tcp://127.0.0.1:1883).")
    String mqttUrl = "tcp://127.0.0.1:1883";

    @Option(names = "--coap-url", paramLabel = "URL", description = "CoAP ingest: coaps:// posts over DTLS, each "
            + "gateway with its own PSK; coap:// posts plain (default: coaps://127.0.0.1:5684, or with --anonymous "
            + "coap://127.0.0.1:5683).")
    String coapUrl;

    @Option(names = "--gateway-registry", paramLabel = "FILE", description = "Gateway registry of the stack the "
            + "gateways send to: each simulated gateway is issued fresh credentials there, as 'ioc-stream gateway add' "
            + "would (default: ./ioc-data/gateways/registry.tsv, the one 'ioc-stream up' uses).")
    Path gatewayRegistry = Path.of("ioc-data", "gateways", "registry.tsv");

    @Option(names = "--anonymous", description = "Send without credentials, to a broker with mqtt.auth=none and, "
            + "over plain coap://, to a CoAP ingest with coap.plain-enabled=true.")
    boolean anonymous;

    @Option(names = "--seed", description = "Seed of every simulated value and fault (default: 42).")
    long seed = 42;

    @Option(names = "--start", paramLabel = "INSTANT|now", description = "Simulated start, e.g. "
            + "2026-11-29T00:00:00Z (default: now, to the second).")
    String start = "now";

    @Option(names = "--speed", paramLabel = "X|max", description = "Simulated seconds per wall-clock second; 60 "
            + "runs an hour a minute; max sends the span as fast as it is acknowledged (needs --duration) "
            + "(default: 1).")
    String speed = "1";

    @Option(names = "--rate", paramLabel = "READINGS/S", description = "Instead of --speed: the speed that makes the "
            + "fleet send this many readings per second. With --load: the target rate, 0 = as fast as "
            + "acknowledged.")
    Double rate;

    @Option(names = "--duration", paramLabel = "DURATION", description = "Simulated time to run (or, with --load, "
            + "wall-clock time), e.g. 90s, 10m, 1h; without it, runs until Ctrl-C.")
    String duration;

    @Option(names = "--scenario", paramLabel = "FILE", description = "Scenario file of faults (format in "
            + "gateway-firmware-sim/README.md); its relative times count from --start.")
    Path scenarioFile;

    @Option(names = "--fault", paramLabel = "SPEC", description = "A fault on top of the scenario, e.g. "
            + "'gateway-offline:at=+5m,for=10m,gateways=16681/gw-01,store-and-forward=true' or "
            + "'duplicate:at=+0s,for=1h,rate=0.1'; lists separate items with ';'. Repeatable.")
    List<String> faults = new ArrayList<>();

    @Option(names = "--truth", paramLabel = "FILE", description = "Send nothing: write the truth of [--start, "
            + "--start + --duration) to FILE as JSON Lines.")
    Path truthFile;

    @Option(names = "--truth-windows", paramLabel = "SIZES", split = ",", description = "Window sizes of the truth "
            + "(default: 10s,1m,5m, as the pipeline's).")
    List<String> truthWindows = List.of("10s", "1m", "5m");

    @Option(names = "--max-out-of-orderness", paramLabel = "DURATION", description = "The pipeline's allowed "
            + "disorder the truth assumes for lateness (default: 10s, as pipeline.max-out-of-orderness).")
    String maxOutOfOrderness = "10s";

    @Option(names = "--allowed-lateness", paramLabel = "DURATION", description = "How long after its window "
            + "closed the truth still counts a reading in it (default: 10m, as pipeline.allowed-lateness).")
    String allowedLateness = "10m";

    @Option(names = "--load", paramLabel = "GATEWAYS", description = "Load mode: this many gateways per commune "
            + "(gw-0001...), each relaying one device of every kind, on --io-threads threads over MQTT; paced by "
            + "--rate for --duration (default 60s). No scenario.")
    Integer loadGatewaysPerCommune;

    @Option(names = "--io-threads", description = "Load mode: network threads for all connections (default: 2).")
    int ioThreads = LoadTransportOptions.DEFAULT_IO_THREADS;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Commune> selected = Communes.select(communes);
        Instant startAt = start.equals("now") ? Instant.now().truncatedTo(ChronoUnit.SECONDS) : Instant.parse(start);
        PrintStream out = System.out;
        if (loadGatewaysPerCommune != null) {
            return load(selected, startAt, out);
        }
        Fleet fleet = switch (layout) {
            case "province" -> Fleet.province(selected);
            case "uniform" -> Fleet.of(selected, devicesPerKind);
            default -> throw usageError("--layout must be province or uniform, got '" + layout + "'");
        };
        Scenario scenario = scenarioFile == null ? Scenario.NONE : ScenarioFile.read(scenarioFile, startAt);
        for (String fault : faults) {
            scenario = scenario.with(ScenarioFile.fault(fault, startAt));
        }
        GatewayFirmware firmware = new GatewayFirmware(fleet, seed, scenario);
        Duration span = duration == null ? null : ScenarioFile.duration(duration);
        if (truthFile != null) {
            return writeTruth(firmware, startAt, span, out);
        }
        double perSecond = nominalReadingsPerSecond(fleet, startAt);
        GatewayProtocol gatewayProtocol = GatewayProtocol.of(protocol);
        out.printf(Locale.ROOT, "%d gateways, %d devices (%.0f readings/s at speed 1) over %s, scenario '%s' with %d"
                + " faults, from %s%n", fleet.gateways().size(), fleet.devices().size(), perSecond,
                protocol, scenario.name(), scenario.faults().size(), startAt);
        try (GatewaySimulation simulation = GatewaySimulation.open(firmware,
                gatewayProtocol.transport(fleet, mqttUrl, URI.create(coapUrl()), secrets(fleet)))) {
            ScheduledExecutorService reporter = progressReporter(simulation, out);
            try {
                if (speed.equals("max")) {
                    if (span == null) {
                        throw usageError("--speed max needs --duration");
                    }
                    PublishSummary sent = simulation.publishSpan(startAt, startAt.plus(span));
                    out.printf("done: %d messages and %d readings acknowledged, %d failed%n", sent.messages(),
                            sent.readings(), sent.failures());
                    return sent.failures() == 0 ? 0 : 1;
                }
                double factor = rate != null ? rate / perSecond : Double.parseDouble(speed);
                simulation.runLive(Clock.systemUTC(), factor, startAt);
                awaitEnd(span, factor);
            } finally {
                reporter.shutdownNow();
            }
        }
        return 0;
    }

    private int writeTruth(GatewayFirmware firmware, Instant startAt, Duration span, PrintStream out)
            throws Exception {
        if (span == null) {
            throw usageError("--truth needs --duration");
        }
        List<Duration> sizes = truthWindows.stream().map(ScenarioFile::duration).toList();
        ScenarioTruth truth = ScenarioTruth.of(firmware, startAt, startAt.plus(span),
                ScenarioFile.duration(maxOutOfOrderness), ScenarioFile.duration(allowedLateness), sizes);
        try (BufferedWriter writer = Files.newBufferedWriter(truthFile, StandardCharsets.UTF_8)) {
            TruthFile.write(truth, writer);
        }
        out.printf("truth of %s to %s written to %s: %d messages, %d readings accepted, %d dead letters%n", startAt,
                startAt.plus(span), truthFile, truth.messagesSent(), truth.readingsAccepted(),
                truth.deadLetters().size());
        return 0;
    }

    /** Fresh credentials for every gateway, issued in the registry of the stack they send to, unless anonymous. */
    private GatewaySecrets secrets(Fleet fleet) {
        return anonymous ? GatewaySecrets.none()
                : SimulatedGateways.provision(GatewayRegistry.open(gatewayRegistry, Clock.systemUTC()), fleet);
    }

    private int load(List<Commune> selected, Instant startAt, PrintStream out) throws Exception {
        if (scenarioFile != null || !faults.isEmpty() || truthFile != null) {
            throw usageError("--load runs the normal signals only: no --scenario, --fault or --truth");
        }
        Fleet fleet = LoadFleet.of(selected, loadGatewaysPerCommune);
        Duration runFor = duration == null ? Duration.ofSeconds(60) : ScenarioFile.duration(duration);
        try (LoadGatewayTransport transport = LoadGatewayTransport.create(
                LoadTransportOptions.forBroker(mqttUrl).withIoThreads(ioThreads), secrets(fleet))) {
            LoadSummary summary = LoadDriver.run(transport, fleet, new SignalModel(seed),
                    LoadRunOptions.paced(rate == null ? 0 : rate, runFor, startAt), out);
            out.println(summary);
            return summary.allAcknowledged() ? 0 : 1;
        }
    }

    private String coapUrl() {
        if (coapUrl != null) {
            return coapUrl;
        }
        return anonymous ? "coap://127.0.0.1:5683" : "coaps://127.0.0.1:5684";
    }

    /** A mistake in the options, reported by picocli with the usage. */
    private CommandLine.ParameterException usageError(String message) {
        return new CommandLine.ParameterException(spec.commandLine(), message);
    }

    /** Waits until simulated time has covered the span, or forever (until Ctrl-C) without one. */
    private static void awaitEnd(Duration span, double factor) throws InterruptedException {
        if (span == null) {
            new CountDownLatch(1).await();
        } else {
            TimeUnit.NANOSECONDS.sleep((long) Math.ceil(span.toNanos() / factor));
        }
    }

    private static ScheduledExecutorService progressReporter(GatewaySimulation simulation, PrintStream out) {
        ScheduledExecutorService reporter = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "ioc-sim-progress");
            thread.setDaemon(true);
            return thread;
        });
        long startNanos = System.nanoTime();
        long[] previousReadings = {0};
        reporter.scheduleAtFixedRate(() -> {
            PublishSummary now = simulation.summary();
            double elapsed = (System.nanoTime() - startNanos) / 1e9;
            out.printf(Locale.ROOT, "[%6.1fs] sent %d  acked %d msg %d rdg  failed %d  readings/s %d (avg %.0f)%n",
                    elapsed, simulation.messagesSent(), now.messages(), now.readings(), now.failures(),
                    now.readings() - previousReadings[0], now.readings() / elapsed);
            previousReadings[0] = now.readings();
        }, 1, 1, TimeUnit.SECONDS);
        return reporter;
    }

    /** The fleet's readings per simulated second, averaged over the first simulated hour. */
    private static double nominalReadingsPerSecond(Fleet fleet, Instant from) {
        return GroundTruth.readingCount(fleet, from, from.plus(Duration.ofHours(1))) / 3600.0;
    }
}
