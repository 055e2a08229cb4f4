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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;

/**
 * {@code [filter] function} end to end through {@code ferry run}: a real Redis 7.0 snapshot (the mixed data set in dbs
 * 0, 1 and 5, with {@code prefix_old_} keys of several types) through a script written in RedisShake's function API,
 * from its documented examples (drop hashes by GROUP, rename a key prefix over KEY_INDEXES, swap two dbs). The target
 * holds what the script says: the source without hashes, renamed, dbs 1 and 5 swapped, with values and TTLs.
 */
class FunctionRunITCase {
    static final String SCRIPT = """
            if GROUP == "HASH" then
              return
            end
            local prefix_old = "prefix_old_"
            local prefix_new = "prefix_new_"
            for i, index in ipairs(KEY_INDEXES) do
              local key = ARGV[index]
              if string.sub(key, 1, #prefix_old) == prefix_old then
                ARGV[index] = prefix_new .. string.sub(key, #prefix_old + 1)
              end
            end
            local db = DB
            if DB == 1 then
              db = 5
            elseif DB == 5 then
              db = 1
            end
            shake.call(db, ARGV)
            """;

    @RegisterExtension
    static RedisServerExtension target = RedisServerExtension.redis70();

    @TempDir
    Path dir;

    @Test
    void theTargetHoldsWhatTheScriptMakesOfTheSnapshot() {
        try (LocalRedisServer source = LocalRedisServer.start(RedisBinary.redis70())) {
            try (Jedis j = source.jedis(60_000)) {
                TestData.fillMixed(j, 1);
                for (int db : new int[] {0, 1, 5}) {
                    j.select(db);
                    j.set("prefix_old_str", "s" + db);
                    j.pexpireAt("prefix_old_str", TestData.FAR_FUTURE_MS);
                    j.rpush("prefix_old_list", "a", "b");
                    j.hset("prefix_old_hash", "f", "v");
                    j.zadd("prefix_old_zset", 2.5, "m");
                }
                j.select(0);
                assertThat(j.save()).isEqualTo("OK");
            }
            Path cfg = MigrationConfig.rdbToRedis(source.rdbFile(), target.server().address(), dir)
                    .filter("function", "'''\n" + SCRIPT + "'''")
                    .write();

            InProcessRun r = InProcessRun.of(cfg);

            assertThat(r.code()).as(r.err()).isZero();
            long hashes = 0;
            for (int db : new int[] {0, 1, 5}) {
                hashes += FilteredSource.dropType(source, db, "hash");
                FilteredSource.renamePrefix(source, db, "prefix_old_", "prefix_new_");
            }
            SourceAndTarget.assertDbEqual(source, 0, target.server(), 0);
            SourceAndTarget.assertDbEqual(source, 1, target.server(), 5);
            SourceAndTarget.assertDbEqual(source, 5, target.server(), 1);
            try (Jedis t = target.server().jedis()) {
                t.select(5);
                assertThat(t.get("prefix_new_str")).isEqualTo("s1");
                assertThat(t.pexpireTime("prefix_new_str")).isEqualTo(TestData.FAR_FUTURE_MS);
            }
            assertThat(hashes).isGreaterThan(3);
            assertThat(Summary.count(r.out(), "dropped by function")).isEqualTo(hashes);
        }
    }
}
