package dev.ferry.cli;

import static dev.ferry.testing.Summary.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.ClusterTargetCheck;
import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.RedisClusterExtension;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code ferry run} with a {@code [scan_reader]} of a real 3-master Redis 7.0 cluster into a standalone target. The
 * cluster is filled from a standalone server's snapshot by Ferry's own RDB path (checked key by key), so the target
 * can be compared with that server.
 */
class ScanClusterSourceITCase {
    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(j -> {
        TestData.fillMixedDb0(j, 2);
        TestData.fillStrings(j, 2_000, 32);
    });

    @RegisterExtension
    static RedisClusterExtension cluster = RedisClusterExtension.redis70(3, 0);

    @TempDir
    Path dir;

    @Test
    void everyMasterIsScannedAndTheTargetEqualsTheData() throws Exception {
        Files.createDirectories(dir.resolve("fill"));
        InProcessRun fill = InProcessRun.of(MigrationConfig.rdbToRedis(servers.source().rdbFile(),
                cluster.cluster().seedAddress(), dir.resolve("fill")).writer("cluster", "true").write());
        assertThat(fill.code()).as(fill.err()).isZero();
        ClusterTargetCheck.assertEqualsSource(servers.source(), cluster.cluster());

        InProcessRun r = InProcessRun.of(MigrationConfig.scanToRedis(cluster.cluster().seedAddress(),
                        servers.target().address(), dir)
                .reader("cluster", "true")
                .reader("count", "100")
                .flink("parallelism", "2")
                .write());

        assertThat(r.code()).as(r.err()).isZero();
        servers.assertTargetEqualsSource();
        assertThat(count(r.out(), "keys from source")).isEqualTo(servers.sourceKeys());
        try (Jedis t = servers.target().jedis()) {
            assertThat(t.functionList()).as("the library every master holds, loaded once and found identical twice")
                    .hasSize(1);
        }
    }

    @Test
    void aClusterNodeReadAsAStandaloneServerIsRefused() {
        InProcessRun r = InProcessRun.of(MigrationConfig.scanToRedis(cluster.cluster().seedAddress(),
                servers.target().address(), dir).write());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("[scan_reader] at " + cluster.cluster().seedAddress() + " is a cluster node",
                "set [scan_reader] cluster = true");
    }
}
