package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.Delivery;
import dev.ferry.config.FerryConfig;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.sink.RedisWriterOperator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import redis.clients.jedis.Jedis;

/**
 * One case of the fault-injection suite: a live source ({@code [sync_reader]}) written by a {@link Workload}, Ferry's
 * job on a MiniCluster of its own (restarts on, checkpoints every 300 ms), a fault injected during the snapshot or the
 * stream, then the source stops being written, the job is stopped once the source has seen it acknowledge
 * everything (what {@code --stop-when-consistent} waits for) with a savepoint, and the target is compared with the
 * source ({@link WorkloadCheck}). Each case runs against fresh servers and is bounded: every wait has a deadline.
 */
public final class FaultCase {
    public static final String MARKER_PREFIX = "ferry:";
    private static final int OPS_PER_SECOND = 300;
    private static final Duration JOB_DEADLINE = Duration.ofSeconds(90);

    public enum Phase { SNAPSHOT, STREAMING }

    /** What a case hands its fault, with the faults of the suite. */
    public record Servers(LocalRedisServer source, LocalRedisServer target, MiniCluster cluster, Workload workload) {

        /** The one TaskManager dies with the whole job on it; a new one joins for the restart. */
        public void killTaskManager() throws Exception {
            cluster.terminateTaskManager(0).get(30, TimeUnit.SECONDS);
            cluster.startTaskManager();
        }

        /** The target's process is killed (SIGKILL, a crash) and started again on its port and directory. */
        public void crashAndRestartTarget() {
            target.kill();
            target.restart();
        }

        /** The source drops Ferry's replication connection ({@code CLIENT KILL TYPE replica}). */
        public void dropSourceConnection() {
            try (Jedis j = source.jedis()) {
                assertThat(j.clientKill(redis.clients.jedis.params.ClientKillParams.clientKillParams()
                        .type(redis.clients.jedis.args.ClientType.REPLICA))).as("replica connections killed").isPositive();
            }
        }

        /** The target answers OOM to every write for {@code length} (maxmemory 1 byte), then takes writes again. */
        public void targetOutOfMemoryFor(Duration length) throws InterruptedException {
            try (Jedis j = target.jedis()) {
                j.configSet("maxmemory", "1");
            }
            Thread.sleep(length.toMillis()); // the fault's length, not a wait for something
            try (Jedis j = target.jedis()) {
                j.configSet("maxmemory", "0");
            }
        }

        /** The target is frozen (SIGSTOP) for {@code length}: connections stay open, nothing is answered. */
        public void pauseTargetFor(Duration length) throws InterruptedException {
            target.pause();
            try {
                Thread.sleep(length.toMillis()); // the fault's length, not a wait for something
            } finally {
                target.resume();
            }
        }
    }

    @FunctionalInterface
    public interface Fault {
        void inject(Servers s) throws Exception;
    }

    /**
     * @param check          the target against the source, null when the job failed
     * @param alreadyApplied commands a restarted writer found on the target already (exactly once) or replayed XADDs
     * @param failure        the message of the cause the job failed with, or null
     * @param injectedAt     where the fault landed, in words
     */
    public record Result(WorkloadCheck check, long alreadyApplied, String failure, String injectedAt) {

        /** Exactly once: every key of the target equals the source's. */
        public String assertExact() {
            assertThat(check.wrong()).as("keys that differ from the source").isEmpty();
            assertThat(check.doubled()).as("keys with commands applied twice").isEmpty();
            return "target = source, all " + check.keys() + " keys (counters, lists, hashes, sorted sets, streams "
                    + "included)" + stale() + (alreadyApplied > 0 ? "; " + alreadyApplied + " commands of a retried commit found "
                    + "applied and skipped" : "") + "; fault at " + injectedAt;
        }

        private String stale() {
            return check.stale().isEmpty() ? "" : " except " + check.stale().size() + " key(s) the source deleted between "
                    + "the first, interrupted full sync and the second, still on the target";
        }

