package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalSentinel;
import dev.ferry.testing.ClusterTargetCheck;
import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.RedisClusterExtension;
import dev.ferry.testing.RedisSentinelExtension;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.TestData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/** {@code ferry run} of a real db-0 snapshot into a real cluster (3 masters) and into a Sentinel-managed master. */
class ClusterMigrationITCase {
    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(j -> {
        TestData.fillMixedDb0(j, 5);
        TestData.fillStrings(j, 2000, 64);
    });

    @RegisterExtension
    static RedisClusterExtension cluster = RedisClusterExtension.redis70(3, 0);

    @RegisterExtension
    static RedisSentinelExtension sentinel = RedisSentinelExtension.redis70();

    @TempDir
    Path dir;

    @ParameterizedTest(name = "parallelism {0}")
    @ValueSource(ints = {1, 2})
    void snapshotIntoClusterEqualsSource(int parallelism) {
        Path cfg = MigrationConfig.rdbToRedis(servers.source().rdbFile(), cluster.cluster().seedAddress(), dir)
                .writer("cluster", "true")
                .flink("parallelism", Integer.toString(parallelism))
                .write();

        InProcessRun r = InProcessRun.of(cfg);

        assertThat(r.code()).as(r.err()).isZero();
        ClusterTargetCheck.assertEqualsSource(servers.source(), cluster.cluster());
        try (Jedis j = cluster.cluster().masters().get(2).jedis()) {
            assertThat(j.functionList("ferrytest")).as("FUNCTION LOAD reaches every master").hasSize(1);
        }
    }

    @Test
    void snapshotIntoSentinelTargetEqualsSource() {
        LocalSentinel s = sentinel.sentinel();
        Path cfg = MigrationConfig.rdbToRedis(servers.source().rdbFile(), s.sentinelAddresses().get(0), dir)
                .writer("sentinel", "true")
                .writer("master", "\"" + s.masterName() + "\"")
                .write();

        InProcessRun r = InProcessRun.of(cfg);

        assertThat(r.code()).as(r.err()).isZero();
        SourceAndTarget.assertEqual(servers.source(), s.currentMaster());
    }
}
