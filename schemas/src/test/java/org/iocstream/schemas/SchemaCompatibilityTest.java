package org.iocstream.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every schema must stay backward- and forward-compatible with each of its earlier committed versions, so
 * that consumers and producers of different releases can share a topic. The history comes from git: every
 * commit that touched the .avsc file, oldest first, then the working copy.
 */
class SchemaCompatibilityTest {

    private static final Path SCHEMA_DIR = Path.of("src/main/avro");

    static Stream<Path> schemaFiles() throws IOException {
        try (Stream<Path> files = Files.list(SCHEMA_DIR)) {
            return files.filter(f -> f.toString().endsWith(".avsc")).sorted().toList().stream();
        }
    }

    @Test
    void everyRecordOfTheArchitectureHasASchema() throws IOException {
        // the architecture's six, GatewayStatus (ioc.status.v1), which the ingest added for gateways' Last Wills,
        // OperatorCommand (ioc.commands.v1), the operators' acknowledgements of alerts, the rows of the commune_1m
        // and device_status tables, KpiValue, the rows of the indicator table, and AqiValue, the rows of the aqi table
        assertThat(schemaFiles().map(f -> f.getFileName().toString()))
                .containsExactlyInAnyOrder("Reading.avsc", "IndicatorValue.avsc", "WindowAggregate.avsc",
                        "Alert.avsc", "DeviceInfo.avsc", "DeadLetter.avsc", "GatewayStatus.avsc",
                        "OperatorCommand.avsc", "CommuneAggregate.avsc", "DeviceStatus.avsc", "KpiValue.avsc",
                        "AqiValue.avsc");
    }

    @ParameterizedTest
    @MethodSource("schemaFiles")
    void staysCompatibleWithEveryCommittedVersion(Path file) throws Exception {
        assumeThat(Git.available()).as("git history is needed to find the committed versions").isTrue();
        Schema current = parse(Files.readString(file));

        assertThat(Git.isShallow()).as("a shallow clone hides the schema history; fetch it with --unshallow").isFalse();

        List<String> history = Git.committedVersions(file);
        for (String committed : history) {
            assertMutuallyCompatible(parse(committed), current, file.getFileName().toString());
            assertSameLogicalTypes(parse(committed), current, file.getFileName().toString());
        }
    }

    @Test
    void theLogicalTypeCheckCatchesAUnitChange() throws IOException {
        String reading = Files.readString(SCHEMA_DIR.resolve("Reading.avsc"));
        Schema millis = parse(reading.replaceFirst("timestamp-micros", "timestamp-millis"));

        // Avro resolves long to long happily, although every time would now be read 1000 times off
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(millis, parse(reading)).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(logicalTypeMismatches(parse(reading), millis)).containsExactly("time");
    }

    /** Avro's resolution ignores logical types, so a field's unit could change silently; we forbid it. */
    private static void assertSameLogicalTypes(Schema older, Schema newer, String name) {
        assertThat(logicalTypeMismatches(older, newer))
                .as("%s: fields whose logical type changed (add a new field instead)", name).isEmpty();
    }

    private static List<String> logicalTypeMismatches(Schema older, Schema newer) {
        List<String> mismatches = new ArrayList<>();
        for (Schema.Field field : newer.getFields()) {
            Schema.Field before = older.getField(field.name());
            if (before != null && !logicalTypes(before.schema()).equals(logicalTypes(field.schema()))) {
                mismatches.add(field.name());
            }
        }
        return mismatches;
    }

    private static List<String> logicalTypes(Schema schema) {
        List<Schema> branches = schema.getType() == Schema.Type.UNION ? schema.getTypes() : List.of(schema);
        return branches.stream()
                .map(branch -> branch.getLogicalType() == null ? "-" : branch.getLogicalType().getName())
                .toList();
    }

    @Test
    void theCheckCatchesAnIncompatibleChange() throws IOException {
        Schema current = parse(Files.readString(SCHEMA_DIR.resolve("Reading.avsc")));
        // adding a required field without a default: new readers cannot read old data
        String broken = Files.readString(SCHEMA_DIR.resolve("Reading.avsc"))
                .replace("\"fields\": [", "\"fields\": [{\"name\": \"quality\", \"type\": \"int\"},");

        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(parse(broken), current).getType())
                .isEqualTo(SchemaCompatibilityType.INCOMPATIBLE);
    }

    private static void assertMutuallyCompatible(Schema older, Schema newer, String name) {
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(newer, older).getType())
                .as("%s: the new schema must read data written with the committed one (backward)", name)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(older, newer).getType())
                .as("%s: the committed schema must read data written with the new one (forward)", name)
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }

    private static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    /** Reads committed versions of a file with the git command line. */
    private static final class Git {
        static boolean available() {
            try {
                return run("git", "rev-parse", "--is-inside-work-tree").trim().equals("true");
            } catch (IOException e) {
                return false;
            }
        }

        static boolean isShallow() throws IOException {
            return run("git", "rev-parse", "--is-shallow-repository").trim().equals("true");
        }

        static List<String> committedVersions(Path file) throws IOException {
            String path = file.toString();
            List<String> versions = new ArrayList<>();
            if (runAllowingFailure("git", "rev-parse", "--verify", "--quiet", "HEAD") == null) {
                return versions; // a repository without commits has no committed version yet
            }
            for (String commit : run("git", "log", "--reverse", "--format=%H", "--", path).split("\n")) {
                if (!commit.isBlank()) {
                    // the file may have been deleted in some commit of its history; skip those
                    String content = runAllowingFailure("git", "show", commit + ":./" + path);
                    if (content != null) {
                        versions.add(content);
                    }
                }
            }
            return versions;
        }

        private static String run(String... command) throws IOException {
            String out = runAllowingFailure(command);
            if (out == null) {
                throw new IOException("command failed: " + String.join(" ", command));
            }
            return out;
        }

        private static String runAllowingFailure(String... command) throws IOException {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            try {
                return process.waitFor() == 0 ? out : null;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while running git", e);
            }
        }
    }
}
