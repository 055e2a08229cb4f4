package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.FerryConfig;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.testing.JobGraphs;
import dev.ferry.testing.LiveConfig;
import dev.ferry.testing.ReplicaProgress;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.SourceWriter;
import dev.ferry.testing.TestData;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * The whole job with a {@code [sync_reader]}: a real 7.0 source that keeps being written during the full sync and
 * after it, a real 7.0 target, and the migration job on a MiniCluster. Caught up means the source has been
 * acknowledged (REPLCONF ACK, which Ferry sends only for completed checkpoints) its own master_repl_offset.
 */
class SyncSourceITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final SourceAndTarget SERVERS = SourceAndTarget.filledWith(j -> TestData.fillMixed(j, 1));

    @Test
    void liveMigrationWhileTheSourceIsWrittenEndsEqual(@InjectClusterClient ClusterClient<?> client, @TempDir Path dir)
            throws Exception {
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
            client.cancel(job).get(1, TimeUnit.MINUTES);
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
        FerryConfig cfg = LiveConfig.of("[sync_reader]\naddress = \"" + SERVERS.source().address() + "\"\n",
                SERVERS.target().address(), dir, 1);
        return JobGraphs.migration(cfg, savepoint);
    }
}
