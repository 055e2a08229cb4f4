package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.testing.MigrationGraph;
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
        try (SourceWriter writer = SourceWriter.start(SERVERS.source(), 1)) {
            JobID job = client.submitJob(job(dir, null)).get();
            Thread.sleep(3_000);
            writer.stopAndJoin();
            assertThat(writer.ops()).isGreaterThan(100);
            awaitCaughtUp(SERVERS.source());
            SERVERS.assertTargetEqualsSource();
            client.cancel(job).get(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void stopWithSavepointMidStreamThenResumeContinuesWithoutFullSync(@InjectClusterClient ClusterClient<?> client,
                                                                       @TempDir Path dir) throws Exception {
        try (SourceWriter writer = SourceWriter.start(SERVERS.source(), 2)) {
            JobID first = client.submitJob(job(dir, null)).get();
            awaitAcked(SERVERS.source(), false); // a checkpoint in the stream phase, with the writer still going
            String savepoint = client.stopWithSavepoint(first, false, dir.resolve("sp").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            long fullSyncs = stat(SERVERS.source(), "sync_full");
            long partialSyncs = stat(SERVERS.source(), "sync_partial_ok");
            Thread.sleep(1_000); // the source changes while Ferry is away
            JobID second = client.submitJob(job(dir, savepoint)).get();
            Thread.sleep(1_500);
            writer.stopAndJoin();
            awaitCaughtUp(SERVERS.source());
            assertThat(stat(SERVERS.source(), "sync_full")).as("no second full sync").isEqualTo(fullSyncs);
            assertThat(stat(SERVERS.source(), "sync_partial_ok")).as("+CONTINUE").isEqualTo(partialSyncs + 1);
            SERVERS.assertTargetEqualsSource();
            client.cancel(second).get(1, TimeUnit.MINUTES);
        }
    }

    private static StreamGraph job(Path dir, String savepoint) {
        return MigrationGraph.of("[sync_reader]\naddress = \"" + SERVERS.source().address() + "\"",
                SERVERS.target().address(), dir, savepoint);
    }

    /**
     * Until the online replica's acknowledged offset equals the master's, twice in a row (a PING may be in
     * flight).
     */
    private static void awaitCaughtUp(LocalRedisServer source) throws InterruptedException {
        awaitAcked(source, true);
    }

    /** @param all until everything is acknowledged; else until anything after the snapshot is */
    private static void awaitAcked(LocalRedisServer source, boolean all) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        int equalInARow = 0;
        while (equalInARow < 2) {
            assertThat(System.nanoTime()).as("Ferry never caught up with the source").isLessThan(deadline);
            try (Jedis j = source.jedis()) {
                String info = j.info("replication");
                long master = Long.parseLong(field(info, "master_repl_offset"));
                String slave = field(info, "slave0");
                // a replica waiting for its snapshot is listed with offset 0, and so is the master until it has one
                long acked = slave == null || !slave.contains("state=online") ? -1
                        : Long.parseLong(slave.replaceAll(".*offset=(\\d+).*", "$1"));
                equalInARow = acked == master || (!all && acked > 0) ? equalInARow + 1 : 0;
            }
            Thread.sleep(200);
        }
    }

    private static long stat(LocalRedisServer source, String name) {
        try (Jedis j = source.jedis()) {
            return Long.parseLong(field(j.info("stats"), name));
        }
    }

    private static String field(String info, String name) {
        for (String line : info.split("\r\n")) {
            if (line.startsWith(name + ":")) {
                return line.substring(name.length() + 1);
            }
        }
        return null;
    }
}
