package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisCluster;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.LocalSentinel;
import dev.ferry.local.RedisBinary;
import dev.ferry.sink.cluster.Slots;
import dev.ferry.testing.ClusterTargetCheck;
import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.RedisClusterExtension;
import dev.ferry.testing.RedisSentinelExtension;
import dev.ferry.testing.ReplicaProgress;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.SourceWriter;
import dev.ferry.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.Jedis;

/**
 * {@code ferry run} of a real db-0 snapshot into a real cluster (3 masters with a replica each) and into a
 * Sentinel-managed master, and of a live source into the cluster while it is resharded and failed over.
 */
class ClusterMigrationITCase {
    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(j -> {
        TestData.fillMixedDb0(j, 5);
        TestData.fillStrings(j, 2000, 64);
    });

    @RegisterExtension
    static RedisClusterExtension cluster = RedisClusterExtension.redis70(3, 1);

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

    /**
     * A live source whose application keeps counting (INCR) and appending the round number (APPEND) on keys in a slot
     * range that moves between masters and on keys of a master that is failed over, all while {@code ferry run}
     * replicates at parallelism 2: the run ends by itself (exit 0) once the application stops, and every counter and
     * every appended sequence on the cluster equals the source's (each write applied once, in order, no restart).
     */
    @Test
    void liveSourceIntoAClusterThatIsReshardedAndFailedOverMeanwhile() throws Exception {
        LocalRedisCluster c = cluster.cluster();
        LocalRedisServer from = c.masters().get(0);
        LocalRedisServer to = c.masters().get(1);
        LocalRedisServer victim = c.masters().get(2);
        int first = IntStream.range(0, LocalRedisCluster.SLOTS).filter(slot -> c.nodeForSlot(slot).equals(from)).findFirst()
                .orElseThrow();
        int last = first + 49;
        List<String> keys = new ArrayList<>(taggedKeys(slot -> slot >= first && slot <= last, 10));
        keys.addAll(taggedKeys(slot -> c.nodeForSlot(slot).equals(victim), 10));
        try (LocalRedisServer source = liveSource()) {
            Path cfg = MigrationConfig.syncToRedis(source.address(), c.seedAddress(), dir)
                    .writer("cluster", "true")
                    .flink("parallelism", "2")
                    .flink("checkpoint_interval", "\"300ms\"")
                    .write();
            SourceWriter app = SourceWriter.startCounting(source, keys);
            CompletableFuture<InProcessRun> run = runUntilConsistent(cfg);
            try {
                ReplicaProgress.awaitAcked(source, false); // the snapshot is on the target, the application still writing

                c.migrateSlots(from, to, first, last);
                assertThat(c.nodeForSlot(first)).as("owner of slot %d", first).isEqualTo(to);
                LocalRedisServer promoted = c.failover(victim);
                assertThat(role(victim)).isEqualTo("slave");
                assertThat(role(promoted)).isEqualTo("master");
                long opsAfterTheChanges = app.ops();
                assertThat(run).as("the run while the cluster changed").isNotDone();
                // every key written again after both changes, then the application stops and the run may end
                app.awaitOps(opsAfterTheChanges + keys.size());
                assertThat(run).isNotDone();
            } finally {
                app.stopAndJoin();
            }
            InProcessRun r = run.get(120, TimeUnit.SECONDS);

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(r.out()).contains("Consistent: the target has acknowledged everything");
            ClusterTargetCheck.assertEqualsSource(source, c);
            assertVerifiedWithExtra(cfg);
        }
    }

