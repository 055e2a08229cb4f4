package dev.ferry.sink.rewrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.RdbFormatException;
import dev.ferry.testing.RedisServerExtension;
import dev.ferry.testing.TestData;
import dev.ferry.verify.KeyComparator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;

/**
 * Values made on a real Redis, DUMPed, turned into commands, applied to another real Redis and compared
 * there key by key with {@link KeyComparator}: 7.0 into 7.0, 7.0 into 6.2 (which cannot RESTORE 7.0's
 * encodings) and 6.2 into 7.0 (ziplists, quicklist v1 and v1 streams as the source). Small limits make
 * every value of more than a few elements take several commands.
 */
class ValueCommandsTest {
    @RegisterExtension
    static RedisServerExtension redis70 = RedisServerExtension.redis70();
    @RegisterExtension
    static RedisServerExtension otherRedis70 = RedisServerExtension.redis70();
    @RegisterExtension
    static RedisServerExtension redis62 = RedisServerExtension.redis62();

    private static final RewriteLimits SMALL = new RewriteLimits(7, 4096);

    static Stream<Arguments> sourceAndTarget() {
        return Stream.of(
                Arguments.of("7.0 into 7.0", redis70, otherRedis70),
                Arguments.of("7.0 into 6.2", redis70, redis62),
                Arguments.of("6.2 into 7.0", redis62, otherRedis70));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sourceAndTarget")
    void everyTypeAndEncodingRebuildsToTheSameValue(String name, RedisServerExtension source, RedisServerExtension target) {
        try (Jedis j = source.jedis()) {
            TestData.fillMixed(j, 2);
            TestData.fillBig(j);
            scores(j);
        }
        assertThat(migrateAll(source.server(), target.server(), SMALL)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("sourceAndTarget")
    void streamsWithDeletedAndTrimmedPendingEntriesGroupsAndConsumers(String name, RedisServerExtension source,
                                                                      RedisServerExtension target) throws Exception {
        try (Jedis j = source.jedis()) {
            TestData.configureEncodings(j, TestData.redisVersion(j));
            streams(j);
        }
        assertThat(migrateAll(source.server(), target.server(), SMALL)).isEmpty();
    }

    @Test
    void commandsOfAStreamSetItsCountersOnRedis70() {
        try (Jedis j = redis70.jedis()) {
            for (int i = 1; i <= 5; i++) {
                TestData.cmd(j, "XADD", "s", "9-" + i, "f", "v");
            }
            TestData.cmd(j, "XGROUP", "CREATE", "s", "g", "0");
            TestData.cmd(j, "XREADGROUP", "GROUP", "g", "c", "COUNT", "2", "STREAMS", "s", ">");
            // after the read: with a tombstone ahead, Redis 7.0 would not know entries-read (-1, sent as nothing)
            TestData.cmd(j, "XDEL", "s", "9-5");
            List<String> commands = texts(ValueCommands.of(j.dump(b("s")), b("s"), SMALL, Targets.probe(otherRedis70.server())));
            assertThat(commands).contains("XSETID s 9-5 ENTRIESADDED 5 MAXDELETEDID 9-5", "XGROUP CREATE s g 9-2 ENTRIESREAD 2");
            commands = texts(ValueCommands.of(j.dump(b("s")), b("s"), SMALL, Targets.probe(redis62.server())));
            assertThat(commands).contains("XSETID s 9-5", "XGROUP CREATE s g 9-2");
        }
    }

    @Test
    void aListOfAMillionElementsGoesThroughInBoundedBatchesDecodedAsTheyAreNeeded() {
        int n = 1_000_000;
        int batch = 500;
        byte[] key = b("list:million");
        byte[] payload;
        try (Jedis j = redis70.jedis()) {
            Pipeline p = j.pipelined();
            for (int i = 0; i < n; i += 10_000) {
                byte[][] items = new byte[10_000][];
                for (int k = 0; k < items.length; k++) {
                    items[k] = b("element-" + (i + k));
                }
                p.rpush(key, items);
            }
            p.sync();
            payload = j.dump(key);
        }
        RewriteLimits limits = new RewriteLimits(batch, RewriteLimits.DEFAULT_BATCH_BYTES);
        TargetCapabilities target62 = Targets.probe(redis62.server());

        long[] elements = {0};
        long[] commands = {0};
        Iterator<byte[][]> checked = observe(ValueCommands.of(payload, key, limits, target62), argv -> {
            assertThat(new String(argv[0], StandardCharsets.US_ASCII)).isEqualTo("RPUSH");
            assertThat(argv.length - 2).isBetween(1, batch);
            elements[0] += argv.length - 2;
            commands[0]++;
        });
        Targets.apply(checked, redis62.server(), 0);
        assertThat(elements[0]).isEqualTo(n);
        assertThat(commands[0]).isEqualTo(n / batch);
        try (Jedis s = redis70.jedis(); Jedis t = redis62.jedis()) {
            assertThat(new KeyComparator(1000).difference(s, t, key)).isNull();
        }

        // Cut the value in the middle: the commands for the first half come out before the decoder reaches
        // the cut, so the value is decoded as commands are pulled, not up front.
        byte[] raw = DumpPayload.rawValue(payload);
        byte[] half = DumpPayload.of(DumpPayload.type(payload), java.util.Arrays.copyOf(raw, raw.length / 2),
                DumpPayload.rdbVersion(payload));
        Iterator<byte[][]> cut = ValueCommands.of(half, key, limits, target62);
        long before = 0;
        try {
            while (cut.hasNext()) {
                cut.next();
                before++;
            }
        } catch (RdbFormatException expected) {
            // the decoder reached the cut
        }
        assertThat(before).isBetween(n / batch / 2 - 50L, n / batch / 2L);
    }

    @Test
    void aStringLongerThanTheByteLimitIsSetThenAppendedInChunks() {
        byte[] key = b("big:string");
        try (Jedis j = redis70.jedis()) {
            TestData.fillBig(j);
            List<byte[][]> commands = new ArrayList<>();
            ValueCommands.of(j.dump(key), key, new RewriteLimits(10, 100_000), Targets.probe(redis62.server()))
                    .forEachRemaining(commands::add);
            assertThat(commands).hasSize((TestData.BIG_STRING_SIZE + 99_999) / 100_000);
            assertThat(texts(commands.iterator()).stream().map(c -> c.substring(0, c.indexOf(' ')))).startsWith("SET")
                    .containsOnly("SET", "APPEND");
            assertThat(commands).allSatisfy(c -> assertThat(c[2].length).isLessThanOrEqualTo(100_000));
            Targets.apply(commands.iterator(), redis62.server(), 0);
            try (Jedis t = redis62.jedis()) {
                assertThat(new KeyComparator(1000).difference(j, t, key)).isNull();
            }
        }
    }

    @Test
    void anElementLongerThanTheTargetTakesIsUnsupported() {
        try (Jedis j = redis70.jedis()) {
            j.rpush("l", "short", "x".repeat(300));
            TargetCapabilities tiny = new TargetCapabilities("7.0.15", Targets.probe(redis70.server()).acceptedRdbVersions(),
                    100, false);
            Iterator<byte[][]> commands = ValueCommands.of(j.dump(b("l")), b("l"), new RewriteLimits(1, 1000), tiny);
            assertThat(commands.next().length).isEqualTo(3);
            assertThatThrownBy(commands::next).isInstanceOf(UnsupportedOnTargetException.class)
                    .hasMessageContaining("300 bytes").hasMessageContaining("proto-max-bulk-len of 100");
        }
    }

    // ---------------------------------------------------------------- data

    /** Scores whose text must read back exactly, in a listpack (small) and a skiplist (> 128 members). */
    private static void scores(Jedis j) {
        Map<String, Double> scores = new LinkedHashMap<>();
        scores.put("tenth", 0.1);
        scores.put("huge", 1e308);
        scores.put("max", Double.MAX_VALUE);
        scores.put("ninf", Double.NEGATIVE_INFINITY);
        scores.put("pinf", Double.POSITIVE_INFINITY);
        scores.put("ulp", 3.0000000000000004);
        scores.put("subnormal", Double.MIN_VALUE);
        scores.put("third", 1.0 / 3);
        scores.put("big-int", 9007199254740993.0);
        j.zadd("zset:scores", scores);
        // Not in the small one: Redis 7.0 stores a listpack score that a long long holds exactly as an integer,
        // so ZADD turns -0 into 0 there (RESTORE keeps the source's "-0" text). A skiplist keeps the double.
        scores.put("negzero", -0.0);
        for (int i = 0; i < 200; i++) {
            scores.put("m" + i, i / 7.0);
        }
        j.zadd("zset:scores:skiplist", scores);
    }

    /** Streams that exercise ids, counters, groups, consumers and pending entries (Redis 6.2 and 7.0). */
    private static void streams(Jedis j) throws InterruptedException {
        // Pending entries whose entries were deleted, in the middle and at the tail; delivery counts of 2.
        for (int i = 1; i <= 20; i++) {
            TestData.cmd(j, "XADD", "s:pel", "1000-" + i, "f", "v" + i);
        }
        TestData.cmd(j, "XGROUP", "CREATE", "s:pel", "g", "0");
        TestData.cmd(j, "XREADGROUP", "GROUP", "g", "alice", "COUNT", "8", "STREAMS", "s:pel", ">");
        Thread.sleep(3);
        TestData.cmd(j, "XREADGROUP", "GROUP", "g", "bob", "COUNT", "12", "STREAMS", "s:pel", ">");
        TestData.cmd(j, "XREADGROUP", "GROUP", "g", "alice", "STREAMS", "s:pel", "0");
        TestData.cmd(j, "XACK", "s:pel", "g", "1000-1", "1000-2");
        TestData.cmd(j, "XDEL", "s:pel", "1000-2", "1000-5", "1000-19", "1000-20");
        TestData.cmd(j, "XGROUP", "CREATE", "s:pel", "g2", "1000-10");
        TestData.cmd(j, "XGROUP", "CREATECONSUMER", "s:pel", "g2", "idle-one");

        // Pending entries trimmed away at the head: Redis 7.0 keeps max-deleted-entry-id at 0-0.
        for (int i = 1; i <= 30; i++) {
            TestData.cmd(j, "XADD", "s:trimmed", "2000-" + i, "f", "v");
        }
        TestData.cmd(j, "XGROUP", "CREATE", "s:trimmed", "g", "0");
        TestData.cmd(j, "XREADGROUP", "GROUP", "g", "c", "COUNT", "10", "STREAMS", "s:trimmed", ">");
        TestData.cmd(j, "XTRIM", "s:trimmed", "MAXLEN", "15");

        // Streams without entries: last id 0-0 with and without a group, all deleted, trimmed on insert.
        TestData.cmd(j, "XGROUP", "CREATE", "s:mkstream", "g", "$", "MKSTREAM");
        TestData.cmd(j, "XGROUP", "CREATE", "s:destroyed", "g", "$", "MKSTREAM");
        TestData.cmd(j, "XGROUP", "DESTROY", "s:destroyed", "g");
        TestData.cmd(j, "XADD", "s:alldeleted", "5-1", "f", "v");
        TestData.cmd(j, "XADD", "s:alldeleted", "5-2", "f", "v");
        TestData.cmd(j, "XDEL", "s:alldeleted", "5-1", "5-2");
        TestData.cmd(j, "XADD", "s:maxlen0", "MAXLEN", "0", "7-7", "f", "v");

        // Many nodes and fields, pending entries delivered in runs at different times, some acknowledged.
        Pipeline p = j.pipelined();
        for (int i = 1; i <= 1000; i++) {
            if (i % 7 == 0) {
                p.sendCommand(() -> b("XADD"), b("s:long"), b("3000-" + i), b("other"), b("x" + i), b("bin"), new byte[] {0, (byte) 0xff});
            } else {
                p.sendCommand(() -> b("XADD"), b("s:long"), b("3000-" + i), b("f"), b("v" + i));
            }
        }
        p.sync();
        TestData.cmd(j, "XGROUP", "CREATE", "s:long", "g", "0");
        TestData.cmd(j, "XGROUP", "CREATE", "s:long", "late", "$");
        for (int round = 0; round < 2; round++) {
            for (int c = 0; c < 5; c++) {
                TestData.cmd(j, "XREADGROUP", "GROUP", "g", "c" + c, "COUNT", "50", "STREAMS", "s:long", ">");
                Thread.sleep(2);
            }
        }
        TestData.cmd(j, "XACK", "s:long", "g", "3000-3", "3000-60", "3000-61", "3000-420");
        TestData.cmd(j, "XCLAIM", "s:long", "g", "c9", "0", "3000-100", "3000-101", "RETRYCOUNT", "7");
    }

    // ---------------------------------------------------------------- helpers

    /** Rewrites every key of dbs 0, 1 and 5 from source into target; the differences KeyComparator finds. */
    private static List<String> migrateAll(LocalRedisServer source, LocalRedisServer target, RewriteLimits limits) {
        TargetCapabilities capabilities = Targets.probe(target);
        KeyComparator comparator = new KeyComparator(1000);
        List<String> differences = new ArrayList<>();
        try (Jedis s = source.jedis(); Jedis t = target.jedis()) {
            for (int db : new int[] {0, 1, 5}) {
                s.select(db);
                t.select(db);
                for (byte[] key : s.keys(b("*"))) {
                    Iterator<byte[][]> commands = observe(ValueCommands.of(s.dump(key), key, limits, capabilities),
                            argv -> assertWithinLimits(argv, limits));
                    Targets.apply(commands, target, db);
                    long pttl = s.pttl(key);
                    if (pttl > 0) {
                        t.pexpire(key, pttl);
                    }
                    String d = comparator.difference(s, t, key);
                    if (d != null) {
                        differences.add("db " + db + " " + new String(key, StandardCharsets.ISO_8859_1) + ": " + d);
                    }
                }
            }
        }
        return differences;
    }

    /** No command carries more elements than the batch size, and no string chunk more bytes than the limit. */
    private static void assertWithinLimits(byte[][] argv, RewriteLimits limits) {
        String verb = new String(argv[0], StandardCharsets.US_ASCII);
        int elements = switch (verb) {
            case "RPUSH", "SADD", "XDEL" -> argv.length - 2;
            case "ZADD", "HSET" -> (argv.length - 2) / 2;
            case "XCLAIM" -> argv.length - 11; // XCLAIM key group consumer 0 <ids> TIME t RETRYCOUNT n FORCE JUSTID
            default -> 1;
        };
        assertThat(elements).as(verb).isBetween(1, limits.batchElements());
        if (verb.equals("SET") || verb.equals("APPEND")) {
            assertThat((long) argv[2].length).isLessThanOrEqualTo(limits.batchBytes());
        }
    }

    private static Iterator<byte[][]> observe(Iterator<byte[][]> commands, java.util.function.Consumer<byte[][]> check) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return commands.hasNext();
            }

            @Override
            public byte[][] next() {
                byte[][] argv = commands.next();
                check.accept(argv);
                return argv;
            }
        };
    }

    static List<String> texts(Iterator<byte[][]> commands) {
        List<String> out = new ArrayList<>();
        commands.forEachRemaining(argv -> {
            StringBuilder sb = new StringBuilder();
            for (byte[] a : argv) {
                sb.append(sb.length() == 0 ? "" : " ").append(new String(a, StandardCharsets.ISO_8859_1));
            }
            out.add(sb.toString());
        });
        return out;
    }

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
