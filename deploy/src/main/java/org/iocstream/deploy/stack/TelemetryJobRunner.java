package org.iocstream.deploy.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.iocstream.jobs.telemetry.TelemetryJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the telemetry job on a Flink MiniCluster (with its web UI) in this process. It resumes from the newest
 * savepoint or retained checkpoint under its directory, and stops with a savepoint, so a second start carries
 * on exactly where the first stopped: same Kafka offsets, same open windows.
 */
public final class TelemetryJobRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryJobRunner.class);

    private final JobClient job;
    private final Path savepoints;
    private final String webUrl;

    private TelemetryJobRunner(JobClient job, Path savepoints, String webUrl) {
        this.job = job;
        this.savepoints = savepoints;
        this.webUrl = webUrl;
    }

    /**
     * @param flinkDir where checkpoints and savepoints are kept
     */
    public static TelemetryJobRunner start(TelemetryJob.Settings settings, Path flinkDir, String host, int webPort,
            int parallelism, Duration checkpointInterval) throws Exception {
        Path checkpoints = flinkDir.resolve("checkpoints").toAbsolutePath();
        Path savepoints = flinkDir.resolve("savepoints").toAbsolutePath();
        Files.createDirectories(checkpoints);
        Files.createDirectories(savepoints);

        Configuration conf = new Configuration();
        conf.set(RestOptions.BIND_ADDRESS, host);
        conf.set(RestOptions.ADDRESS, host);
        conf.set(RestOptions.PORT, webPort);
        conf.set(TaskManagerOptions.NUM_TASK_SLOTS, parallelism);
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepoints.toUri().toString());
        conf.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(CheckpointingOptions.MAX_RETAINED_CHECKPOINTS, 2);
        Optional<Path> resumeFrom = newestRecoveryPoint(checkpoints, savepoints);
        resumeFrom.ifPresent(path -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path.toUri().toString()));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpointInterval.toMillis());
        TelemetryJob.define(env, settings);
        JobClient job = env.executeAsync(TelemetryJob.NAME);
        LOG.info("telemetry job {} submitted{}", job.getJobID(),
                resumeFrom.map(p -> ", resuming from " + p).orElse(" (fresh start)"));
        return new TelemetryJobRunner(job, savepoints, "http://" + host + ":" + webPort);
    }

    public String webUrl() {
        return webUrl;
    }

    public JobStatus status() throws Exception {
        return job.getJobStatus().get(10, TimeUnit.SECONDS);
    }

    /** Stops the job with a savepoint so the next start resumes from it. */
    @Override
    public void close() throws Exception {
        JobStatus status = status();
        if (status.isGloballyTerminalState()) {
            LOG.warn("telemetry job already {}: no savepoint taken", status);
            return;
        }
        try {
            String savepoint = job.stopWithSavepoint(false, savepoints.toUri().toString(),
                    SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            LOG.info("telemetry job stopped with savepoint {}", savepoint);
        } catch (ExecutionException | TimeoutException e) {
            // the retained checkpoints still allow a resume, with re-written (upserted) rows since the last one
            LOG.warn("stop-with-savepoint failed ({}); cancelling; the next start resumes from the last checkpoint",
                    e.getMessage());
            job.cancel().get(1, TimeUnit.MINUTES);
        }
        job.getJobExecutionResult().handle((result, error) -> null).get(2, TimeUnit.MINUTES);
    }

    /** The newest savepoint or completed retained checkpoint (a directory with a _metadata file). */
    static Optional<Path> newestRecoveryPoint(Path checkpoints, Path savepoints) {
        try (Stream<Path> fromCheckpoints = Files.find(checkpoints, 3, TelemetryJobRunner::isCompleted);
                Stream<Path> fromSavepoints = Files.find(savepoints, 2, TelemetryJobRunner::isCompleted)) {
            return Stream.concat(fromCheckpoints, fromSavepoints)
                    .max(Comparator.comparing(TelemetryJobRunner::modified))
                    .map(Path::getParent);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot look for Flink checkpoints in " + checkpoints, e);
        }
    }

    private static boolean isCompleted(Path path, java.nio.file.attribute.BasicFileAttributes attributes) {
        return attributes.isRegularFile() && path.getFileName().toString().equals("_metadata");
    }

    private static FileTime modified(Path path) {
        try {
            return Files.getLastModifiedTime(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