    /**
     * A live source into a Sentinel-managed master that is failed over (SENTINEL FAILOVER) while {@code ferry run}
     * replicates: the old master acknowledged writes it then dropped, so the writer fails the next checkpoint and Flink
     * restarts the job from the last completed one, which continues the replication by PSYNC (+CONTINUE: the source
     * counts a partial sync). The application's writes can be applied twice without harm; the run ends by itself with
     * exit 0 and the new master equals the source.
     */
    @Test
    void liveSourceIntoASentinelTargetThatFailsOverMeanwhileRestartsFromACheckpoint() throws Exception {
        LocalSentinel s = sentinel.sentinel();
        LocalRedisServer old = s.currentMaster();
        List<String> keys = IntStream.range(0, 20).mapToObj(i -> ":" + i).toList();
        try (LocalRedisServer source = liveSource()) {
            Path cfg = MigrationConfig.syncToRedis(source.address(), s.sentinelAddresses().get(0), dir)
                    .writer("sentinel", "true")
                    .writer("master", "\"" + s.masterName() + "\"")
                    .flink("checkpoint_interval", "\"300ms\"")
                    .write();
            SourceWriter app = SourceWriter.startOverwriting(source, keys);
            CompletableFuture<InProcessRun> run = runUntilConsistent(cfg);
            try {
                ReplicaProgress.awaitAcked(source, false);
                assertThat(stat(source, "sync_partial_ok")).isZero();

                LocalRedisServer promoted = s.failover();
                assertThat(promoted).isNotEqualTo(old);
                assertThat(role(old)).isEqualTo("slave");
                long opsAfterTheFailover = app.ops();
                assertThat(run).as("the run while the target failed over").isNotDone();
                app.awaitOps(opsAfterTheFailover + keys.size());
                ReplicaProgress.awaitStat(source, "sync_partial_ok", 1); // the restarted job continues the replication
                assertThat(run).isNotDone();
            } finally {
                app.stopAndJoin();
            }
            InProcessRun r = run.get(120, TimeUnit.SECONDS);

            assertThat(r.code()).as(r.err()).isZero();
            assertThat(stat(source, "sync_full")).as("no second full sync").isOne();
            assertThat(stat(source, "sync_partial_ok")).as("one restart").isOne();
            SourceAndTarget.assertEqual(source, s.currentMaster());
            assertVerifiedWithExtra(cfg);
        }
    }

    /** {@code ferry verify --extra} finds the target equal, its own keys scanned on every master. */
    private static void assertVerifiedWithExtra(Path cfg) {
        InProcessRun v = InProcessRun.command("verify", "-c", cfg.toString(), "--extra");
        assertThat(v.code()).as(v.out() + v.err()).isZero();
        assertThat(v.out()).contains("EQUAL");
    }

    private static long stat(LocalRedisServer server, String name) {
        try (Jedis j = server.jedis()) {
            return Long.parseLong(ReplicaProgress.field(j.info("stats"), name));
        }
    }

    /** A source of its own with a snapshot's worth of keys: the live tests write to it. */
    private static LocalRedisServer liveSource() {
        LocalRedisServer source = LocalRedisServer.start(RedisBinary.redis70());
        try (Jedis j = source.jedis(60_000)) {
            TestData.fillStrings(j, 5000, 64);
        }
        return source;
    }

    /** {@code ferry run --stop-when-consistent} on another thread: it ends once the application has stopped writing. */
    private static CompletableFuture<InProcessRun> runUntilConsistent(Path cfg) {
        return CompletableFuture.supplyAsync(() -> InProcessRun.of(cfg, "--stop-when-consistent", "--consistent-for", "3s"));
    }

    /** {@code count} keys {@code {tag}:0}, each with a hash tag of its own whose slot passes {@code slots}. */
    private static List<String> taggedKeys(IntPredicate slots, int count) {
        return IntStream.iterate(0, t -> t + 1).mapToObj(t -> "{k" + t + "}")
                .filter(tag -> slots.test(Slots.slot(tag.getBytes(StandardCharsets.UTF_8))))
                .limit(count).map(tag -> tag + ":0").toList();
    }

    private static String role(LocalRedisServer node) {
        try (Jedis j = node.jedis()) {
            return ReplicaProgress.field(j.info("replication"), "role");
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
