package org.iocstream.deploy;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class SimCommandTest {

    private static final String SCENARIO = "../gateway-firmware-sim/scenarios/every-fault.yaml";

    @TempDir
    Path dir;

    private int run(String... args) {
        return new CommandLine(new IocStreamCli()).execute(args);
    }

    private byte[] truth(String name, long seed, String... extra) throws IOException {
        Path file = dir.resolve(name);
        // the province layout of the four communes the example scenario names
        List<String> args = new ArrayList<>(List.of("sim", "--communes", "16681,16690,17143,16738",
                "--start", "2026-11-29T00:00:00Z", "--duration", "30m",
                "--seed", String.valueOf(seed), "--scenario", SCENARIO, "--truth", file.toString()));
        args.addAll(List.of(extra));
        assertThat(run(args.toArray(String[]::new))).isZero();
        return Files.readAllBytes(file);
    }

    @Test
    void theSameSeedAndScenarioWriteTheSameTruthFileAndAnotherSeedAnother() throws IOException {
        byte[] once = truth("once.jsonl", 42);

        assertThat(truth("again.jsonl", 42)).isEqualTo(once);
        assertThat(truth("other.jsonl", 43)).isNotEqualTo(once);
        String text = new String(once, UTF_8);
        assertThat(text.lines().findFirst().orElseThrow())
                .startsWith("{\"type\":\"summary\",\"scenario\":\"every-fault\",\"seed\":42,\"gateways\":13,");
        assertThat(text).contains("\"type\":\"dead-letter\",\"reason\":\"IDENTITY_MISMATCH\"")
                .contains("\"type\":\"delayed\"").contains("\"type\":\"lost\"").contains("\"type\":\"alert\"");
    }

    @Test
    void aFaultFlagAddsToTheScenario() throws IOException {
        String withFlag = new String(truth("flag.jsonl", 42, "--fault",
                "camera-down:at=+1m,for=10m,devices=16690-CAM-0003;16690-CAM-0004"),
                UTF_8);

        assertThat(withFlag).contains("\"rule\":\"camera-down\",\"subject\":\"16690-CAM-0004\"",
                "\"rule\":\"camera-down\",\"subject\":\"16690-CAM-0003\"");
    }

    @Test
    void helpNamesEveryOption() {
        StringWriter help = new StringWriter();
        CommandLine command = new CommandLine(new IocStreamCli());
        command.setOut(new PrintWriter(help));
        assertThat(command.execute("sim", "--help")).isZero();

        for (String option : List.of("--communes", "--layout", "--devices-per-kind", "--protocol", "--mqtt-url",
                "--coap-url", "--seed", "--start", "--speed", "--rate", "--duration", "--scenario", "--fault",
                "--truth", "--truth-windows", "--max-out-of-orderness", "--load", "--io-threads")) {
            assertThat(help.toString()).contains(option);
        }
    }
}
