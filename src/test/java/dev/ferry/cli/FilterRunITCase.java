package dev.ferry.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.testing.FilteredSource;
import dev.ferry.testing.InProcessRun;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.RedisServerExtension;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.Summary;
import dev.ferry.testing.TestData;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code [filter]} end to end through {@code ferry run}: a real Redis 7.0 snapshot (the mixed data set in dbs 0, 1
 * and 5, plus {@code user:} keys of every type, some with TTLs, in each db) into a standalone Redis with
 * {@code allow_key_prefix}, {@code block_db} and {@code key_prefix_map}: the target holds exactly the allowed keys,
 * renamed, with their values and TTLs, and the summary counts the keys left out.
 */
class FilterRunITCase {
    @RegisterExtension
    static RedisServerExtension target = RedisServerExtension.redis70();

    @TempDir
    Path dir;

    @Test
    void onlyAllowedKeysOfAllowedDbsArriveRenamed() {
        try (LocalRedisServer source = LocalRedisServer.start(RedisBinary.redis70())) {
            try (Jedis j = source.jedis(60_000)) {
                TestData.fillMixed(j, 1);
                for (int db : new int[] {0, 1, 5}) {
                    j.select(db);
                    j.set("user:str:" + db, "s" + db);
                    j.pexpireAt("user:str:" + db, TestData.FAR_FUTURE_MS);
                    j.rpush("user:list:" + db, "a", "b", "c");
                    j.hset("user:hash:" + db, Map.of("f", "v", "g", "w"));
                    j.sadd("user:set:" + db, "x", "y");
                    j.zadd("user:zset:" + db, 1.5, "m");
                    TestData.cmd(j, "XADD", "user:stream:" + db, "1-1", "f", "v");
                    j.set("x:user:" + db, "a prefix further in is not the prefix");
                }
                j.select(0);
                assertThat(j.save()).isEqualTo("OK");
            }
            Path cfg = MigrationConfig.rdbToRedis(source.rdbFile(), target.server().address(), dir)
                    .filter("allow_key_prefix", "[\"user:\"]")
                    .filter("block_db", "[5]")
                    .filter("key_prefix_map", "{ \"user:\" = \"acct:\" }")
                    .write();

            InProcessRun r = InProcessRun.of(cfg);

            assertThat(r.code()).as(r.err()).isZero();
            long leftOut = FilteredSource.dropDb(source, 5) + FilteredSource.keepOnly(source, 0, "user:", "acct:")
                    + FilteredSource.keepOnly(source, 1, "user:", "acct:");
            for (int db : new int[] {0, 1, 5}) {
                SourceAndTarget.assertDbEqual(source, db, target.server(), db);
            }
            try (Jedis t = target.server().jedis()) {
                assertThat(t.dbSize()).as("db 0 of the target").isEqualTo(6);
                t.select(1);
                assertThat(t.get("acct:str:1")).isEqualTo("s1");
            }
            assertThat(Summary.count(r.out(), "keys written")).isEqualTo(12);
            assertThat(Summary.count(r.out(), "filtered out, keys")).isEqualTo(leftOut);
            assertThat(leftOut).isGreaterThan(100);
        }
    }
}
