package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.config.ConflictPolicy;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.RdbType;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.source.RdbCorpus;
import dev.ferry.testing.RedisServerExtension;
import dev.ferry.testing.TestData;
import dev.ferry.testing.ValueSnapshot;
import dev.ferry.verify.KeyComparator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import redis.clients.jedis.Jedis;

/**
 * {@link RedisWriter}'s command path against real servers: a snapshot a real Redis 7.0 wrote, into a Redis 6.2
 * (which cannot RESTORE its listpacks, quicklist 2 lists and v2 streams) and into a Redis 7.0 told to RESTORE
 * only small payloads. Plus what no test server can produce: a Redis 7.4 hash with field TTLs from the corpus
 * and a module value.
 */
class CommandPathTest {
    private static final int[] DBS = {0, 1, 5};
    /** A list the 6.2 target cannot hold once its proto-max-bulk-len is 1 MB: one element is bigger. */
    private static final String HUGE_ELEMENT_LIST = "list:huge-element";
    private static final int HUGE_ELEMENT = 1_500_000;

    @RegisterExtension
    static RedisServerExtension redis62 = RedisServerExtension.redis62();
    @RegisterExtension
    static RedisServerExtension redis70 = RedisServerExtension.redis70();

    private static LocalRedisServer source;
    /** The source's snapshot: every value type and encoding of Redis 7.0, and the big-element list. */
    private static List<KeyEvent> snapshot;
    /** Keys no target here can hold: a 7.4 hash with field TTLs, a module value. */
    private static List<KeyEvent> unholdable;

    @BeforeAll
    static void snapshotOfARedis70() {
        source = LocalRedisServer.start(RedisBinary.redis70());
        try (Jedis j = source.jedis(60_000)) {
            TestData.fillMixed(j, 1);
            List<byte[]> items = new ArrayList<>();
            for (int i = 0; i < 600; i++) {
                items.add(("item-" + i).getBytes(StandardCharsets.US_ASCII));
            }
            items.add(new byte[HUGE_ELEMENT]);
            items.add(b("after"));
            j.rpush(b(HUGE_ELEMENT_LIST), items.toArray(new byte[0][]));
            j.save();
        }
        snapshot = ValueSnapshot.parse(source.rdbFile());
        KeyEvent hfe = ValueSnapshot.parse(RdbCorpus.file("hdt3213-rdb/hash_with_hfe.rdb")).get(0);
        // MODULE_2: module id 1 (6-bit length), then the EOF opcode; stamped RDB 8, so RESTORE is tried
        KeyEvent module = new KeyEvent(0, b("module:value"), RdbType.MODULE_2, DumpPayload.of(RdbType.MODULE_2, new byte[] {1, 0}, 8),
                KeyEvent.NO_EXPIRE, -1, -1, "handmade", 1);
        unholdable = List.of(hfe, module);
    }

    @AfterAll
    static void stopSource() {
        if (source != null) {
            source.close();
        }
    }

    @AfterEach
    void defaultBulkLen() {
        try (Jedis j = redis62.jedis()) {
            j.configSet("proto-max-bulk-len", "512mb");
        }
    }

    // ------------------------------------------------------------------ 7.0 into 6.2

