package org.iocstream.deploy.stack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobCancellationException;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.state.rocksdb.RocksDBOptions;
import org.iocstream.deploy.config.IocConfig;
import org.iocstream.deploy.embedded.Ports;
import org.iocstream.jobs.telemetry.TelemetryJob;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the telemetry job on a Flink MiniCluster (with its web UI) in this process. It resumes from the newest
 * savepoint or retained checkpoint under its directory, and stops with a savepoint, so a second start carries
 * on where the first stopped: same Kafka offsets, same open windows. (If the savepoint fails, the job is
 * cancelled and the next start resumes from the last retained checkpoint; rows written since are re-written as
 * upserts.) Older savepoints and the checkpoints a savepoint supersedes are deleted.
 */
public final class TelemetryJobRunner implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TelemetryJobRunner.class);

    /** Savepoints kept in the data directory; older ones are deleted after each successful stop. */
    static final int SAVEPOINTS_KEPT = 2;

    private final JobClient job;
    private final Path checkpoints;
    private final Path savepoints;
    private final String host;
    private final int webPort;

    private TelemetryJobRunner(JobClient job, Path checkpoints, Path savepoints, String host, int webPort) {
        this.job = job;
        this.checkpoints = checkpoints;
        this.savepoints = savepoints;
        this.host = host;
        this.webPort = webPort;
    }

    /**
     * @param flinkDir where checkpoints, savepoints and RocksDB's working files are kept
     */
    public static TelemetryJobRunner start(TelemetryJob.Settings settings, Path flinkDir, String host, int webPort,
            int parallelism, Duration checkpointInterval, IocConfig.StateBackend stateBackend) throws Exception {
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
        if (stateBackend == IocConfig.StateBackend.ROCKSDB) {
            conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
            conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
            conf.set(RocksDBOptions.LOCAL_DIRECTORIES, flinkDir.resolve("rocksdb").toAbsolutePath().toString());
        } else {
            conf.set(StateBackendOptions.STATE_BACKEND, "hashmap");
        }
        Optional<Path> resumeFrom = newestRecoveryPoint(checkpoints, savepoints);
        resumeFrom.ifPresent(path -> conf.set(StateRecoveryOptions.SAVEPOINT_PATH, path.toUri().toString()));

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(conf);
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpointInterval.toMillis());
        TelemetryJob.define(env, settings);
        JobClient job = env.executeAsync(TelemetryJob.NAME);
        LOG.info("telemetry job {} submitted with {} state{}", job.getJobID(), stateBackend,
                resumeFrom.map(p -> ", resuming from " + p).orElse(" (fresh start)"));
        return new TelemetryJobRunner(job, checkpoints, savepoints, host, webPort);
    }

    public String webUrl() {
        return "http://" + host + ":" + webPort;
    }

    public JobStatus status() throws Exception {
        CompletableFuture<JobExecutionResult> result = job.getJobExecutionResult();
        if (!result.isDone()) {
            try {
                return job.getJobStatus().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | IllegalStateException e) {
                // the per-job MiniCluster shuts down as soon as its job ends, and can then no longer be asked
                result.handle((done, error) -> null).get(1, TimeUnit.MINUTES);
            }
        }
        return endStatus(result);
    }

    private static JobStatus endStatus(CompletableFuture<JobExecutionResult> result) {
        try {
            result.getNow(null);
            return JobStatus.FINISHED;
        } catch (CompletionException | CancellationException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof JobCancellationException) {
                    return JobStatus.CANCELED;
                }
            }
            return JobStatus.FAILED;
        }
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
            pruneRecoveryPoints(checkpoints.resolve(job.getJobID().toString()), savepoints, SAVEPOINTS_KEPT);
        } catch (ExecutionException | TimeoutException e) {
            // the retained checkpoints still allow a resume, with re-written (upserted) rows since the last one
            LOG.warn("stop-with-savepoint failed ({}); cancelling; the next start resumes from the last checkpoint",
                    e.getMessage());
            job.cancel().get(1, TimeUnit.MINUTES);
        }
        job.getJobExecutionResult().handle((result, error) -> null).get(2, TimeUnit.MINUTES);
        // the per-job MiniCluster shuts down asynchronously once the job has ended; wait for its web port
        Ports.awaitFree("Flink MiniCluster", host, List.of(webPort), Instant.now().plus(Duration.ofMinutes(1)));
    }

    /**
     * After a successful savepoint: deletes the stopped job's checkpoints (the savepoint supersedes them) and all
     * but the newest {@code kept} savepoints.
     */
    static void pruneRecoveryPoints(Path jobCheckpoints, Path savepoints, int kept) throws IOException {
        deleteTree(jobCheckpoints);
        List<Path> newestFirst;
        try (Stream<Path> all = Files.list(savepoints)) {
            newestFirst = all.filter(Files::isDirectory)
                    .sorted(Comparator.comparing(TelemetryJobRunner::modified).reversed())
                    .toList();
        }
        for (Path old : newestFirst.subList(Math.min(kept, newestFirst.size()), newestFirst.size())) {
            deleteTree(old);
        }
    }

    /** Deletes a tree that Flink may still be pruning itself (it subsumes old checkpoints asynchronously). */
    private static void deleteTree(Path path) throws IOException {
        if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
            List<Path> children;
            try (Stream<Path> list = Files.list(path)) {
                children = list.toList();
            } catch (NoSuchFileException gone) {
                return;
            }
            for (Path child : children) {
                deleteTree(child);
            }
        }
        Files.deleteIfExists(path);
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
