package dev.ferry.cli;

import static dev.ferry.testing.Summary.count;
import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.FerryProcess;
import dev.ferry.testing.MigrationConfig;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.ValueSnapshot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Keys far bigger than one RESTORE may be: a list of 10M elements and a sorted set of 2M members, with
 * {@code target_redis_proto_max_bulk_len} at 1 MB, migrated by {@code ferry run} in a JVM of its own with a
 * 512 MB heap. Both go by element commands and arrive equal, compared element by element.
 */
class BigKeyITCase {
    private static final int LIST_SIZE = 10_000_000;
    private static final int ZSET_SIZE = 2_000_000;
    private static final int FILL_BATCH = 10_000;
    private static final int COMPARE_CHUNK = 200_000;
    private static final byte[] LIST = b("big:list");
    private static final byte[] ZSET = b("big:zset");

    @RegisterExtension
    static SourceAndTarget servers = SourceAndTarget.filledWith(BigKeyITCase::fill);

    @TempDir
    Path dir;

    /** Items "0".."9999999"; members "member:i" with scores i * 0.75 - 1000000 (negative, fractional, whole). */
    private static void fill(Jedis j) {
        Pipeline p = j.pipelined();
        for (int i = 0; i < LIST_SIZE; i += FILL_BATCH) {
            byte[][] items = new byte[FILL_BATCH][];
            for (int k = 0; k < FILL_BATCH; k++) {
                items[k] = b(Integer.toString(i + k));
            }
            p.rpush(LIST, items);
        }
        for (int i = 0; i < ZSET_SIZE; i += FILL_BATCH) {
            Map<byte[], Double> members = new HashMap<>();
            for (int k = i; k < i + FILL_BATCH; k++) {
                members.put(b("member:" + k), k * 0.75 - 1_000_000);
            }
            p.zadd(ZSET, members);
        }
        p.sync();
    }

    @Test
    void aTenMillionElementListAndATwoMillionMemberZsetGoByCommandsInA512MbHeap() {
        Path cfg = MigrationConfig.rdbToRedis(servers.source().rdbFile(), servers.target().address(), dir)
                .advanced("target_redis_proto_max_bulk_len", Integer.toString(1 << 20))
                .write();
        String out;
        try (FerryProcess ferry = FerryProcess.start(dir.resolve("ferry.log"), "run", "-c", cfg.toString())) {
            int code = ferry.waitFor(Duration.ofMinutes(4));
            out = ferry.output();
            assertThat(code).as(out).isZero();
        }

        assertThat(count(out, "by commands")).isEqualTo(2);
        assertThat(count(out, "by RESTORE")).isZero();

        try (Jedis s = servers.source().jedis(60_000); Jedis t = servers.target().jedis(60_000)) {
            assertThat(t.llen(LIST)).isEqualTo(LIST_SIZE);
            assertThat(t.zcard(ZSET)).isEqualTo(ZSET_SIZE);
            for (long from = 0; from < LIST_SIZE; from += COMPARE_CHUNK) {
                assertSame("list items", from, s.lrange(LIST, from, from + COMPARE_CHUNK - 1),
                        t.lrange(LIST, from, from + COMPARE_CHUNK - 1));
            }
            for (long from = 0; from < ZSET_SIZE; from += COMPARE_CHUNK) {
                assertSame("zset members", from, s.zrangeWithScores(ZSET, from, from + COMPARE_CHUNK - 1),
                        t.zrangeWithScores(ZSET, from, from + COMPARE_CHUNK - 1));
            }
            assertThat(t.keys("ferry:*")).isEmpty();
        }
    }

    /** Element by element: AssertJ's list assertions take minutes on lists this long, DEBUG DIGEST-VALUE too. */
    private static void assertSame(String what, long from, List<?> expected, List<?> actual) {
        assertThat(actual).as("%s from %d", what, from).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            if (!Objects.deepEquals(expected.get(i), actual.get(i))) {
                throw new AssertionError(what + " differ at " + (from + i) + ": " + ValueSnapshot.text(expected.get(i))
                        + " on source, " + ValueSnapshot.text(actual.get(i)) + " on target");
            }
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
