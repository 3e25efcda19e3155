package org.iocstream.connectors.gateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.iocstream.connectors.files.SecretFiles;

/**
 * The gateways allowed to send, and the services allowed to read, kept in one file that every process shares:
 * {@code ioc-stream gateway add} writes it while {@code ioc-stream up} runs, and the running brokers and CoAP
 * ingest see the change within a second ({@link #refreshInterval}).
 *
 * <p>Per gateway it holds the MQTT password as a salted hash and the CoAP PSK in clear, since a DTLS server needs
 * the key itself; the file is therefore readable by its owner only. Changes are written to a new file moved into
 * place, under a lock file, so concurrent writers never lose each other's entries and readers never see half a
 * file.
 */
public final class GatewayRegistry {

    /** Whether an account is a gateway (publishes under its prefix) or a service such as the ingest (reads all). */
    public enum Role {
        GATEWAY, INGEST
    }

    /** One account; {@code coapPsk} is null for a service. */
    public record Account(Role role, String username, String mqttPasswordHash, String coapPsk, Instant issuedAt) {

        /** The gateway this account is; only for {@link Role#GATEWAY}. */
        public GatewayIdentity gateway() {
            if (role != Role.GATEWAY) {
                throw new IllegalStateException(username + " is a " + role + " account, not a gateway");
            }
            return GatewayIdentity.parse(username);
        }
    }

    /** Secrets as handed to an installer: shown once, never stored in clear except the PSK. */
    public record IssuedCredentials(GatewayIdentity gateway, String mqttUsername, String mqttPassword,
            String coapPskIdentity, String coapPsk) {
    }

    private static final String HEADER = "# IOC Stream gateway registry (written by ioc-stream; edit with 'ioc-stream "
            + "gateway'): role, MQTT username = PSK identity, MQTT password hash (mosquitto $7$), CoAP PSK, issued at";
    private static final int SECRET_BYTES = 24;
    private static final Duration DEFAULT_REFRESH = Duration.ofSeconds(1);

    private final Path file;
    private final Path lockFile;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    private final Duration refreshInterval;
    private volatile Map<String, Account> accounts = Map.of();
    private volatile FileTime loadedVersion;
    private volatile long checkedAtNanos;

    private GatewayRegistry(Path file, Clock clock, Duration refreshInterval) {
        this.file = file.toAbsolutePath();
        this.lockFile = this.file.resolveSibling(this.file.getFileName() + ".lock");
        this.clock = clock;
        this.refreshInterval = refreshInterval;
    }

    /** The registry kept in {@code file}; an absent file is an empty registry, created on the first change. */
    public static GatewayRegistry open(Path file, Clock clock) {
        GatewayRegistry registry = new GatewayRegistry(file, clock, DEFAULT_REFRESH);
        registry.reload();
        return registry;
    }

    public Path file() {
        return file;
    }

    /** New credentials for a gateway, replacing any it had. */
    public IssuedCredentials issue(GatewayIdentity gateway) {
        return issueAll(List.of(gateway)).get(gateway);
    }

    /** New credentials for each gateway (replacing any it had), written in one change. */
    public Map<GatewayIdentity, IssuedCredentials> issueAll(Collection<GatewayIdentity> gateways) {
        Map<GatewayIdentity, IssuedCredentials> issued = new LinkedHashMap<>();
        Instant now = clock.instant();
        for (GatewayIdentity gateway : gateways) {
            String password = newSecret();
            String psk = newSecret();
            issued.put(gateway, new IssuedCredentials(gateway, gateway.name(), password, gateway.name(), psk));
        }
        change(current -> {
            Map<String, Account> next = new LinkedHashMap<>(current);
            for (IssuedCredentials credentials : issued.values()) {
                next.put(credentials.mqttUsername(), new Account(Role.GATEWAY, credentials.mqttUsername(),
                        PasswordHash.create(credentials.mqttPassword(), random), credentials.coapPsk(), now));
            }
            return next;
        });
        return issued;
    }

    /** A new password for a service account (e.g. the ingest), replacing its old one; returns the password. */
    public String issueService(String username, Role role) {
        if (role == Role.GATEWAY || username.contains("/")) {
            throw new IllegalArgumentException("a service username has no '/', which gateway identities use");
        }
        String password = newSecret();
        Instant now = clock.instant();
        change(current -> {
            Map<String, Account> next = new LinkedHashMap<>(current);
            next.put(username, new Account(role, username, PasswordHash.create(password, random), null, now));
            return next;
        });
        return password;
    }

