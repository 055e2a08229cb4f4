package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.FerryConfig;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.testing.JobGraphs;
import dev.ferry.testing.LiveConfig;
import dev.ferry.testing.ReplicaProgress;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.SourceWriter;
import dev.ferry.testing.TestData;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * The whole job with a {@code [sync_reader]}: a real 7.0 source that keeps being written during the full sync (diskless
 * and disk-based) and after it, a real 7.0 target, and the migration job on a MiniCluster; {@code sync_rdb = false},
 * {@code sync_aof = false}, and the spool emptied behind the checkpoints. Caught up means the source has been
 * acknowledged (REPLCONF ACK, which Ferry sends only for completed checkpoints) its own master_repl_offset.
 */
class SyncSourceITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final SourceAndTarget SERVERS = SourceAndTarget.filledWith(j -> TestData.fillMixed(j, 1));

    @BeforeAll
    static void startFullSyncsAtOnce() {
        try (Jedis s = SERVERS.source().jedis()) {
            s.configSet("repl-diskless-sync-delay", "0"); // a diskless one would wait 5 s for more replicas
        }
    }

    @ParameterizedTest(name = "repl-diskless-sync {0}")
    @ValueSource(strings = {"yes", "no"})
    void liveMigrationWhileTheSourceIsWrittenEndsEqual(String diskless, @InjectClusterClient ClusterClient<?> client,
                                                       @TempDir Path dir) throws Exception {
        try (Jedis s = SERVERS.source().jedis()) {
            s.configSet("repl-diskless-sync", diskless);
        }
        try (SourceWriter writer = SourceWriter.start(SERVERS::source, 1)) {
            JobID job = client.submitJob(job(dir, null)).get();
            ReplicaProgress.awaitReplicaListed(SERVERS.source());
            long opsAtFullSync = writer.ops();
            ReplicaProgress.awaitAcked(SERVERS.source(), false); // the snapshot is on the target
            assertThat(writer.ops()).as("writes during the full sync").isGreaterThan(opsAtFullSync);
            writer.awaitMoreOps(200); // and after it
            writer.stopAndJoin();
            ReplicaProgress.awaitCaughtUp(SERVERS.source());
            SERVERS.assertTargetEqualsSource();
            assertThat(SERVERS.source().logTail(200)).as("the source's own account of the sync")
                    .contains("yes".equals(diskless) ? "target: replicas sockets" : "target: disk");
            client.cancel(job).get(1, TimeUnit.MINUTES);
        } finally {
            try (Jedis s = SERVERS.source().jedis()) {
                s.configSet("repl-diskless-sync", "yes");
            }
        }
    }

    @Test
    void syncRdbFalseWritesOnlyWhatFollowsTheSnapshot(@InjectClusterClient ClusterClient<?> client, @TempDir Path dir)
            throws Exception {
        JobID job = client.submitJob(JobGraphs.migration(config(dir, "sync_rdb = false"), null)).get();
        ReplicaProgress.awaitAcked(SERVERS.source(), false); // the snapshot is parsed, and skipped
        try (Jedis s = SERVERS.source().jedis()) {
            for (int i = 0; i < 100; i++) {
                s.set("after-the-snapshot:" + i, "v" + i);
            }
        }
        ReplicaProgress.awaitCaughtUp(SERVERS.source());
        try (Jedis t = SERVERS.target().jedis()) {
            assertThat(SERVERS.targetKeys()).as("no key of the snapshot").isEqualTo(100);
            assertThat(t.get("after-the-snapshot:99")).isEqualTo("v99");
        }
        client.cancel(job).get(1, TimeUnit.MINUTES);
    }

    /**
     * A replica as the source (what {@code prefer_replica} picks) forwards its master's stream as it is: the master
     * selected db 5 before the snapshot and does not select it again, so the first command after the snapshot comes
     * without a SELECT, and only the snapshot's {@code repl-stream-db} field says where it belongs.
     */
    @Test
    void aReplicaSourcesStreamContinuesInTheDbItsMasterSelectedBeforeTheSnapshot(
            @InjectClusterClient ClusterClient<?> client, @TempDir Path dir) throws Exception {
        try (LocalRedisServer master = LocalRedisServer.start(RedisBinary.redis70());
             LocalRedisServer replica = LocalRedisServer.start(RedisBinary.redis70(), null,
                     List.of("--replicaof", LocalRedisServer.HOST, Integer.toString(master.port())));
             LocalRedisServer target = LocalRedisServer.start(RedisBinary.redis70());
             Jedis m = master.jedis(30_000)) {
            awaitLinkUp(replica); // else the master's stream to it would begin after the write, with a SELECT
            m.select(5);
            m.set("before-the-snapshot", "1");
            assertThat(m.waitReplicas(1, 10_000)).as("the replica has it").isEqualTo(1);
            FerryConfig cfg = LiveConfig.of("[sync_reader]\naddress = \"" + replica.address() + "\"\n",
                    target.address(), dir, 1);
            JobID job = client.submitJob(JobGraphs.migration(cfg, null)).get();
            ReplicaProgress.awaitAcked(replica, false);

            m.set("after-the-snapshot", "2"); // db 5 is still selected in the master's stream: no SELECT before it
            ReplicaProgress.awaitCaughtUp(replica);
            try (Jedis t = target.jedis()) {
                assertThat(t.get("after-the-snapshot")).as("in db 0").isNull();
                t.select(5);
                assertThat(t.mget("before-the-snapshot", "after-the-snapshot")).as("in db 5").containsExactly("1", "2");
            }
            client.cancel(job).get(1, TimeUnit.MINUTES);
        }
    }

    private static void awaitLinkUp(LocalRedisServer replica) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (Jedis r = replica.jedis()) {
            while (!"up".equals(ReplicaProgress.field(r.info("replication"), "master_link_status"))) {
                assertThat(System.nanoTime()).as("%s in sync with its master", replica).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    @Test
    void syncAofFalseEndsOnceTheSnapshotIsWritten(@InjectClusterClient ClusterClient<?> client, @TempDir Path dir)
            throws Exception {
        JobID job = client.submitJob(JobGraphs.migration(config(dir, "sync_aof = false"), null)).get();
        assertThat(client.requestJobResult(job).get(2, TimeUnit.MINUTES).isSuccess()).as("the job finished").isTrue();
        SERVERS.assertTargetEqualsSource();
    }

    @Test
    void spoolSegmentsAreDeletedOnceACheckpointHoldsThem(@InjectClusterClient ClusterClient<?> client, @TempDir Path dir)
            throws Exception {
        long segment = 64 << 10;
        FerryConfig cfg = config(dir, "");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(cfg.flink().checkpointInterval().toMillis());
        env.fromSource(SyncSource.of(cfg.syncReader(), dir.resolve("spool"), 0).withSpoolSegmentBytes(segment),
                WatermarkStrategy.noWatermarks(), "sync-reader").sinkTo(new DiscardingSink<>());
        JobID job = client.submitJob(env.getStreamGraph()).get();
        ReplicaProgress.awaitAcked(SERVERS.source(), false);
        String value = "x".repeat(2048);
        long written = 1000L * value.length(); // and more: the commands around the values
        try (Jedis s = SERVERS.source().jedis()) {
            for (int i = 0; i < 1000; i++) {
                s.set("spooled:" + i, value);
            }
        }
        ReplicaProgress.awaitCaughtUp(SERVERS.source());
        Path spool = dir.resolve("spool").resolve(SERVERS.source().address().replace(':', '_'));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        List<Path> left;
        while ((left = segments(spool)).size() > 2) { // the one being written, and the one before it at most
            assertThat(System.nanoTime()).as("spool segments left in %s: %s", spool, left).isLessThan(deadline);
            Thread.sleep(50);
        }
        assertThat(left).as("what is left starts after %d of the %d bytes spooled", written - 2 * segment, written)
                .allSatisfy(f -> assertThat(Long.parseLong(f.getFileName().toString().substring(0, 20)))
                        .isGreaterThan(written - 2 * segment));
        client.cancel(job).get(1, TimeUnit.MINUTES);
    }

    private static List<Path> segments(Path spool) throws IOException {
        try (Stream<Path> files = Files.list(spool)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".spool")).toList();
        }
    }

    @Test
    void stopWithSavepointMidStreamThenResumeContinuesWithoutFullSync(@InjectClusterClient ClusterClient<?> client,
                                                                       @TempDir Path dir) throws Exception {
        try (SourceWriter writer = SourceWriter.start(SERVERS::source, 2)) {
            JobID first = client.submitJob(job(dir, null)).get();
            ReplicaProgress.awaitAcked(SERVERS.source(), false); // a checkpoint in the stream phase, with the writer still going
            String savepoint = client.stopWithSavepoint(first, false, dir.resolve("sp").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            long fullSyncs = ReplicaProgress.stat(SERVERS.source(), "sync_full");
            long partialSyncs = ReplicaProgress.stat(SERVERS.source(), "sync_partial_ok");
            writer.awaitMoreOps(200); // the source changes while Ferry is away
            JobID second = client.submitJob(job(dir, savepoint)).get();
            ReplicaProgress.awaitStat(SERVERS.source(), "sync_partial_ok", partialSyncs + 1);
            writer.awaitMoreOps(200); // and while the resumed job streams
            writer.stopAndJoin();
            ReplicaProgress.awaitCaughtUp(SERVERS.source());
            assertThat(ReplicaProgress.stat(SERVERS.source(), "sync_full")).as("no second full sync").isEqualTo(fullSyncs);
            assertThat(ReplicaProgress.stat(SERVERS.source(), "sync_partial_ok")).as("+CONTINUE").isEqualTo(partialSyncs + 1);
            SERVERS.assertTargetEqualsSource();
            client.cancel(second).get(1, TimeUnit.MINUTES);
        }
    }

    private static StreamGraph job(Path dir, String savepoint) {
        return JobGraphs.migration(config(dir, ""), savepoint);
    }

    /** @param more more {@code [sync_reader]} lines */
    private static FerryConfig config(Path dir, String more) {
        return LiveConfig.of("[sync_reader]\naddress = \"" + SERVERS.source().address() + "\"\n" + more + "\n",
                SERVERS.target().address(), dir, 1);
    }
}
