package dev.ferry.verify.check;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.RedisClusterExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/** {@code ferry check} of a 10,000-key RDB snapshot against a real 3-master cluster that holds 500 of the keys. */
class CheckClusterITCase {
    @RegisterExtension
    static RedisClusterExtension redis = RedisClusterExtension.redis70(3, 1);

    static LocalRedisServer source;
    static Path db0Only;

    @TempDir
    Path dir;

    @BeforeAll
    static void snapshot(@TempDir Path files) throws Exception {
        source = LocalRedisServer.start(RedisBinary.redis70());
        try (Jedis j = source.jedis()) {
            CheckData.fillSource(j);
            j.save();
        }
        db0Only = Files.copy(source.rdbFile(), files.resolve("db0.rdb"));
    }

    @AfterAll
    static void stop() {
        source.close();
    }

    @Test
    void countsExistingKeysOnEachMasterBySlotAndShowsTheTopology() throws Exception {
        try (JedisCluster c = redis.client()) {
            CheckData.fillTarget(c::set);
        }
        Path cfg = MigrationConfig.rdbToRedis(db0Only, redis.cluster().seedAddress(), dir).writer("cluster", "true").write();
        InProcessRun panic = CheckRun.of(cfg);
        assertThat(panic.code()).as(panic.out() + panic.err()).isEqualTo(1);
        assertThat(panic.out()).contains("500 of 10,000 source keys exist on the target", "panic would stop at the first of 500",
                "target        cluster " + redis.cluster().seedAddress(), "slots [0-5460]", "replicas  ");

        InProcessRun rewrite = CheckRun.of(cfg, "--set", "advanced.rdb_restore_command_behavior=rewrite", "--format", "json");
        assertThat(rewrite.code()).as(rewrite.out()).isZero();
        JsonNode json = new ObjectMapper().readTree(rewrite.out());
        assertThat(json.at("/collisions/existing").asLong()).isEqualTo(500);
        assertThat(json.at("/target/kind").asText()).isEqualTo("cluster");
        assertThat(json.at("/target/masters")).hasSize(3);
        long keysOnMasters = 0;
        for (JsonNode m : json.at("/target/masters")) {
            assertThat(m.get("replicas")).hasSize(1);
            keysOnMasters += m.at("/facts/keys").asLong();
        }
        assertThat(keysOnMasters).isEqualTo(500);
    }

    @Test
    void sourceKeysOutsideDb0AreABlockerForACluster() throws Exception {
        try (Jedis j = source.jedis()) {
            j.select(3);
            j.set("elsewhere", "1");
            j.save();
            j.flushDB();
        }
        Path cfg = MigrationConfig.rdbToRedis(source.rdbFile(), redis.cluster().seedAddress(), dir).writer("cluster", "true")
                .policy("rewrite").write();
        InProcessRun r = CheckRun.of(cfg);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.out()).contains("db3         1 keys not looked up (a cluster has only db 0)")
                .containsPattern("BLOCKER +cluster +the source has keys in db \\[3\\] \\(1 keys\\) and a cluster target has only db 0");

        Path mapped = MigrationConfig.rdbToRedis(source.rdbFile(), redis.cluster().seedAddress(), dir).writer("cluster", "true")
                .policy("rewrite").filter("db_map", "{ \"3\" = 0 }").write();
        InProcessRun m = CheckRun.of(mapped);
        assertThat(m.code()).as(m.out()).isZero();
        assertThat(m.out()).doesNotContain("not looked up").doesNotContain("BLOCKER");
    }
}
