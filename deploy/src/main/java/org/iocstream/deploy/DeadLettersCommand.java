package org.iocstream.deploy;

import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.iocstream.connectors.kafka.DeadLetterReader;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.schemas.DeadLetter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code ioc-stream deadletters}: what the platform refused lately, and why, from ioc.deadletter.v1. */
@Command(name = "deadletters", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Lists the dead letters of ioc.deadletter.v1 since a time, oldest first: when, the reason code, "
                + "where it came from (protocol, topic or path, commune/gateway), the message, and the start of the "
                + "raw payload; then a count by reason.",
                "Examples:",
                "  ioc-stream deadletters --since 10m",
                "  ioc-stream deadletters --since 1h --reason IDENTITY_MISMATCH --commune 16681"})
final class DeadLettersCommand implements Callable<Integer> {

    /** How much of a payload a line shows: enough to recognise it, never a whole pack. */
    private static final int PAYLOAD_PREVIEW = 60;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT", description = "Kafka (default: "
            + "127.0.0.1:9092, the embedded broker of ioc-stream up).")
    String bootstrapServers = "127.0.0.1:" + IocConfig.KAFKA_PORT.defaultValue();

    @Option(names = "--since", paramLabel = "DURATION", description = "How far back, e.g. 90s, 10m, 2h "
            + "(default: 1h).")
    String since = "1h";

    @Option(names = "--reason", paramLabel = "CODE", description = "Only this reason code, e.g. MALFORMED_SENML; "
            + "repeatable.")
    List<String> reasons = new ArrayList<>();

    @Option(names = "--commune", paramLabel = "CODE", description = "Only dead letters of this commune.")
    String commune;

    @Option(names = "--gateway", paramLabel = "NAME", description = "Only dead letters of this gateway, e.g. gw-01.")
    String gateway;

    @Option(names = "--limit", paramLabel = "N", description = "Show at most the newest N (default: 200); the "
            + "counts by reason cover them all.")
    int limit = 200;

    @Option(names = "--timeout", paramLabel = "DURATION", description = "How long reading the topic may take "
            + "(default: 30s).")
    String timeout = "30s";

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        Instant from = Instant.now().minus(IocConfig.parseDuration(since)).truncatedTo(ChronoUnit.SECONDS);
        List<DeadLetter> matching = DeadLetterReader.since(bootstrapServers, from, IocConfig.parseDuration(timeout))
                .stream().map(DeadLetterReader.Entry::letter).filter(this::wanted).toList();
        List<DeadLetter> shown = matching.subList(Math.max(0, matching.size() - limit), matching.size());
        for (DeadLetter letter : shown) {
            out.println(line(letter));
        }
        Map<String, Integer> byReason = new TreeMap<>();
        matching.forEach(letter -> byReason.merge(letter.getReasonCode(), 1, Integer::sum));
        out.printf(Locale.ROOT, "%d dead letters since %s%s%n", matching.size(), from,
                shown.size() < matching.size() ? " (the newest " + shown.size() + " shown)" : "");
        byReason.forEach((reason, count) -> out.printf(Locale.ROOT, "  %-22s %d%n", reason, count));
        out.flush();
        return 0;
    }

    private boolean wanted(DeadLetter letter) {
        return (reasons.isEmpty() || reasons.contains(letter.getReasonCode()))
                && (commune == null || commune.equals(letter.getCommune()))
                && (gateway == null || gateway.equals(letter.getGateway()));
    }

    /** One dead letter on one line: when, why, from where, what it says, and how its payload starts. */
    static String line(DeadLetter letter) {
        String origin = letter.getCommune() == null ? "" : letter.getCommune() + "/" + letter.getGateway() + " ";
        return String.format(Locale.ROOT, "%s  %-20s %s %s %s| %s | payload: %s", letter.getReceivedAt(),
                letter.getReasonCode(), letter.getProtocol(), letter.getSource(), origin, letter.getMessage(),
                preview(letter.getPayload()));
    }

    /** The payload's first bytes as text, with control characters and undecodable bytes shown as dots. */
    private static String preview(ByteBuffer payload) {
        ByteBuffer bytes = payload.duplicate();
        byte[] start = new byte[Math.min(bytes.remaining(), PAYLOAD_PREVIEW)];
        bytes.get(start);
        StringBuilder text = new StringBuilder();
        for (char c : new String(start, StandardCharsets.UTF_8).toCharArray()) {
            text.append(c < 0x20 || c == '\uFFFD' ? '.' : c);
        }
        int rest = payload.remaining() - start.length;
        return text + (rest > 0 ? "... (" + payload.remaining() + " bytes)" : "");
    }
}
