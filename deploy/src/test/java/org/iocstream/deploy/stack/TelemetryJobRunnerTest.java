package org.iocstream.deploy.stack;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TelemetryJobRunnerTest {

    private static final Instant T0 = Instant.parse("2026-11-29T08:00:00Z");

    @TempDir
    Path flink;

    /** A completed checkpoint or savepoint: a directory with a _metadata file written at the given minute. */
    private Path recoveryPoint(String relative, int minute, boolean completed) throws IOException {
        Path dir = Files.createDirectories(flink.resolve(relative));
        if (completed) {
            Path metadata = Files.writeString(dir.resolve("_metadata"), "x");
            Files.setLastModifiedTime(metadata, FileTime.from(T0.plusSeconds(60L * minute)));
        }
        Files.setLastModifiedTime(dir, FileTime.from(T0.plusSeconds(60L * minute)));
        return dir;
    }

    @Test
    void resumesFromTheNewestCompletedCheckpointOrSavepoint() throws IOException {
        Files.createDirectories(flink.resolve("checkpoints"));
        Files.createDirectories(flink.resolve("savepoints"));
        assertThat(TelemetryJobRunner.newestRecoveryPoint(flink.resolve("checkpoints"), flink.resolve("savepoints")))
                .isEmpty();

        recoveryPoint("savepoints/savepoint-a", 1, true);
        Path checkpoint = recoveryPoint("checkpoints/job1/chk-7", 5, true);
        recoveryPoint("checkpoints/job1/chk-8", 9, false); // in progress when the process died: no _metadata
        assertThat(TelemetryJobRunner.newestRecoveryPoint(flink.resolve("checkpoints"), flink.resolve("savepoints")))
                .contains(checkpoint);

        Path savepoint = recoveryPoint("savepoints/savepoint-b", 7, true);
        assertThat(TelemetryJobRunner.newestRecoveryPoint(flink.resolve("checkpoints"), flink.resolve("savepoints")))
                .contains(savepoint);
    }

    @Test
    void aSuccessfulStopKeepsTheNewestSavepointsAndDropsTheJobsCheckpoints() throws IOException {
        recoveryPoint("savepoints/savepoint-1", 1, true);
        recoveryPoint("savepoints/savepoint-2", 2, true);
        Path newer = recoveryPoint("savepoints/savepoint-3", 3, true);
        Path newest = recoveryPoint("savepoints/savepoint-4", 4, true);
        recoveryPoint("checkpoints/stopped-job/chk-3", 3, true);
        Path otherJob = recoveryPoint("checkpoints/other-job/chk-1", 0, true);

        TelemetryJobRunner.pruneRecoveryPoints(flink.resolve("checkpoints/stopped-job"), flink.resolve("savepoints"), 2);

        try (var left = Files.list(flink.resolve("savepoints"))) {
            assertThat(left).containsExactlyInAnyOrder(newer, newest);
        }
        assertThat(flink.resolve("checkpoints/stopped-job")).doesNotExist();
        assertThat(otherJob).exists();
    }
}