    /** Removes a gateway's credentials; true if it had any. Its open connections are not closed by this. */
    public boolean revoke(GatewayIdentity gateway) {
        boolean[] removed = new boolean[1];
        change(current -> {
            Map<String, Account> next = new LinkedHashMap<>(current);
            removed[0] = next.remove(gateway.name()) != null;
            return next;
        });
        return removed[0];
    }

    /** Every gateway account, by commune then gateway. */
    public List<Account> gateways() {
        refreshIfDue();
        List<Account> gateways = new ArrayList<>();
        for (Account account : accounts.values()) {
            if (account.role() == Role.GATEWAY) {
                gateways.add(account);
            }
        }
        gateways.sort(Comparator.comparing(Account::username));
        return gateways;
    }

    /**
     * Every account, gateways and services, in file order, as the file holds them now: for writing them elsewhere
     * (a broker's files), where a view up to a second old would leave out what another process just issued.
     */
    public List<Account> accounts() {
        reloadIfChanged();
        return List.copyOf(accounts.values());
    }

    /**
     * The account whose MQTT password this is; empty for an unknown user or a wrong password. Before it says no,
     * it looks whether the file changed since it was read, so that a gateway issued (or issued anew) by another
     * process a moment ago is admitted at once, not only after the next refresh.
     */
    public Optional<Account> authenticate(String username, byte[] password) {
        refreshIfDue();
        Optional<Account> account = passwordMatches(username, password);
        if (account.isEmpty() && reloadIfChanged()) {
            account = passwordMatches(username, password);
        }
        return account;
    }

    private Optional<Account> passwordMatches(String username, byte[] password) {
        Account account = accounts.get(username);
        if (account == null || password == null || !PasswordHash.matches(account.mqttPasswordHash(), password)) {
            return Optional.empty();
        }
        return Optional.of(account);
    }

    /** The CoAP PSK of the gateway whose DTLS identity this is; empty when it is unknown or revoked. */
    public Optional<byte[]> coapPsk(String pskIdentity) {
        refreshIfDue();
        Account account = accounts.get(pskIdentity);
        if (account == null || account.coapPsk() == null) {
            return Optional.empty();
        }
        return Optional.of(account.coapPsk().getBytes(StandardCharsets.US_ASCII));
    }

    private String newSecret() {
        byte[] secret = new byte[SECRET_BYTES];
        random.nextBytes(secret);
        // URL-safe base64 has no '%' (which coap-client -k and shells would mangle) and no '/'
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private void refreshIfDue() {
        long now = System.nanoTime();
        if (now - checkedAtNanos >= refreshInterval.toNanos()) {
            checkedAtNanos = now;
            reloadIfChanged();
        }
    }

    /** Reads the file again if it changed since it was read; true if it did. */
    private boolean reloadIfChanged() {
        if (Objects.equals(version(), loadedVersion)) {
            return false;
        }
        reload();
        return true;
    }

    private synchronized void reload() {
        FileTime version = version();
        accounts = version == null ? Map.of() : read();
        loadedVersion = version;
    }

    private FileTime version() {
        try {
            return Files.getLastModifiedTime(file);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gateway registry " + file, e);
        }
    }

    private synchronized void change(UnaryOperator<Map<String, Account>> update) {
        try {
            Files.createDirectories(file.getParent());
            try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
                    FileLock ignored = lockChannel.lock()) {
                Map<String, Account> next = update.apply(Files.exists(file) ? read() : Map.of());
                write(next);
                // in file order, as a reload would give it; nothing changes it after this
                accounts = Collections.unmodifiableMap(next);
                loadedVersion = version();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the gateway registry " + file, e);
        }
    }

    private Map<String, Account> read() {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Map.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gateway registry " + file, e);
        }
        Map<String, Account> read = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 5) {
                throw new IllegalStateException(file + " line " + (i + 1) + ": expected 5 tab-separated fields, found "
                        + fields.length);
            }
            Role role = Role.valueOf(fields[0].toUpperCase(Locale.ROOT));
            read.put(fields[1], new Account(role, fields[1], fields[2], fields[3].equals("-") ? null : fields[3],
                    Instant.parse(fields[4])));
        }
        return read;
    }

    private void write(Map<String, Account> next) throws IOException {
        StringBuilder text = new StringBuilder(HEADER).append('\n');
        for (Account account : next.values()) {
            text.append(account.role().name().toLowerCase(Locale.ROOT)).append('\t')
                    .append(account.username()).append('\t')
                    .append(account.mqttPasswordHash()).append('\t')
                    .append(account.coapPsk() == null ? "-" : account.coapPsk()).append('\t')
                    .append(account.issuedAt()).append('\n');
        }
        SecretFiles.replace(file, text.toString());
    }
}