    @Test
    void redis70SnapshotInto62ArrivesEqualExceptWhat62CannotHold() {
        try (Jedis j = redis62.jedis()) {
            j.configSet("proto-max-bulk-len", "1mb");
        }
        List<RedisEvent> events = new ArrayList<>(snapshot);
        events.addAll(unholdable);
        events.add(functionLoad());
        List<Conflict> conflicts = new ArrayList<>();
        WriteStats stats = write(redis62.server(), ConflictPolicy.IGNORE, 64, 512, 0, events, conflicts);

        assertThat(conflicts).allSatisfy(c -> {
            assertThat(c.action()).isEqualTo(Conflict.ACTION_UNSUPPORTED);
            assertThat(c.policy()).isEqualTo("ignore");
        });
        assertThat(conflicts.stream().map(c -> c.kind() + ":" + c.printableKey()))
                .containsExactlyInAnyOrder("key:" + HUGE_ELEMENT_LIST, "key:hash-hfe", "key:module:value", "function:ferrytest");
        assertThat(stats.unsupported()).isEqualTo(4);

        List<KeyEvent> written = snapshot.stream().filter(e -> !name(e).equals(HUGE_ELEMENT_LIST)).toList();
        List<KeyEvent> tooNew = written.stream().filter(CommandPathTest::newerThanRdb9).toList();
        assertThat(tooNew.stream().map(CommandPathTest::name))
                .contains("hash:small", "zset:small", "list:small", "list:plain", "stream:events", "ttl:hash", "db5:stream")
                .doesNotContain("str:embstr", "set:intset16", "set:strings", "hash:hashtable", "zset:skiplist");
        assertThat(stats.writtenByCommands()).isEqualTo(tooNew.size());
        assertThat(stats.writtenByRestore()).isEqualTo(written.size() - tooNew.size());
        assertThat(stats.written()).isEqualTo(written.size());
        assertThat(stats.bytes()).isEqualTo(written.stream().mapToLong(e -> e.payload().length).sum());

        assertEqualOnTarget(redis62.server(), written);
        try (Jedis t = redis62.jedis()) {
            assertThat(t.exists(HUGE_ELEMENT_LIST)).isFalse();
            assertThat(t.exists("hash-hfe")).isFalse();
            assertThat(t.exists("module:value")).isFalse();
        }
        assertNoTemporaryKeys(redis62.server());
    }

