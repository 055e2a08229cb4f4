package dev.ferry.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.FerryConfig;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.source.sync.ReplicationRefusedException;
import dev.ferry.testing.JobGraphs;
import dev.ferry.testing.LiveConfig;
import dev.ferry.testing.ReplicaProgress;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.SourceWriter;
import dev.ferry.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.checkpoint.CompletedCheckpointStats;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.util.ExceptionUtils;
import org.apache.flink.util.FileUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * A live migration job that loses its TaskManager, is cancelled, or loses its target while the source is written, and
 * recovers as {@code ferry run} sets it up ({@link JobRecovery}): from the last checkpoint. Lost while streaming, it
 * continues the replication ({@code +CONTINUE}, no second full sync); lost in the middle of the snapshot and restarted
 * where its spool is not (another machine), it starts over with a full sync; a target that crashes and comes back
 * after more restarts than the job used to allow (with its AOF, so what it acknowledged survives) is written again
 * from the last checkpoint. The target ends equal to the source. A source that offers only the old SYNC fails the
 * job at once, without restarts.
 *
 * <p>The application writes idempotent commands only ({@link SourceWriter#startIdempotent}): a restart from a
 * checkpoint applies what followed it again (at-least-once, README Limits). The MiniCluster is this class's own, so
 * a test can stop its TaskManager and start another.
 */
class LiveRecoveryITCase {
    private static final int STRINGS = 20_000;

    @RegisterExtension
    static final SourceAndTarget SERVERS = SourceAndTarget.filledWith(j -> {
        TestData.fillStrings(j, STRINGS, 32);
        TestData.fillMixed(j, 1);
    });

    private static MiniCluster cluster;
    /** The MiniCluster keeps stopped TaskManagers in its list: the index of the one running. */
    private static int taskManager;

    @BeforeAll
    static void startCluster() throws Exception {
        try (Jedis s = SERVERS.source().jedis()) {
            // the writer goes on while the job restarts: the backlog holds what it writes meanwhile
            s.configSet("repl-backlog-size", "64mb");
        }
        cluster = new MiniCluster(new MiniClusterConfiguration.Builder().setNumTaskManagers(1).setNumSlotsPerTaskManager(2)
                .build());
        cluster.start();
    }

    @AfterAll
    static void stopCluster() throws Exception {
        cluster.close();
    }

    @Test
    void aTaskManagerLostWhileStreamingRestartsFromTheCheckpointByContinue(@TempDir Path dir) throws Exception {
        try (SourceWriter writer = SourceWriter.startIdempotent(SERVERS::source, 41)) {
            JobID job = cluster.submitJob(JobGraphs.recoverable(config(dir), null)).get().getJobID();
            ReplicaProgress.awaitAcked(SERVERS.source(), false); // a checkpoint of the stream phase is complete
            writer.awaitMoreOps(200); // and the source went on after it
            long fullSyncs = ReplicaProgress.stat(SERVERS.source(), "sync_full");
            long partialSyncs = ReplicaProgress.stat(SERVERS.source(), "sync_partial_ok");

            replaceTaskManager();
            awaitContinuedThenEqual(writer, fullSyncs, partialSyncs);
            cancel(job);
        }
    }

    @Test
    void aTaskManagerLostInTheMiddleOfTheSnapshotWithItsSpoolStartsOverWithAFullSync(@TempDir Path dir)
            throws Exception {
        // one command in flight: the snapshot takes a while, and checkpoints complete inside it
        FerryConfig cfg = config(dir, "pipeline_count_limit = 1", "rdb_restore_command_behavior = \"rewrite\"");
        try (SourceWriter writer = SourceWriter.startIdempotent(SERVERS::source, 42)) {
            JobID job = cluster.submitJob(JobGraphs.recoverable(cfg, null)).get().getJobID();
            awaitCheckpointWithKeysWritten(job, STRINGS / 10);
            long fullSyncs = ReplicaProgress.stat(SERVERS.source(), "sync_full");

            // the restarted job runs where the spool is not: on another machine, as far as it can tell
            cluster.terminateTaskManager(taskManager).get(1, TimeUnit.MINUTES);
            FileUtils.deleteDirectory(dir.resolve("spool").toFile());
            cluster.startTaskManager();
            taskManager++;
            assertThat(SERVERS.targetKeys()).as("lost in the middle of the snapshot").isLessThan(STRINGS);
            ReplicaProgress.awaitStat(SERVERS.source(), "sync_full", fullSyncs + 1);
            writer.awaitMoreOps(200); // during the second full sync
            writer.stopAndJoin();
            ReplicaProgress.awaitCaughtUp(SERVERS.source());
            SERVERS.assertTargetEqualsSource();
            cancel(job);
        }
    }

    @Test
    void cancelledWhileStreamingResumesFromItsRetainedCheckpointByContinue(@TempDir Path dir) throws Exception {
        FerryConfig cfg = config(dir);
        try (SourceWriter writer = SourceWriter.startIdempotent(SERVERS::source, 43)) {
            JobID first = cluster.submitJob(JobGraphs.recoverable(cfg, null)).get().getJobID();
            ReplicaProgress.awaitAcked(SERVERS.source(), false);
            writer.awaitMoreOps(200);
            cancel(first);
            CompletedCheckpointStats retained = cluster.getArchivedExecutionGraph(first).get().getCheckpointStatsSnapshot()
                    .getHistory().getLatestCompletedCheckpoint();
            assertThat(retained).as("a completed checkpoint").isNotNull();
            long fullSyncs = ReplicaProgress.stat(SERVERS.source(), "sync_full");
            long partialSyncs = ReplicaProgress.stat(SERVERS.source(), "sync_partial_ok");
            writer.awaitMoreOps(200); // the source changes while Ferry is away

            JobID second = cluster.submitJob(JobGraphs.recoverable(cfg, retained.getExternalPath())).get().getJobID();
            awaitContinuedThenEqual(writer, fullSyncs, partialSyncs);
            cancel(second);
        }
    }

    @Test
    void aTargetThatCrashesAndComesBackIsWrittenAgainFromTheLastCheckpoint(@TempDir Path dir) throws Exception {
        try (LocalRedisServer target = LocalRedisServer.start(RedisBinary.redis70(), null,
                List.of("--appendonly", "yes", "--appendfsync", "always"));
             SourceWriter writer = SourceWriter.startIdempotent(SERVERS::source, 44)) {
            FerryConfig cfg = LiveConfig.of("[sync_reader]\naddress = \"" + SERVERS.source().address() + "\"\n",
                    target.address(), dir, 1);
            JobID job = cluster.submitJob(JobGraphs.recoverable(cfg, null)).get().getJobID();
            ReplicaProgress.awaitAcked(SERVERS.source(), false);
            writer.awaitMoreOps(200);
            long partialSyncs = ReplicaProgress.stat(SERVERS.source(), "sync_partial_ok");

            target.kill(); // a crash: what it acknowledged is in its AOF (appendfsync always)
            awaitAttempt(job, 4); // down longer than the 3 restarts, 2 s apart, ferry run used to allow
            target.restart();
            ReplicaProgress.awaitStat(SERVERS.source(), "sync_partial_ok", partialSyncs + 1);
            writer.awaitMoreOps(200);
            writer.stopAndJoin();
            ReplicaProgress.awaitCaughtUp(SERVERS.source());
            SourceAndTarget.assertEqual(SERVERS.source(), target);
            cancel(job);
        }
    }

    @Test
    void aSourceThatOffersOnlySyncFailsTheJobAtOnceWithoutRestarts(@TempDir Path dir) throws Exception {
        // a 7.0 with PSYNC renamed away stands in for a pre-2.8 server: it accepts the handshake's SYNC fallback
        try (LocalRedisServer source = LocalRedisServer.start(RedisBinary.redis70(), null,
                List.of("--rename-command", "PSYNC", ""))) {
            FerryConfig cfg = LiveConfig.of("[sync_reader]\naddress = \"" + source.address() + "\"\n",
                    SERVERS.target().address(), dir, 1);
            JobID job = cluster.submitJob(JobGraphs.recoverable(cfg, null)).get().getJobID();
            JobResult result = cluster.requestJobResult(job).get(2, TimeUnit.MINUTES);
            assertThat(result.isSuccess()).isFalse();
            Throwable cause = result.getSerializedThrowable().orElseThrow()
                    .deserializeError(Thread.currentThread().getContextClassLoader());
            assertThat(ExceptionUtils.findThrowable(cause, ReplicationRefusedException.class)).as("%s", cause)
                    .hasValueSatisfying(e -> assertThat(e).hasMessageContaining("only offers the old SYNC"));
            assertThat(cluster.getArchivedExecutionGraph(job).get().getAllExecutionVertices().iterator().next()
                    .getCurrentExecutionAttempt().getAttemptNumber()).as("restarts").isZero();
        }
    }

    /**
     * Until the job has continued the replication ({@code +CONTINUE}), then lets the source be written a little more,
     * and checks that the target ends equal to it without a full sync since {@code fullSyncs}.
     */
    private static void awaitContinuedThenEqual(SourceWriter writer, long fullSyncs, long partialSyncs) throws Exception {
        ReplicaProgress.awaitStat(SERVERS.source(), "sync_partial_ok", partialSyncs + 1);
        writer.awaitMoreOps(200);
        writer.stopAndJoin();
        ReplicaProgress.awaitCaughtUp(SERVERS.source());
        assertThat(ReplicaProgress.stat(SERVERS.source(), "sync_full")).as("no second full sync").isEqualTo(fullSyncs);
        SERVERS.assertTargetEqualsSource();
    }

    private static FerryConfig config(Path dir, String... advanced) {
        return LiveConfig.of("[sync_reader]\naddress = \"" + SERVERS.source().address() + "\"\n",
                SERVERS.target().address(), dir, 1, advanced);
    }

    /** Stops the running TaskManager, as a crash of its machine would, and starts another for the restart. */
    private static void replaceTaskManager() throws Exception {
        cluster.terminateTaskManager(taskManager).get(1, TimeUnit.MINUTES);
        cluster.startTaskManager();
        taskManager++;
    }

    /** Until a checkpoint has completed after the target got {@code keys} keys, so it lies inside the snapshot. */
    private static void awaitCheckpointWithKeysWritten(JobID job, long keys) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        long before = -1;
        while (true) {
            assertThat(System.nanoTime()).as("a checkpoint with %d keys on the target", keys).isLessThan(deadline);
            long completed = cluster.getExecutionGraph(job).get().getCheckpointStatsSnapshot().getCounts()
                    .getNumberOfCompletedCheckpoints();
            if (before < 0 && SERVERS.targetKeys() >= keys) {
                before = completed;
            } else if (before >= 0 && completed > before) {
                return;
            }
            Thread.sleep(20);
        }
    }

    /** Until the job has been restarted {@code restarts} times (its tasks run their attempt number {@code restarts}). */
    private static void awaitAttempt(JobID job, int restarts) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (cluster.getExecutionGraph(job).get().getAllExecutionVertices().iterator().next().getCurrentExecutionAttempt()
                .getAttemptNumber() < restarts) {
            assertThat(System.nanoTime()).as("job %s restarted %d times", job, restarts).isLessThan(deadline);
            Thread.sleep(100);
        }
    }

    private static void cancel(JobID job) throws Exception {
        cluster.cancelJob(job).get(1, TimeUnit.MINUTES);
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(1);
        while (!cluster.getJobStatus(job).get().isGloballyTerminalState()) {
            assertThat(System.nanoTime()).as("job %s cancelled", job).isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(cluster.getJobStatus(job).get()).isEqualTo(JobStatus.CANCELED);
    }
}
