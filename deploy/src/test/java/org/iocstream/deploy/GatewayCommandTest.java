package org.iocstream.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import org.iocstream.connectors.gateway.GatewayRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class GatewayCommandTest {

    @TempDir
    Path dataDir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        CommandLine cli = new CommandLine(new IocStreamCli());
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private GatewayRegistry registry() {
        return GatewayRegistry.open(dataDir.resolve("gateways").resolve("registry.tsv"), Clock.systemUTC());
    }

    @Test
    void addPrintsCredentialsTheRegistryAcceptsAndWhereToUseThem() throws Exception {
        assertThat(run("gateway", "add", "--commune", "16681", "--gateway", "gw-07", "--json",
                "--data-dir", dataDir.toString(), "--set", "mqtt.port=11883")).isZero();

        JsonNode sheet = new ObjectMapper().readTree(out.toString());
        assertThat(sheet.path("mqtt").path("url").asText()).isEqualTo("tcp://127.0.0.1:11883");
        assertThat(sheet.path("mqtt").path("username").asText()).isEqualTo("16681/gw-07");
        assertThat(sheet.path("mqtt").path("topicPrefix").asText()).isEqualTo("ioc/v1/16681/gw-07/");
        assertThat(sheet.path("coap").path("url").asText())
                .isEqualTo("coaps://127.0.0.1:5684/ioc/v1/16681/gw-07/telemetry");
        assertThat(sheet.path("coap").path("pskIdentity").asText()).isEqualTo("16681/gw-07");
        String password = sheet.path("mqtt").path("password").asText();
        assertThat(registry().authenticate("16681/gw-07", password.getBytes(UTF_8))).isPresent();
        assertThat(registry().coapPsk("16681/gw-07")).map(key -> new String(key, UTF_8))
                .contains(sheet.path("coap").path("psk").asText());
    }

    @Test
    void theTextSheetGivesCopyPasteCommandsWithTheNewSecrets() {
        assertThat(run("gateway", "add", "--commune", "16681", "--gateway", "gw-07",
                "--data-dir", dataDir.toString())).isZero();

        String text = out.toString();
        String password = text.replaceFirst("(?s).*username 16681/gw-07, password (\\S+)\n.*", "$1");
        assertThat(registry().authenticate("16681/gw-07", password.getBytes(UTF_8))).isPresent();
        assertThat(text).contains("mosquitto_pub -h 127.0.0.1 -p 1883 -u '16681/gw-07' -P '" + password
                + "' -q 1 -t ioc/v1/16681/gw-07/telemetry -f pack.json");
        assertThat(text).containsPattern("coap-client-openssl .* -u '16681/gw-07' -k '\\S+' "
                + "coaps://127.0.0.1:5684/ioc/v1/16681/gw-07/telemetry");
    }

    @Test
    void listShowsProvisionedGatewaysAndRevokeRemovesThem() {
        run("gateway", "add", "--commune", "16690", "--gateway", "gw-02", "--data-dir", dataDir.toString());
        run("gateway", "add", "--commune", "16681", "--gateway", "gw-07", "--data-dir", dataDir.toString());

        assertThat(run("gateway", "list", "--data-dir", dataDir.toString())).isZero();
        assertThat(out.toString()).containsSubsequence("16681/gw-07", "16690/gw-02", "2 gateway(s) in");

        assertThat(run("gateway", "revoke", "--commune", "16681", "--gateway", "gw-07",
                "--data-dir", dataDir.toString())).isZero();
        assertThat(registry().gateways()).extracting(GatewayRegistry.Account::username).containsExactly("16690/gw-02");
        assertThat(run("gateway", "revoke", "--commune", "16681", "--gateway", "gw-07",
                "--data-dir", dataDir.toString())).isEqualTo(1);
        assertThat(err.toString()).contains("16681/gw-07 is not provisioned");
    }

    @Test
    void aNameThatCouldNotBeATopicLevelIsAUsageError() {
        assertThat(run("gateway", "add", "--commune", "16681", "--gateway", "gw/07",
                "--data-dir", dataDir.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("gateway must be");
        assertThat(registry().gateways()).isEmpty();
    }
}
