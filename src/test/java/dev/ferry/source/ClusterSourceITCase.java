package dev.ferry.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.FerryConfig;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.testing.ClusterSourceCheck;
import dev.ferry.testing.JobGraphs;
import dev.ferry.testing.LiveConfig;
import dev.ferry.testing.RedisClusterExtension;
import dev.ferry.testing.RedisServerExtension;
import dev.ferry.testing.ReplicaProgress;
import dev.ferry.testing.SourceWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.params.SetParams;

/**
 * A cluster source of three 7.0 masters into db 0 of a standalone target, at {@code [flink] parallelism = 2}: three
 * shard splits spread over two source readers (one of them serving two), an application writing to the cluster all
 * along; the target ends equal to the union of the masters.
 */
class ClusterSourceITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final RedisClusterExtension SOURCE = RedisClusterExtension.redis70(3, 0);

    @RegisterExtension
    static final RedisServerExtension TARGET = RedisServerExtension.redis70();

    @Test
    void everyShardReachesTheTargetWhileTheClusterIsWritten(@InjectClusterClient ClusterClient<?> client,
                                                           @TempDir Path dir) throws Exception {
        try (JedisCluster c = SOURCE.client()) {
            for (int i = 0; i < 300; i++) {
                c.set("str:" + i, "v" + i);
                c.hset("hash:" + i, Map.of("a", "1", "b", Integer.toString(i)));
                c.rpush("list:" + i, "x", "y", Integer.toString(i));
                c.set("ttl:" + i, "t", SetParams.setParams().ex(600));
            }
        }
        try (SourceWriter writer = SourceWriter.startOnCluster(SOURCE::client, 4)) {
            JobID job = client.submitJob(job(dir)).get();
            List<LocalRedisServer> masters = SOURCE.cluster().masters();
            for (LocalRedisServer master : masters) {
                ReplicaProgress.awaitReplicaListed(master);
            }
            long opsAtFullSyncs = writer.ops();
            for (LocalRedisServer master : masters) {
                ReplicaProgress.awaitAcked(master, false); // this shard's snapshot is on the target
            }
            assertThat(writer.ops()).as("writes during the full syncs").isGreaterThan(opsAtFullSyncs);
            writer.awaitMoreOps(200); // and after them
            writer.stopAndJoin();
            awaitTargetEqualsCluster(60);
            client.cancel(job).get(1, TimeUnit.MINUTES);
        }
    }

    private static org.apache.flink.streaming.api.graph.StreamGraph job(Path dir) {
        FerryConfig cfg = LiveConfig.of("""
                [sync_reader]
                cluster = true
                address = "%s"
                """.formatted(SOURCE.cluster().seedAddress()), TARGET.server().address(), dir, 2);
        SyncSource source = SyncSource.of(cfg.syncReader(), dir.resolve("spool"), 0);
        assertThat(source.splitCount()).as("one split per shard").isEqualTo(3);
        return JobGraphs.migration(cfg, null);
    }

    private static void awaitTargetEqualsCluster(int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            try {
                ClusterSourceCheck.assertTargetEqualsCluster(SOURCE.cluster(), TARGET.server());
                return;
            } catch (AssertionError e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
            }
            Thread.sleep(300);
        }
    }
}