        /** At least once: idempotent keys equal the source's, nothing is lost; what was applied twice is counted. */
        public String assertAtLeastOnce() {
            assertThat(check.wrong()).as("keys that differ from the source other than by a replay").isEmpty();
            return "idempotent keys = source, nothing lost; applied twice: "
                    + (check.doubled().isEmpty() ? "none" : check.doubledText()) + " (of " + check.keys() + " keys)" + stale()
                    + (alreadyApplied > 0 ? "; " + alreadyApplied + " replayed XADDs found applied" : "")
                    + "; fault at " + injectedAt;
        }
    }

    private final Phase phase;
    private final Delivery delivery;
    private final Path dir;
    private final List<String> targetArgs = new ArrayList<>();
    private Duration checkpointTimeout;
    private MiniCluster shared;

    private FaultCase(Phase phase, Delivery delivery, Path dir) {
        this.phase = phase;
        this.delivery = delivery;
        this.dir = dir;
    }

    public static FaultCase of(Phase phase, Delivery delivery, Path dir) {
        return new FaultCase(phase, delivery, dir);
    }

    /**
     * Runs the job on the test class's MiniCluster (one TaskManager, one slot) rather than on one of its own, which
     * saves its start; not for a case that kills the TaskManager.
     */
    public FaultCase on(MiniCluster cluster) {
        this.shared = cluster;
        return this;
    }

    /** The target persists every write before it answers (AOF, fsync always): a crash loses nothing it acknowledged. */
    public FaultCase persistentTarget() {
        targetArgs.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
        return this;
    }

    /** A checkpoint that takes longer fails the job (Flink's default is 10 min; a paused target trips this one). */
    public FaultCase checkpointTimeout(Duration timeout) {
        this.checkpointTimeout = timeout;
        return this;
    }

    /** Runs the case to the end; the job must end with the savepoint. */
    public Result run(Fault fault) throws Exception {
        return run(fault, false);
    }

    /** Runs the case until the job fails on its own, which it must. */
    public Result runUntilTheJobFails(Fault fault) throws Exception {
        return run(fault, true);
    }

    private Result run(Fault fault, boolean mustFail) throws Exception {
        int snapshotKeys = phase == Phase.SNAPSHOT ? 50_000 : 1_000;
        MiniCluster own = shared != null ? null : new MiniCluster(new MiniClusterConfiguration.Builder()
                .setNumTaskManagers(1).setNumSlotsPerTaskManager(1).build());
        // no 5 s wait for more replicas before a diskless full sync
        try (LocalRedisServer source = LocalRedisServer.start(RedisBinary.redis70(), null,
                     List.of("--repl-diskless-sync-delay", "0"));
             LocalRedisServer target = LocalRedisServer.start(RedisBinary.redis70(), null, targetArgs);
             AutoCloseable closesOwn = own == null ? () -> { } : own) {
            MiniCluster cluster = own == null ? shared : own;
            try (Jedis j = source.jedis(60_000)) {
                TestData.cmd(j, "DEBUG", "POPULATE", Integer.toString(snapshotKeys), "key", "256");
            }
            if (own != null) {
                own.start();
            }
            try (Workload workload = Workload.start(source, OPS_PER_SECOND, 7)) {
                JobID job = cluster.submitJob(JobGraphs.migration(config(source, target), flinkSettings(), null)).get().getJobID();
                String injectedAt = awaitPhase(source, target, snapshotKeys, workload);
                fault.inject(new Servers(source, target, cluster, workload));
                if (mustFail) {
                    JobResult result = cluster.requestJobResult(job).get(JOB_DEADLINE.toSeconds(), TimeUnit.SECONDS);
                    assertThat(result.isSuccess()).as("the job fails by itself").isFalse();
                    return new Result(null, 0, rootMessages(result), injectedAt);
                }
                workload.awaitMore(OPS_PER_SECOND * 2L); // the application goes on writing through the recovery
                workload.stopAndJoin();
                awaitRunning(cluster, job);
                ReplicaProgress.awaitCaughtUp(source);
                cluster.stopWithSavepoint(job, dir.resolve("savepoints").toUri().toString(), false,
                        SavepointFormatType.CANONICAL).get(JOB_DEADLINE.toSeconds(), TimeUnit.SECONDS);
                JobResult result = cluster.requestJobResult(job).get(JOB_DEADLINE.toSeconds(), TimeUnit.SECONDS);
                Map<String, Object> acc = result.toJobExecutionResult(getClass().getClassLoader()).getAllAccumulatorResults();
                long skipped = ((Number) acc.getOrDefault(RedisWriterOperator.ACC_ALREADY_APPLIED, 0L)).longValue();
                boolean resynced;
                try (Jedis j = source.jedis()) {
                    resynced = Long.parseLong(ReplicaProgress.field(j.info("stats"), "sync_full")) > 1;
                }
                return new Result(WorkloadCheck.of(source, target, MARKER_PREFIX, resynced), skipped, null, injectedAt);
            }
        }
    }

