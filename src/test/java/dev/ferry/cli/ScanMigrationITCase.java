package dev.ferry.cli;

import static dev.ferry.testing.Summary.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.TestData;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/** {@code ferry run} with a {@code [scan_reader]}: a real 7.0 source read by SCAN + DUMP into a real 7.0 target. */
class ScanMigrationITCase {
    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(j -> TestData.fillMixed(j, 2));

    @TempDir
    Path dir;

    @Test
    void everyDbOfAStandaloneSourceEndsEqualOnTheTarget() {
        InProcessRun r = InProcessRun.of(config().reader("count", "20").write());

        assertThat(r.code()).as(r.err()).isZero();
        servers.assertTargetEqualsSource();
        assertThat(count(r.out(), "keys from source")).isEqualTo(servers.sourceKeys());
        try (Jedis s = servers.source().jedis(); Jedis t = servers.target().jedis()) {
            assertThat(t.functionListWithCode("ferrytest")).singleElement().satisfies(lib -> assertThat(lib.getLibraryCode())
                    .isEqualTo(s.functionListWithCode("ferrytest").get(0).getLibraryCode()));
        }
    }

    @Test
    void dbsLimitsTheScan() {
        InProcessRun r = InProcessRun.of(config().reader("dbs", "[1]").reader("count", "1000").write());

        assertThat(r.code()).as(r.err()).isZero();
        try (Jedis s = servers.source().jedis(); Jedis t = servers.target().jedis()) {
            s.select(1);
            t.select(1);
            assertThat(t.dbSize()).isEqualTo(s.dbSize()).isPositive();
            t.select(0);
            assertThat(t.dbSize()).isZero();
        }
    }

    @Test
    void ksnWithoutNotificationsOnTheSourceIsRefusedClearly() {
        try (Jedis s = servers.source().jedis()) {
            s.configSet("notify-keyspace-events", "");
        }
        InProcessRun r = InProcessRun.of(config().reader("ksn", "true").write());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("[scan_reader] ksn = true needs keyspace notifications", servers.source().address(),
                "notify-keyspace-events is \"\"", "set it to \"KA\"", "ksn_configure = true");
        try (Jedis t = servers.target().jedis()) {
            assertThat(t.dbSize()).isZero();
        }
    }

    @Test
    void unreachableSourceIsOneClearLine() {
        InProcessRun r = InProcessRun.of(MigrationConfig.scanToRedis("127.0.0.1:1", servers.target().address(), dir).write());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("cannot connect to [scan_reader] at 127.0.0.1:1");
    }

    @Test
    void aClusterNodeReadAsAStandaloneSourceIsRefused() {
        // a standalone server answers INFO cluster with cluster_enabled:0; the refusal itself is checked in
        // ScanClusterSourceITCase against real cluster nodes
        InProcessRun r = InProcessRun.of(config().reader("cluster", "true").write());

        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("[scan_reader]", servers.source().address(), "not a cluster node", "cluster = false");
    }

    private MigrationConfig config() {
        return MigrationConfig.scanToRedis(servers.source().address(), servers.target().address(), dir);
    }
}
