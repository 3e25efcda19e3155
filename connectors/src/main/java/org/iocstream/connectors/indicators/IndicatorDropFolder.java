package org.iocstream.connectors.indicators;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.iocstream.connectors.ingest.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes feed documents dropped as files: {@code inbox/<source>/*.csv} and {@code *.json} under its root, the
 * subfolder naming the feed source (the file system's permissions are what authenticate it). A file is taken once
 * it has kept its size and modification time for a whole scan interval, so a writer should write under a name this
 * folder ignores (one starting with '.' or ending in anything but .csv or .json, e.g. {@code q3.csv.part}) and
 * rename it into place when complete; a file copied in slowly is then at worst refused, never half-published.
 *
 * <p>Each file taken is published all or nothing by {@link IndicatorFeedIngest}, then moved to
 * {@code done/<source>/} or, refused, to {@code rejected/<source>/} with a {@code .reason} text file next to it
 * (written first, so a refused file is never without its reason), under a name prefixed by the UTC time it was
 * taken. If Kafka does not acknowledge, the file stays in the inbox and is taken again at the next scan. Files are
 * only ever moved, never deleted.
 */
public final class IndicatorDropFolder implements AutoCloseable {

    public static final String INBOX = "inbox";
    public static final String DONE = "done";
    public static final String REJECTED = "rejected";
    public static final String PROTOCOL = "file";
    private static final Logger LOG = LoggerFactory.getLogger(IndicatorDropFolder.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private final Path root;
    private final IndicatorFeedIngest ingest;
    private final long maxBytes;
    private final Clock clock;
    private final ScheduledExecutorService scanner = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "indicator-drop-folder");
        thread.setDaemon(true);
        return thread;
    });
    /** Size and modification time of each candidate at the previous scan. */
    private Map<Path, FileState> previous = new HashMap<>();
    private final Set<Path> reportedIgnored = new HashSet<>();

    private record FileState(long size, FileTime modified) {
    }

    /**
     * @param root holds inbox/, done/ and rejected/, created if missing
     * @param maxBytes larger files are refused (FEED_TOO_LARGE)
     */
    public IndicatorDropFolder(Path root, IndicatorFeedIngest ingest, long maxBytes, Clock clock) throws IOException {
        this.root = root;
        this.ingest = ingest;
        this.maxBytes = maxBytes;
        this.clock = clock;
        for (String dir : new String[] {INBOX, DONE, REJECTED}) {
            Files.createDirectories(root.resolve(dir));
        }
    }

    /** Scans the inbox every {@code interval} from now on. */
    public void start(Duration interval) {
        scanner.scheduleWithFixedDelay(this::scanGuarded, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
        LOG.info("indicator drop folder {} scanned every {}", root.resolve(INBOX), interval);
    }

    public Path root() {
        return root;
    }

    private void scanGuarded() {
        try {
            scan();
        } catch (IOException | RuntimeException e) {
            // thrown out of the task, it would cancel every later scan
            LOG.error("scanning the indicator drop folder {} failed; trying again at the next scan", root, e);
        }
    }

    private void scan() throws IOException {
        Map<Path, FileState> current = new HashMap<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(root.resolve(INBOX))) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!Files.isDirectory(entry) || !FeedTokens.isValidSource(name)) {
                    ignoreOnce(entry, "not a folder named after a feed source (letters, digits, . _ -)");
                    continue;
                }
                try (DirectoryStream<Path> files = Files.newDirectoryStream(entry)) {
                    for (Path file : files) {
                        candidate(file).ifPresent(state -> current.put(file, state));
                    }
                }
            }
        }
        for (Map.Entry<Path, FileState> file : current.entrySet()) {
            if (file.getValue().equals(previous.get(file.getKey()))) {
                take(file.getKey(), file.getValue().size());
            }
        }
        previous = current;
    }

    private Optional<FileState> candidate(Path file) throws IOException {
        String name = file.getFileName().toString();
        if (name.startsWith(".") || FeedFormat.ofFileName(name).isEmpty()) {
            return Optional.empty(); // being written, or not a feed: left alone
        }
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        if (!attributes.isRegularFile()) {
            ignoreOnce(file, "not a regular file");
            return Optional.empty();
        }
        return Optional.of(new FileState(attributes.size(), attributes.lastModifiedTime()));
    }

    private void ignoreOnce(Path entry, String why) {
        if (reportedIgnored.add(entry)) {
            LOG.warn("indicator drop folder: ignoring {}: {}", entry, why);
        }
    }

    private void take(Path file, long size) throws IOException {
        String source = file.getParent().getFileName().toString();
        FeedFormat format = FeedFormat.ofFileName(file.getFileName().toString()).orElseThrow();
        IndicatorFeedIngest.Outcome outcome;
        if (size > maxBytes) {
            byte[] start;
            try (InputStream in = Files.newInputStream(file)) {
                start = in.readNBytes(IndicatorFeedIngest.DOCUMENT_PAYLOAD_CAP);
            }
            outcome = ingest.refuse(new IndicatorFeedIngest.Submission(source, PROTOCOL, file.toString(), format,
                    start), new Rejection(Rejection.FEED_TOO_LARGE, "the file has " + size + " bytes, more than the "
                            + maxBytes + " allowed (indicators.max-body-kib); split it"));
        } else {
            try {
                outcome = ingest.submit(new IndicatorFeedIngest.Submission(source, PROTOCOL, file.toString(), format,
                        Files.readAllBytes(file)));
            } catch (IndicatorFeedIngest.PublishException e) {
                LOG.warn("{} stays in the inbox and is taken again at the next scan: {}", file, e.getMessage());
                return;
            }
        }
        Path target = target(root.resolve(outcome.isAccepted() ? DONE : REJECTED).resolve(source),
                file.getFileName().toString());
        if (!outcome.isAccepted()) {
            StringBuilder reasons = new StringBuilder();
            outcome.rejections().forEach(r -> reasons.append(r.rejection().reasonCode()).append(": ")
                    .append(r.rejection().message()).append('\n'));
            Files.writeString(reasonFile(target), reasons, StandardCharsets.UTF_8);
        }
        Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
        LOG.info("indicator drop folder: {} {} and moved to {}", file,
                outcome.isAccepted() ? "published (" + outcome.accepted() + " values)" : "refused", target);
    }

    /** A name in {@code dir} that neither a file nor a reason file has yet, prefixed with the time taken. */
    private Path target(Path dir, String name) throws IOException {
        Files.createDirectories(dir);
        String stamp = STAMP.format(clock.instant());
        Path target = dir.resolve(stamp + "-" + name);
        for (int n = 2; Files.exists(target) || Files.exists(reasonFile(target)); n++) {
            target = dir.resolve(stamp + "-" + n + "-" + name);
        }
        return target;
    }

    /** The reason file of a refused file: its name plus {@code .reason}. */
    public static Path reasonFile(Path rejected) {
        return rejected.resolveSibling(rejected.getFileName() + ".reason");
    }

    /** Stops scanning; a file being taken is finished first (up to 30 s). */
    @Override
    public void close() throws InterruptedException {
        scanner.shutdown();
        if (!scanner.awaitTermination(30, TimeUnit.SECONDS)) {
            LOG.warn("indicator drop folder: a file was still being taken at close; it stays in the inbox");
            scanner.shutdownNow();
        }
    }
}
