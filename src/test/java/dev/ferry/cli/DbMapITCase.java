package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.testing.ClusterTargetCheck;
import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.RedisClusterExtension;
import dev.ferry.testing.RedisServerExtension;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.TestData;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * {@code [filter] db_map} end to end: a real Redis 7.0 snapshot with keys in dbs 0, 1 and 5 (no key name in two
 * dbs) into a 3-master cluster (then {@code ferry verify --extra} against it) and into a standalone Redis, and the
 * start check that stops a run into a cluster before the job is submitted when a db would not fit, for an RDB file
 * and for a {@code [scan_reader]} source.
 */
class DbMapITCase {
    @RegisterExtension
    static RedisClusterExtension cluster = RedisClusterExtension.redis70(3, 0);

    @RegisterExtension
    static RedisServerExtension standalone = RedisServerExtension.redis70();

    private static LocalRedisServer source;

    @TempDir
    Path dir;

    @BeforeAll
    static void snapshotWithKeysInDbs015() {
        source = LocalRedisServer.start(RedisBinary.redis70());
        try (Jedis j = source.jedis(60_000)) {
            TestData.fillMixedDb0(j, 2);
            j.select(1);
            j.set("one:str", "in db one");
            j.rpush("one:list", "x", "y", "z");
            j.hset("one:hash", Map.of("f", "v", "g", "w"));
            for (int i = 0; i < 200; i++) {
                j.set("one:n:" + i, "v" + i);
            }
            j.select(5);
            j.set("five:str", "in db five");
            j.pexpireAt("five:str", TestData.FAR_FUTURE_MS);
            j.sadd("five:set", "a", "b", "c");
            j.zadd("five:zset", 2.5, "m");
            TestData.cmd(j, "XADD", "five:stream", "1-1", "f", "v");
            j.select(0);
            assertThat(j.save()).isEqualTo("OK");
        }
    }

    @AfterAll
    static void stopSource() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void dbsMappedTo0LandInTheCluster() {
        Path cfg = MigrationConfig.rdbToRedis(source.rdbFile(), cluster.cluster().seedAddress(), dir)
                .writer("cluster", "true")
                .filter("db_map", "{ \"1\" = 0, \"5\" = 0 }")
                .write();

        InProcessRun r = InProcessRun.of(cfg);

        assertThat(r.code()).as(r.err()).isZero();
        ClusterTargetCheck.assertEqualsSource(source, cluster.cluster(), 0, 1, 5);

        // ferry verify --extra scans every master of the cluster and finds each key in the db db_map sent it from
        InProcessRun equal = InProcessRun.command("verify", "-c", cfg.toString(), "--extra");
        assertThat(equal.code()).as(equal.out() + equal.err()).isZero();
        try (JedisCluster c = cluster.client()) {
            c.set("only:on:target", "x");
        }
        InProcessRun extra = InProcessRun.command("verify", "-c", cfg.toString(), "--extra");
        assertThat(extra.code()).as(extra.out() + extra.err()).isEqualTo(1);
        assertThat(dir.resolve("data/verify/differences.jsonl")).content().isEqualToIgnoringNewLines(
                "{\"db\":0,\"key\":\"only:on:target\",\"kind\":\"extra\",\"detail\":\"on target db 0, not on source\"}");
    }

    @Test
    void unmappedDbsIntoAClusterStopBeforeTheJob() {
        Path cfg = MigrationConfig.rdbToRedis(source.rdbFile(), cluster.cluster().seedAddress(), dir)
                .writer("cluster", "true")
                .filter("db_map", "{ \"1\" = 0 }")
                .write();
        long start = System.nanoTime();

        InProcessRun r = InProcessRun.of(cfg);

        assertThat(r.code()).isEqualTo(FerryMain.EXIT_BAD_INPUT);
        assertThat((System.nanoTime() - start) / 1_000_000_000).as("seconds until it stopped").isLessThan(10);
        assertThat(r.out()).as("no job was submitted").doesNotContain("Flink web UI");
        assertThat(r.err()).contains("has keys in db 0, 1, 5", "which has only db 0", cfg.toString(),
                "map db 5 to 0 with [filter] db_map = { \"1\" = 0, \"5\" = 0 }", "or migrate db 5 to a standalone target");
        try (Jedis j = cluster.cluster().masters().get(0).jedis()) {
            assertThat(j.dbSize()).isZero();
        }
    }

    @Test
    void aScanSourceWithUnmappedDbsIntoAClusterStopsBeforeTheJob() {
        Path cfg = MigrationConfig.scanToRedis(source.address(), cluster.cluster().seedAddress(), dir)
                .writer("cluster", "true")
                .filter("db_map", "{ \"5\" = 0 }")
                .write();

        InProcessRun r = InProcessRun.of(cfg);

        assertThat(r.code()).as(r.err()).isEqualTo(FerryMain.EXIT_BAD_INPUT);
        assertThat(r.out()).as("no job was submitted").doesNotContain("Flink web UI");
        assertThat(r.err()).contains("the source ([scan_reader] " + source.address() + ") has keys in db 0, 1, 5",
                "map db 1 to 0 with [filter] db_map = { \"1\" = 0, \"5\" = 0 }");
    }

    @Test
    void aStandaloneTargetTakesDb1AsDb3() {
        LocalRedisServer target = standalone.server();
        Path cfg = MigrationConfig.rdbToRedis(source.rdbFile(), target.address(), dir)
                .filter("db_map", "{ \"1\" = 3 }")
                .write();

        InProcessRun r = InProcessRun.of(cfg);

        assertThat(r.code()).as(r.err()).isZero();
        SourceAndTarget.assertDbEqual(source, 0, target, 0);
        SourceAndTarget.assertDbEqual(source, 1, target, 3);
        SourceAndTarget.assertDbEqual(source, 5, target, 5);
        try (Jedis t = target.jedis()) {
            t.select(1);
            assertThat(t.dbSize()).as("db 1 of the target").isZero();
        }
    }
}
