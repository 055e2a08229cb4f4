package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.job.MigrationJob;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.testing.ReplicaProgress;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.TestData;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.jobgraph.SavepointRestoreSettings;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
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

    private static final int[] DBS = {0, 1, 5};

    @Test
    void liveMigrationWhileTheSourceIsWrittenEndsEqual(@InjectClusterClient ClusterClient<?> client, @TempDir Path dir)
            throws Exception {
        try (SourceWriter writer = SourceWriter.start(SERVERS.source(), 1)) {
            JobID job = client.submitJob(job(dir, null)).get();
            Thread.sleep(3_000);
            writer.stopAndJoin();
            assertThat(writer.ops()).isGreaterThan(100);
            ReplicaProgress.awaitCaughtUp(SERVERS.source());
            SERVERS.assertTargetEqualsSource();
            client.cancel(job).get(1, TimeUnit.MINUTES);
        }
    }

    @Test
    void stopWithSavepointMidStreamThenResumeContinuesWithoutFullSync(@InjectClusterClient ClusterClient<?> client,
                                                                       @TempDir Path dir) throws Exception {
        try (SourceWriter writer = SourceWriter.start(SERVERS.source(), 2)) {
            JobID first = client.submitJob(job(dir, null)).get();
            ReplicaProgress.awaitAcked(SERVERS.source(), false); // a checkpoint in the stream phase, with the writer still going
            String savepoint = client.stopWithSavepoint(first, false, dir.resolve("sp").toUri().toString(),
                    SavepointFormatType.CANONICAL).get(2, TimeUnit.MINUTES);
            long fullSyncs = stat(SERVERS.source(), "sync_full");
            long partialSyncs = stat(SERVERS.source(), "sync_partial_ok");
            Thread.sleep(1_000); // the source changes while Ferry is away
            JobID second = client.submitJob(job(dir, savepoint)).get();
            Thread.sleep(1_500);
            writer.stopAndJoin();
            ReplicaProgress.awaitCaughtUp(SERVERS.source());
            assertThat(stat(SERVERS.source(), "sync_full")).as("no second full sync").isEqualTo(fullSyncs);
            assertThat(stat(SERVERS.source(), "sync_partial_ok")).as("+CONTINUE").isEqualTo(partialSyncs + 1);
            SERVERS.assertTargetEqualsSource();
            client.cancel(second).get(1, TimeUnit.MINUTES);
        }
    }

    private static StreamGraph job(Path dir, String savepoint) {
        FerryConfig cfg = ConfigLoader.parse("""
                [sync_reader]
                address = "%s"
                [redis_writer]
                address = "%s"
                [advanced]
                dir = "%s"
                [flink]
                checkpoint_interval = "300ms"
                """.formatted(SERVERS.source().address(), SERVERS.target().address(), dir), "sync.toml", List.of());
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        MigrationJob.build(env, cfg);
        StreamGraph graph = env.getStreamGraph();
        if (savepoint != null) {
            graph.setSavepointRestoreSettings(SavepointRestoreSettings.forPath(savepoint, false));
        }
        return graph;
    }

    private static long stat(LocalRedisServer source, String name) {
        try (Jedis j = source.jedis()) {
            return Long.parseLong(ReplicaProgress.field(j.info("stats"), name));
        }
    }

    /** A client of the source writing SET/INCR/LPUSH/DEL/EXPIRE/HSET over a small key space in several dbs. */
    private static final class SourceWriter implements AutoCloseable {
        private final AtomicBoolean stop = new AtomicBoolean();
        private final AtomicLong ops = new AtomicLong();
        private final Thread thread;
        private final LocalRedisServer source;
        private final long seed;
        private volatile Throwable failure;

        private SourceWriter(LocalRedisServer source, long seed) {
            this.source = source;
            this.seed = seed;
            this.thread = new Thread(this::run, "source-writer");
        }

        static SourceWriter start(LocalRedisServer source, long seed) {
            SourceWriter w = new SourceWriter(source, seed);
            w.thread.start();
            return w;
        }

        private void run() {
            Random r = new Random(seed);
            try (Jedis j = source.jedis()) {
                while (!stop.get()) {
                    j.select(DBS[r.nextInt(DBS.length)]);
                    String k = "live:" + r.nextInt(200);
                    switch (r.nextInt(6)) {
                        case 0 -> j.set("s:" + k, "v" + r.nextInt(1000));
                        case 1 -> j.incr("n:" + k);
                        case 2 -> j.lpush("l:" + k, "e" + r.nextInt(1000));
                        case 3 -> j.del("s:" + k, "l:" + k);
                        case 4 -> j.expire("n:" + k, 100 + r.nextInt(100));
                        default -> j.hset("h:" + k, "f" + r.nextInt(10), "v" + r.nextInt(1000));
                    }
                    ops.incrementAndGet();
                }
            } catch (Throwable t) {
                failure = t;
            }
        }

        long ops() {
            return ops.get();
        }

        void stopAndJoin() throws InterruptedException {
            stop.set(true);
            thread.join(10_000);
            assertThat(failure).as("source writer").isNull();
        }

        @Override
        public void close() throws InterruptedException {
            stopAndJoin();
        }
    }
}