    @Test
    void panicStopsOnAKeyTheTargetCannotHoldAndSaysWhy() {
        try (Jedis j = redis62.jedis()) {
            j.configSet("proto-max-bulk-len", "1mb");
        }
        List<Conflict> conflicts = new ArrayList<>();
        Throwable t = catchThrowable(() -> write(redis62.server(), ConflictPolicy.PANIC, 64, 512, 0, List.of(event(0, HUGE_ELEMENT_LIST)),
                conflicts));

        assertThat(t).isInstanceOf(ConflictPanicException.class)
                .hasMessageContaining("key '" + HUGE_ELEMENT_LIST + "' in db 0")
                .hasMessageContaining(redis62.server().address())
                .hasMessageContaining("an element of " + HUGE_ELEMENT + " bytes is longer than the target's proto-max-bulk-len")
                .hasMessageContaining("\"ignore\"")
                .hasMessageContaining("unsupported_on_target");
        assertThat(conflicts).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Conflict.ACTION_UNSUPPORTED);
            assertThat(c.policy()).isEqualTo("panic");
        });
        // the first batches had been sent: their temporary key is gone again
        assertNoTemporaryKeys(redis62.server());
        try (Jedis j = redis62.jedis()) {
            assertThat(j.dbSize()).isZero();
        }

        Throwable library = catchThrowable(() -> write(redis62.server(), ConflictPolicy.PANIC, 64, 512, 0, List.of(functionLoad()),
                new ArrayList<>()));
        assertThat(library).isInstanceOf(ConflictPanicException.class)
                .hasMessageContaining("function library 'ferrytest'")
                .hasMessageContaining("function libraries need Redis 7.0+");
    }

    // ------------------------------------------------------------------ conflicts on the command path

    /** Keys the 6.2 target holds before the run with the source's value (written by commands, as a user would). */
    private static final Set<String> SAME = Set.of("0/hash:small", "0/list:small", "0/zset:small");
    /** Keys the 6.2 target holds with other values; ttl:list also has a TTL of its own. */
    private static final Set<String> DIFFERENT = Set.of("0/hash:binary", "0/ttl:list", "1/db1:hash");

    private static void prepareExisting() {
        try (Jedis j = redis62.jedis()) {
            try (Jedis s = source.jedis()) {
                j.hset(b("hash:small"), s.hgetAll(b("hash:small")));
                j.rpush(b("list:small"), s.lrange(b("list:small"), 0, -1).toArray(new byte[0][]));
                s.zrangeWithScores("zset:small", 0, -1).forEach(t -> j.zadd("zset:small", t.getScore(), t.getElement()));
            }
            j.hset("hash:binary", "target", "own");
            j.rpush("ttl:list", "target's");
            j.pexpire("ttl:list", 3_600_000);
            j.select(1);
            j.hset("db1:hash", "target", "own");
            j.select(0);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ConflictPolicy.class)
    void existingKeysFollowThePolicyOnTheCommandPath(ConflictPolicy policy) {
        prepareExisting();
        List<KeyEvent> events = snapshot.stream().filter(e -> !name(e).equals(HUGE_ELEMENT_LIST)).toList();
        List<Conflict> conflicts = new ArrayList<>();
        WriteStats[] stats = new WriteStats[1];
        Throwable failure = catchThrowable(() -> stats[0] = write(redis62.server(), policy, 16, 512, 0, events, conflicts));

        assertNoTemporaryKeys(redis62.server());
        if (policy == ConflictPolicy.PANIC) {
            assertThat(failure).isInstanceOf(ConflictPanicException.class).hasMessageContaining("already exists");
            assertThat(conflicts).singleElement().satisfies(c -> {
                assertThat(c.action()).isEqualTo("panic");
                assertThat(DIFFERENT).contains(c.db() + "/" + c.printableKey());
            });
            try (Jedis j = redis62.jedis()) {
                assertThat(j.hgetAll("hash:binary")).isEqualTo(Map.of("target", "own"));
            }
            return;
        }
        assertThat(failure).isNull();
        String action = policy == ConflictPolicy.REWRITE ? "rewritten" : "skipped";
        assertThat(conflicts).extracting(Conflict::action).containsOnly(action);
        assertThat(conflicts.stream().map(c -> c.db() + "/" + c.printableKey())).containsExactlyInAnyOrderElementsOf(DIFFERENT);
        assertThat(stats[0].identical()).isEqualTo(SAME.size());
        if (policy == ConflictPolicy.REWRITE) {
            assertThat(stats[0].rewritten()).isEqualTo(DIFFERENT.size());
            assertThat(stats[0].written()).isEqualTo(events.size() - SAME.size());
            assertEqualOnTarget(redis62.server(), events);
        } else {
            assertThat(stats[0].skipped()).isEqualTo(DIFFERENT.size());
            assertThat(stats[0].written()).isEqualTo(events.size() - SAME.size() - DIFFERENT.size());
            assertEqualOnTarget(redis62.server(), events.stream().filter(e -> !DIFFERENT.contains(e.db() + "/" + name(e))).toList());
            try (Jedis j = redis62.jedis()) {
                assertThat(j.hgetAll("hash:binary")).isEqualTo(Map.of("target", "own"));
                assertThat(j.lrange("ttl:list", 0, -1)).containsExactly("target's");
                assertThat(j.pttl("ttl:list")).isBetween(3_000_000L, 3_600_000L);
            }
        }
    }

    /** A command on a key that went by commands and met an existing key lands after the conflict is resolved. */
    @Test
    void aCommandAfterACommandPathKeyLandsAfterIt() {
        try (Jedis j = redis62.jedis()) {
            j.hset("hash:small", "target", "own");
        }
        CommandEvent hset = CommandEvent.of(0, "replication", 1, new int[] {1}, b("HSET"), b("hash:small"), b("later"), b("write"));
        List<Conflict> conflicts = new ArrayList<>();
        write(redis62.server(), ConflictPolicy.REWRITE, 1024, 512, 0, List.of(event(0, "hash:small"), hset), conflicts);

        assertThat(conflicts).extracting(Conflict::action).containsExactly("rewritten");
        try (Jedis j = redis62.jedis(); Jedis s = source.jedis()) {
            Map<String, String> expected = new java.util.HashMap<>(s.hgetAll("hash:small"));
            expected.put("later", "write");
            assertThat(j.hgetAll("hash:small")).isEqualTo(expected);
        }
    }

    /** The same key twice while the first waits for its conflict: the second must not reuse its temporary key. */
    @Test
    void theSameKeyTwiceWhileTheFirstWaitsForItsConflict() {
        try (Jedis j = redis62.jedis()) {
            j.hset("hash:small", "target", "own");
        }
        List<Conflict> conflicts = new ArrayList<>();
        KeyEvent e = event(0, "hash:small");
        WriteStats stats = write(redis62.server(), ConflictPolicy.REWRITE, 1024, 2, 0, List.of(e, e), conflicts);

        assertThat(conflicts).extracting(Conflict::action).containsExactly("rewritten");
        assertThat(stats.rewritten()).isEqualTo(1);
        assertThat(stats.identical()).isEqualTo(1);
        assertEqualOnTarget(redis62.server(), List.of(e));
        assertNoTemporaryKeys(redis62.server());
    }

    /** A crash between the first batch and the rename leaves the temporary key; the replay starts by deleting it. */
    @Test
    void aTemporaryKeyLeftByAnInterruptedWriteIsReplaced() {
        KeyEvent e = event(0, "hash:hashtable");
        try (Jedis j = redis62.jedis()) {
            j.hset(TempKeys.of(e.key()), b("left-over"), b("from a crash"));
        }
        WriteStats stats = write(redis62.server(), ConflictPolicy.PANIC, 1024, 512, 1000, List.of(e), new ArrayList<>());
        assertThat(stats.writtenByCommands()).isEqualTo(1);
        assertEqualOnTarget(redis62.server(), List.of(e));
        assertNoTemporaryKeys(redis62.server());
    }

    // ------------------------------------------------------------------ target_redis_proto_max_bulk_len on 7.0

    @Test
    void aLowRestoreLimitSendsBigKeysByCommandsOnARedis70() {
        long limit = 100;
        List<RedisEvent> events = new ArrayList<>(snapshot);
        events.add(functionLoad());
        List<Conflict> conflicts = new ArrayList<>();
        // small batches and a short pipeline: many commands per key, and the pipeline drained in the middle of keys
        WriteStats stats = write(redis70.server(), ConflictPolicy.PANIC, 8, 7, limit, events, conflicts);

        assertThat(conflicts).isEmpty();
        List<KeyEvent> big = snapshot.stream().filter(e -> e.payload().length > limit).toList();
        assertThat(big.stream().map(CommandPathTest::name))
                .contains("list:multinode", "set:strings", "hash:hashtable", "zset:skiplist", "stream:events", "str:raw",
                        HUGE_ELEMENT_LIST);
        assertThat(stats.writtenByCommands()).isEqualTo(big.size());
        assertThat(stats.writtenByRestore()).isEqualTo(snapshot.size() - big.size());
        assertThat(stats.commandsWritten()).isEqualTo(1);
        assertEqualOnTarget(redis70.server(), snapshot);
        assertNoTemporaryKeys(redis70.server());
    }

    // ------------------------------------------------------------------ helpers

    private static WriteStats write(LocalRedisServer target, ConflictPolicy policy, int pipeline, int batch, long maxRestorePayload,
                                    List<? extends RedisEvent> events, List<Conflict> conflicts) {
        RedisEndpoint ep = new RedisEndpoint(LocalRedisServer.HOST, target.port(), null, null, TlsSettings.OFF, "[redis_writer]");
        try (RedisWriter w = new RedisWriter(new StandaloneChannel<>(ep, 10_000), policy, pipeline,
                new CommandPathSettings(batch, maxRestorePayload), conflicts::add, System::currentTimeMillis)) {
            w.open();
            events.forEach(w::write);
            w.flush();
            return w.stats();
        }
    }

    private static CommandEvent functionLoad() {
        return CommandEvent.of(0, "dump.rdb", 0, new int[0], b("FUNCTION"), b("LOAD"), b(TestData.FUNCTION_LIBRARY));
    }

    /** Whether the payload needs a Redis newer than 6.2, which loads RDB versions up to 9. */
    private static boolean newerThanRdb9(KeyEvent e) {
        return DumpPayload.rdbVersion(e.payload()) > 9 || RdbType.minRdbVersion(e.rdbType()) > 9;
    }

    private static void assertEqualOnTarget(LocalRedisServer target, List<KeyEvent> events) {
        KeyComparator cmp = new KeyComparator(1000);
        try (Jedis s = source.jedis(); Jedis t = target.jedis()) {
            List<String> differences = new ArrayList<>();
            for (KeyEvent e : events) {
                s.select(e.db());
                t.select(e.db());
                String d = cmp.difference(s, t, e.key());
                if (d != null) {
                    differences.add(e.db() + "/" + name(e) + ": " + d);
                }
            }
            assertThat(differences).isEmpty();
        }
    }

    private static void assertNoTemporaryKeys(LocalRedisServer target) {
        try (Jedis t = target.jedis()) {
            for (int db : DBS) {
                t.select(db);
                assertThat(t.keys("ferry:*")).as("db %d", db).isEmpty();
            }
        }
    }

    private static KeyEvent event(int db, String key) {
        return Stream.concat(snapshot.stream(), unholdable.stream()).filter(e -> e.db() == db && Arrays.equals(e.key(), b(key)))
                .findFirst().orElseThrow(() -> new AssertionError("no " + key + " in db " + db));
    }

    private static String name(KeyEvent e) {
        return e.printableKey();
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
