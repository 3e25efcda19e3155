package org.iocstream.connectors.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.iocstream.connectors.gateway.GatewayRegistry.Account;
import org.iocstream.connectors.gateway.GatewayRegistry.IssuedCredentials;
import org.iocstream.connectors.gateway.GatewayRegistry.Role;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayRegistryTest {

    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-29T08:00:00Z"), ZoneOffset.UTC);
    private static final GatewayIdentity GW07 = new GatewayIdentity("16681", "gw-07");
    private static final GatewayIdentity GW08 = new GatewayIdentity("16681", "gw-08");

    @TempDir
    Path dir;

    @Test
    void issuedCredentialsNameTheGatewayAndAuthenticateOnlyWithTheirOwnPassword() {
        GatewayRegistry registry = GatewayRegistry.open(dir.resolve("gateways.tsv"), CLOCK);
        IssuedCredentials gw07 = registry.issue(GW07);
        IssuedCredentials gw08 = registry.issue(GW08);

        assertThat(gw07.mqttUsername()).isEqualTo("16681/gw-07");
        assertThat(gw07.coapPskIdentity()).isEqualTo("16681/gw-07");
        assertThat(gw07.mqttPassword()).isNotEqualTo(gw08.mqttPassword()).hasSize(32).doesNotContain("%", "/");
        assertThat(registry.authenticate("16681/gw-07", bytes(gw07.mqttPassword())))
                .map(Account::gateway).contains(GW07);
        assertThat(registry.authenticate("16681/gw-07", bytes(gw08.mqttPassword()))).isEmpty();
        assertThat(registry.authenticate("16681/gw-09", bytes(gw07.mqttPassword()))).isEmpty();
        assertThat(registry.authenticate("16681/gw-07", null)).isEmpty();
        assertThat(registry.coapPsk("16681/gw-08")).map(String::new).contains(gw08.coapPsk());
        assertThat(registry.coapPsk("16681/gw-09")).isEmpty();
    }

    @Test
    void theFileKeepsNoPasswordInClearAndOnlyItsOwnerMayReadIt() throws Exception {
        Path file = dir.resolve("gateways.tsv");
        IssuedCredentials issued = GatewayRegistry.open(file, CLOCK).issue(GW07);

        String text = Files.readString(file);
        assertThat(text).doesNotContain(issued.mqttPassword()).contains("gateway\t16681/gw-07\t$7$101$");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void anotherProcessSeesAddsAndRevocationsFromTheSharedFile() {
        Path file = dir.resolve("gateways.tsv");
        GatewayRegistry stack = GatewayRegistry.open(file, CLOCK);
        String ingestPassword = stack.issueService("ioc-ingest", Role.INGEST);
        GatewayRegistry cli = GatewayRegistry.open(file, CLOCK);

        IssuedCredentials added = cli.issue(GW07);
        GatewayRegistry reopened = GatewayRegistry.open(file, CLOCK);
        assertThat(reopened.authenticate("16681/gw-07", bytes(added.mqttPassword()))).isPresent();
        assertThat(reopened.authenticate("ioc-ingest", bytes(ingestPassword))).map(Account::role).contains(Role.INGEST);
        assertThat(reopened.gateways()).extracting(Account::username).containsExactly("16681/gw-07");
        assertThat(reopened.gateways().get(0).issuedAt()).isEqualTo(CLOCK.instant());

        assertThat(cli.revoke(GW07)).isTrue();
        assertThat(cli.revoke(GW07)).isFalse();
        assertThat(GatewayRegistry.open(file, CLOCK).authenticate("16681/gw-07", bytes(added.mqttPassword())))
                .isEmpty();
        assertThat(GatewayRegistry.open(file, CLOCK).accounts()).extracting(Account::username)
                .containsExactly("ioc-ingest");
    }

    @Test
    void aGatewayIssuedByAnotherProcessAMomentAgoAuthenticatesAtOnce() {
        Path file = dir.resolve("gateways.tsv");
        GatewayRegistry stack = GatewayRegistry.open(file, CLOCK);
        // the stack has just looked at the file, so its next periodic look is up to a second away
        assertThat(stack.authenticate("16681/gw-07", bytes("a guess"))).isEmpty();

        IssuedCredentials added = GatewayRegistry.open(file, CLOCK).issue(GW07);

        assertThat(stack.authenticate("16681/gw-07", bytes(added.mqttPassword()))).isPresent();
    }

    @Test
    void reissuingReplacesTheOldSecrets() {
        GatewayRegistry registry = GatewayRegistry.open(dir.resolve("gateways.tsv"), CLOCK);
        IssuedCredentials first = registry.issue(GW07);
        IssuedCredentials second = registry.issueAll(List.of(GW07, GW08)).get(GW07);

        assertThat(registry.authenticate("16681/gw-07", bytes(first.mqttPassword()))).isEmpty();
        assertThat(registry.authenticate("16681/gw-07", bytes(second.mqttPassword()))).isPresent();
        assertThat(registry.gateways()).hasSize(2);
    }

    @Test
    void identitiesAreCommuneSlashGateway() {
        assertThat(GatewayIdentity.parse("16681/gw-07")).isEqualTo(GW07);
        assertThat(GW07.topicPrefix()).isEqualTo("ioc/v1/16681/gw-07/");
        assertThatThrownBy(() -> GatewayIdentity.parse("gw-07")).hasMessageContaining("{commune}/{gateway}");
        assertThatThrownBy(() -> GatewayIdentity.parse("1668/gw-07")).hasMessageContaining("5-digit");
        assertThatThrownBy(() -> GatewayIdentity.parse("16681/gw/07")).hasMessageContaining("gateway must be");
        assertThatThrownBy(() -> GatewayIdentity.parse("16681/#")).hasMessageContaining("gateway must be");
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
