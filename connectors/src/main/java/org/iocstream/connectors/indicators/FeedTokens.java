package org.iocstream.connectors.indicators;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.iocstream.connectors.files.SecretFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bearer tokens of the indicator feed sources, one line {@code source=sha256:<hex>} each in a properties file.
 * Only SHA-256 hashes are kept: a token is 32 random bytes, so a plain hash is enough to make a stolen file
 * useless, and an operator can compute one with {@code sha256sum}. The file is read again when it changes, so a
 * source is added or revoked without a restart; a file that no longer reads keeps the tokens of before.
 *
 * <p>If the file does not exist, {@link #open} creates it with one source, {@value #DEMO_SOURCE}, whose token it
 * writes in clear beside it ({@code demo.token}, owner-only like the file) for the README's examples.
 */
public final class FeedTokens {

    public static final String DEMO_SOURCE = "demo";
    public static final String DEMO_TOKEN_FILE = "demo.token";
    private static final Pattern SOURCE = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final Pattern HASH = Pattern.compile("sha256:[0-9a-f]{64}");
    private static final Logger LOG = LoggerFactory.getLogger(FeedTokens.class);

    private final Path file;
    private volatile Loaded loaded;

    /** The sources by token hash, and the file's modification time they were read at. */
    private record Loaded(FileTime modified, Map<String, byte[]> hashBySource) {
    }

    private FeedTokens(Path file, Loaded loaded) {
        this.file = file;
        this.loaded = loaded;
    }

    /**
     * The tokens of the file, created with the demo source first if it does not exist.
     *
     * @throws IllegalStateException if a line of the file is not {@code source=sha256:<64 hex digits>}
     */
    public static FeedTokens open(Path file, SecureRandom random) throws IOException {
        if (!Files.exists(file)) {
            createWithDemoSource(file, random);
        }
        return new FeedTokens(file, read(file));
    }

    /** Whether a name can be a feed source (and a drop-folder subfolder): letters, digits, '.', '_', '-'. */
    public static boolean isValidSource(String name) {
        return SOURCE.matcher(name).matches();
    }

    /** How a token is written in the file. */
    public static String hash(String token) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    /** The source whose token this is; empty for an unknown token. */
    public Optional<String> authenticate(String token) {
        byte[] presented = hash(token).getBytes(StandardCharsets.US_ASCII);
        String owner = null;
        for (Map.Entry<String, byte[]> entry : current().hashBySource().entrySet()) {
            // compares every entry in constant time, so the answer's timing tells nothing about the tokens
            if (MessageDigest.isEqual(presented, entry.getValue())) {
                owner = entry.getKey();
            }
        }
        return Optional.ofNullable(owner);
    }

    private Loaded current() {
        Loaded known = loaded;
        try {
            if (!Files.getLastModifiedTime(file).equals(known.modified())) {
                loaded = read(file);
                LOG.info("indicator feed tokens read again from {}: sources {}", file,
                        loaded.hashBySource().keySet());
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("cannot read the indicator feed tokens {} again; the tokens read before stay valid: {}", file,
                    e.getMessage());
        }
        return loaded;
    }

    private static Loaded read(Path file) throws IOException {
        FileTime modified = Files.getLastModifiedTime(file);
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, byte[]> hashBySource = new LinkedHashMap<>();
        for (String source : properties.stringPropertyNames()) {
            String hash = properties.getProperty(source).trim();
            if (!isValidSource(source) || !HASH.matcher(hash).matches()) {
                throw new IllegalStateException(file + ": the line for '" + source + "' must be source=sha256:<64 "
                        + "lower-case hex digits of the token's SHA-256>, the source made of letters, digits, . _ -");
            }
            hashBySource.put(source, hash.getBytes(StandardCharsets.US_ASCII));
        }
        return new Loaded(modified, hashBySource);
    }

    private static void createWithDemoSource(Path file, SecureRandom random) throws IOException {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        SecretFiles.replace(dir.resolve(DEMO_TOKEN_FILE), token + "\n");
        SecretFiles.replace(file, "# Indicator feed sources: source=sha256:<SHA-256 of the bearer token in hex>\n"
                + "# e.g. printf %s \"$TOKEN\" | sha256sum\n" + DEMO_SOURCE + "=" + hash(token) + "\n");
        LOG.info("created {} with the source '{}'; its token is in {}", file, DEMO_SOURCE,
                dir.resolve(DEMO_TOKEN_FILE));
    }
}
