package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Map;
import org.iocstream.connectors.gateway.GatewayIdentity;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.iocstream.deploy.config.IocConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MosquittoAuthFilesTest {

    @TempDir
    Path dir;

    @Test
    void everyAccountKeepsItsHashAndGetsOnlyTheTopicsOfItsRole() throws IOException {
        GatewayRegistry registry = GatewayRegistry.open(dir.resolve("registry.tsv"), Clock.systemUTC());
        registry.issueService("ioc-ingest", GatewayRegistry.Role.INGEST);
        registry.issue(new GatewayIdentity("16681", "gw-07"));
        registry.issue(new GatewayIdentity("17143", "gw-01"));
        Path passwordFile = dir.resolve("mosquitto").resolve("passwd");
        Path aclFile = dir.resolve("mosquitto").resolve("acl");

        MosquittoAuthFiles.write(registry, passwordFile, aclFile);

        assertThat(Files.readAllLines(passwordFile)).containsExactly(
                "ioc-ingest:" + hashOf(registry, "ioc-ingest"),
                "16681/gw-07:" + hashOf(registry, "16681/gw-07"),
                "17143/gw-01:" + hashOf(registry, "17143/gw-01"));
        assertThat(Files.readString(aclFile)).isEqualTo("# Written by IOC Stream from the gateway registry "
                + registry.file() + "; edits here are overwritten.\n"
                + "\n"
                + "user ioc-ingest\n"
                + "topic read ioc/v1/#\n"
                + "\n"
                + "user 16681/gw-07\n"
                + "topic readwrite ioc/v1/16681/gw-07/#\n"
                + "\n"
                + "user 17143/gw-01\n"
                + "topic readwrite ioc/v1/17143/gw-01/#\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(passwordFile))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(aclFile))).isEqualTo("rw-------");
    }

    @Test
    void aRevokedGatewayLeavesBothFilesOnTheNextWrite() throws IOException {
        GatewayRegistry registry = GatewayRegistry.open(dir.resolve("registry.tsv"), Clock.systemUTC());
        GatewayIdentity gateway = new GatewayIdentity("16681", "gw-07");
        registry.issue(gateway);
        Path passwordFile = dir.resolve("passwd");
        Path aclFile = dir.resolve("acl");
        MosquittoAuthFiles.write(registry, passwordFile, aclFile);
        assertThat(Files.readString(passwordFile)).contains("16681/gw-07:");

        registry.revoke(gateway);
        MosquittoAuthFiles.write(registry, passwordFile, aclFile);

        assertThat(Files.readString(passwordFile)).isEmpty();
        assertThat(Files.readString(aclFile)).doesNotContain("gw-07");
    }

    @Test
    void updateWritesTheConfiguredFilesAndThenRunsTheReloadCommand() throws Exception {
        GatewayRegistry registry = GatewayRegistry.open(dir.resolve("registry.tsv"), Clock.systemUTC());
        registry.issue(new GatewayIdentity("16681", "gw-07"));
        Path passwordFile = dir.resolve("passwd");
        Path reloaded = dir.resolve("reloaded");
        // the command sees the file already written
        IocConfig config = mosquittoConfig(passwordFile, "cp '" + passwordFile + "' '" + reloaded + "'");

        assertThat(MosquittoAuthFiles.update(config, registry)).isTrue();

        assertThat(reloaded).hasSameTextualContentAs(passwordFile);
        assertThat(Files.readString(reloaded)).startsWith("16681/gw-07:$7$");
    }

    @Test
    void aFailingReloadCommandFailsTheUpdateWithItsExitCodeAndOutput() {
        GatewayRegistry registry = GatewayRegistry.open(dir.resolve("registry.tsv"), Clock.systemUTC());
        IocConfig config = mosquittoConfig(dir.resolve("passwd"), "echo no such broker >&2; exit 3");

        assertThatThrownBy(() -> MosquittoAuthFiles.update(config, registry)).isInstanceOf(IOException.class)
                .hasMessageContaining("exit code 3").hasMessageContaining("no such broker");
    }

    @Test
    void nothingIsWrittenWithoutAuthenticationOrWithoutAPasswordFile() throws Exception {
        GatewayRegistry registry = GatewayRegistry.open(dir.resolve("registry.tsv"), Clock.systemUTC());
        Path passwordFile = dir.resolve("passwd");

        IocConfig open = mosquittoConfig(passwordFile, "").with(Map.of(IocConfig.MQTT_AUTH.key(), "none"));
        assertThat(MosquittoAuthFiles.update(open, registry)).isFalse();
        assertThat(MosquittoAuthFiles.update(IocConfig.defaults(), registry)).isFalse();

        assertThat(passwordFile).doesNotExist();
    }

    @Test
    void aPasswordFileWithoutAnAclFileIsRefused() {
        GatewayRegistry registry = GatewayRegistry.open(dir.resolve("registry.tsv"), Clock.systemUTC());
        IocConfig config = IocConfig.defaults().with(Map.of(IocConfig.MQTT_MOSQUITTO_PASSWORD_FILE.key(),
                dir.resolve("passwd").toString()));

        assertThatThrownBy(() -> MosquittoAuthFiles.update(config, registry))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mqtt.mosquitto-acl-file");
        assertThat(dir.resolve("passwd")).doesNotExist();
    }

    private IocConfig mosquittoConfig(Path passwordFile, String reloadCommand) {
        return IocConfig.defaults().with(Map.of(
                IocConfig.MQTT_MOSQUITTO_PASSWORD_FILE.key(), passwordFile.toString(),
                IocConfig.MQTT_MOSQUITTO_ACL_FILE.key(), dir.resolve("acl").toString(),
                IocConfig.MQTT_MOSQUITTO_RELOAD_COMMAND.key(), reloadCommand));
    }

    private static String hashOf(GatewayRegistry registry, String username) {
        return registry.accounts().stream().filter(a -> a.username().equals(username)).findFirst().orElseThrow()
                .mqttPasswordHash();
    }
}
