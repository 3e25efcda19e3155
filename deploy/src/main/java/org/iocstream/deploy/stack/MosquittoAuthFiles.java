package org.iocstream.deploy.stack;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.iocstream.connectors.files.SecretFiles;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.iocstream.deploy.config.IocConfig;

/**
 * Mosquitto's {@code password_file} and {@code acl_file} made from the gateway registry, for an external Mosquitto
 * with {@code mqtt.auth=registry}: every account with its {@code $7$} hash unchanged, each gateway allowed to read
 * and write only under its own {@code ioc/v1/{commune}/{gateway}/}, the ingest to read {@code ioc/v1/#}
 * (which covers its {@code $share/...} subscription) and to write nothing.
 *
 * <p>The ACL names every user: a {@code pattern readwrite ioc/v1/%u/#} line would do for gateways, whose username
 * holds the slash, but Mosquitto applies patterns to every user, so it would also let {@code ioc-ingest} write
 * under {@code ioc/v1/ioc-ingest/}.
 */
public final class MosquittoAuthFiles {

    private static final Duration RELOAD_TIMEOUT = Duration.ofSeconds(30);
    /** Mosquitto refuses ':' in a username and denies every ACL check for one with '+' or '#'. */
    private static final Pattern USABLE_USERNAME = Pattern.compile("[^\\s:+#]+");

    private MosquittoAuthFiles() {
    }

    /**
     * What the stack and {@code ioc-stream gateway add|revoke} call after a change to the registry: with
     * {@code mqtt.auth=registry} and {@code mqtt.mosquitto-password-file} set, writes both files and runs
     * {@code mqtt.mosquitto-reload-command} (if set). Mosquitto rereads the files on that signal, shortly after the
     * command returns, not before.
     *
     * @return whether the files were written
     * @throws IOException if a file cannot be written or the reload command fails (its output in the message)
     */
    public static boolean update(IocConfig config, GatewayRegistry registry) throws IOException, InterruptedException {
        String passwordFile = config.get(IocConfig.MQTT_MOSQUITTO_PASSWORD_FILE);
        String aclFile = config.get(IocConfig.MQTT_MOSQUITTO_ACL_FILE);
        if (config.get(IocConfig.MQTT_AUTH) != IocConfig.MqttAuth.REGISTRY || passwordFile.isEmpty()) {
            return false;
        }
        if (aclFile.isEmpty()) {
            throw new IllegalArgumentException(IocConfig.MQTT_MOSQUITTO_PASSWORD_FILE.key() + " is set but "
                    + IocConfig.MQTT_MOSQUITTO_ACL_FILE.key() + " is not: without its ACL Mosquitto would let every "
                    + "gateway publish anywhere");
        }
        write(registry, Path.of(passwordFile), Path.of(aclFile));
        String reloadCommand = config.get(IocConfig.MQTT_MOSQUITTO_RELOAD_COMMAND);
        if (!reloadCommand.isEmpty()) {
            reload(reloadCommand);
        }
        return true;
    }

    /**
     * Writes both files from the registry's file as it is now, each replaced in one step (a new owner-only file
     * moved into place), under a lock next to the password file: of two processes writing at once, the later one
     * has read the later registry.
     */
    public static void write(GatewayRegistry registry, Path passwordFile, Path aclFile) throws IOException {
        Path lockFile = passwordFile.resolveSibling(passwordFile.getFileName() + ".lock");
        createParent(passwordFile);
        createParent(aclFile);
        try (FileChannel lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock ignored = lockChannel.lock()) {
            List<GatewayRegistry.Account> accounts = registry.accounts();
            SecretFiles.replace(passwordFile, passwordFileText(accounts));
            SecretFiles.replace(aclFile, aclFileText(accounts, registry.file()));
        }
    }

    /** One {@code username:hash} line per account. */
    static String passwordFileText(List<GatewayRegistry.Account> accounts) {
        StringBuilder text = new StringBuilder();
        for (GatewayRegistry.Account account : accounts) {
            text.append(usable(account.username())).append(':').append(account.mqttPasswordHash()).append('\n');
        }
        return text.toString();
    }

    /** A {@code user} block per account with the only topics its role may use. */
    static String aclFileText(List<GatewayRegistry.Account> accounts, Path registryFile) {
        StringBuilder text = new StringBuilder("# Written by IOC Stream from the gateway registry " + registryFile
                + "; edits here are overwritten.\n");
        for (GatewayRegistry.Account account : accounts) {
            text.append('\n').append("user ").append(usable(account.username())).append('\n');
            switch (account.role()) {
                case GATEWAY -> text.append("topic readwrite ").append(account.gateway().topicPrefix()).append("#\n");
                case INGEST -> text.append("topic read ioc/v1/#\n");
            }
        }
        return text.toString();
    }

    private static String usable(String username) {
        if (!USABLE_USERNAME.matcher(username).matches()) {
            throw new IllegalStateException("the gateway registry holds the username '" + username + "', which "
                    + "Mosquitto cannot use (no whitespace, ':', '+' or '#')");
        }
        return username;
    }

    private static void reload(String command) throws IOException, InterruptedException {
        // output to a file, not a pipe: a chatty command cannot block on a full pipe while this waits for it
        Path output = Files.createTempFile("mosquitto-reload", ".log");
        try {
            Process process = new ProcessBuilder("/bin/sh", "-c", command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(RELOAD_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException("the Mosquitto reload command '" + command + "' did not finish within "
                        + RELOAD_TIMEOUT);
            }
            if (process.exitValue() != 0) {
                String said = Files.readString(output, StandardCharsets.UTF_8).strip();
                throw new IOException("the Mosquitto reload command '" + command + "' failed with exit code "
                        + process.exitValue() + (said.isEmpty() ? "" : ": " + said));
            }
        } finally {
            Files.deleteIfExists(output);
        }
    }

    private static void createParent(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
    }
}
