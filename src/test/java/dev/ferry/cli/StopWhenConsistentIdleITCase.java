package dev.ferry.cli;

import static dev.ferry.testing.Summary.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.ClusterSourceCheck;
import dev.ferry.testing.FerryProcess;
import dev.ferry.testing.LiveConfig;
import dev.ferry.testing.RedisClusterExtension;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.TestData;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.JedisCluster;

/**
 * {@code ferry run --stop-when-consistent} from sources nobody writes to: it ends by itself soon after the snapshot is
 * on the target, from a standalone server (one split) and from a 3-master cluster (three splits over two readers).
 */
class StopWhenConsistentIdleITCase {
    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(j -> TestData.fillMixed(j, 1));

    @RegisterExtension
    static final RedisClusterExtension CLUSTER = RedisClusterExtension.redis70(3, 0);

    private static final Duration RUN_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path dir;

    /** Ends by itself, or the test fails with its output after {@link #RUN_TIMEOUT}. */
    private String runToItsEnd(Path cfg) {
        try (FerryProcess p = FerryProcess.start(dir.resolve("ferry.log"), "run", "-c", cfg.toString(),
                "--stop-when-consistent", "--consistent-for", "1s")) {
            assertThat(p.waitFor(RUN_TIMEOUT)).as(p.output()).isZero();
            return p.output();
        }
    }

    @Test
    void anIdleStandaloneSourceStopsSoonAfterTheSnapshot() {
        Path cfg = LiveConfig.write("[sync_reader]\naddress = \"" + servers.source().address() + "\"\n",
                servers.target().address(), dir, 1);
        String out = runToItsEnd(cfg);
        assertThat(out).contains("Consistent: the target has acknowledged everything the source sent (1 split)",
                "Stopped with savepoint");
        assertThat(count(out, "keys written")).isEqualTo(servers.sourceKeys());
        servers.assertTargetEqualsSource();
    }

    @Test
    void anIdleClusterSourceStopsOnceEveryShardIsOnTheTarget() {
        try (JedisCluster c = CLUSTER.client()) {
            for (int i = 0; i < 300; i++) {
                c.set("str:" + i, "v" + i);
                c.hset("hash:" + i, Map.of("a", "1", "b", Integer.toString(i)));
            }
        }
        Path cfg = LiveConfig.write("[sync_reader]\ncluster = true\naddress = \"" + CLUSTER.cluster().seedAddress() + "\"\n",
                servers.target().address(), dir, 2);
        assertThat(runToItsEnd(cfg)).contains("(3 splits)", "Stopped with savepoint");
        ClusterSourceCheck.assertTargetEqualsCluster(CLUSTER.cluster(), servers.target());
    }
}