    private FerryConfig config(LocalRedisServer source, LocalRedisServer target) throws Exception {
        Files.createDirectories(dir);
        return ConfigLoader.parse("""
                [sync_reader]
                address = "%s"
                [redis_writer]
                address = "%s"
                [advanced]
                dir = "%s"
                log_interval = 1
                rdb_restore_command_behavior = "rewrite"
                marker_prefix = "%s"
                [flink]
                checkpoint_interval = "300ms"
                delivery = "%s"
                """.formatted(source.address(), target.address(), dir.resolve("data"), MARKER_PREFIX, delivery.configName()),
                "fault.toml", List.of());
    }

    private Configuration flinkSettings() {
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 40);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, dir.resolve("checkpoints").toUri().toString());
        if (checkpointTimeout != null) {
            conf.set(CheckpointingOptions.CHECKPOINTING_TIMEOUT, checkpointTimeout);
            conf.set(CheckpointingOptions.TOLERABLE_FAILURE_NUMBER, 0);
        }
        return conf;
    }

    /**
     * Streaming: something written after the snapshot is acknowledged, and another second of commands has come.
     * Snapshot: the target has a tenth of the snapshot's keys; the fault must land before it has them all.
     */
    private String awaitPhase(LocalRedisServer source, LocalRedisServer target, int snapshotKeys, Workload workload)
            throws InterruptedException {
        if (phase == Phase.STREAMING) {
            ReplicaProgress.awaitAcked(source, false);
            workload.awaitMore(OPS_PER_SECOND);
            return "streaming, " + workload.ops() + " commands written";
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            long keys;
            try (Jedis t = target.jedis()) {
                keys = t.dbSize();
            }
            if (keys >= snapshotKeys / 10) {
                assertThat(keys).as("the fault lands during the snapshot").isLessThan(snapshotKeys);
                return "snapshot, target at " + keys + " of " + snapshotKeys + " keys";
            }
            if (System.nanoTime() > deadline) {
                fail("the target did not get a tenth of the snapshot in 60 s: " + keys + " keys");
            }
            Thread.sleep(20);
        }
    }

    /** After a restart the job is RUNNING again; a job that failed for good fails the case with its cause. */
    private static void awaitRunning(MiniCluster cluster, JobID job) throws Exception {
        long deadline = System.nanoTime() + JOB_DEADLINE.toNanos();
        while (true) {
            JobStatus status = cluster.getJobStatus(job).get();
            if (status == JobStatus.RUNNING) {
                return;
            }
            if (status.isGloballyTerminalState()) {
                fail("the job ended as " + status + ": " + rootMessages(cluster.requestJobResult(job).get()));
            }
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the job is " + status + " after " + JOB_DEADLINE);
            }
            Thread.sleep(100);
        }
    }

    /** Every message in the failure's cause chain, outermost first. */
    private static String rootMessages(JobResult result) {
        if (result.getSerializedThrowable().isEmpty()) {
            return "no failure";
        }
        StringBuilder sb = new StringBuilder();
        for (Throwable t = result.getSerializedThrowable().get().deserializeError(FaultCase.class.getClassLoader());
             t != null; t = t.getCause() == t ? null : t.getCause()) {
            sb.append(t.getClass().getSimpleName()).append(": ").append(t.getMessage()).append('\n');
        }
        return sb.toString();
    }
}
