package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.ferry.config.ConflictPolicy;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.resp.RedisConnectException;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.testing.RedisServerExtension;
import dev.ferry.testing.TestData;
import dev.ferry.testing.ValueSnapshot;
import redis.clients.jedis.Jedis;

/**
 * {@link RedisWriter} on a {@link StandaloneChannel} against a real Redis 7.0 target, fed with the keys of a snapshot a real Redis 7.0 wrote
 * (TestData.fillMixed, SAVE, parsed by RdbParser into DUMP payloads).
 */
class RedisWriterTest {

    private static final String SECTION = "[redis_writer]";
    private static final int[] DBS = {0, 1, 5};

    @RegisterExtension
    static RedisServerExtension target = RedisServerExtension.redis70();

    private static LocalRedisServer source;
    private static List<KeyEvent> events;

    @BeforeAll
    static void snapshotOfARealSource() {
        source = LocalRedisServer.start(RedisBinary.redis70());
        try (Jedis j = source.jedis(30_000)) {
            TestData.fillMixed(j, 1);
            assertThat(j.save()).isEqualTo("OK");
        }
        events = ValueSnapshot.parse(source.rdbFile());
        long expected = TestData.expectedDbSizes(700, 1).values().stream().mapToLong(Long::longValue).sum();
        assertThat(events).hasSize((int) expected);
    }

    @AfterAll
    static void stopSource() {
        if (source != null) {
            source.close();
        }
    }

    // ------------------------------------------------------------------ happy path

    @ParameterizedTest(name = "pipeline {0}")
    @ValueSource(ints = {1, 2, 1024})
    void everyKeyArrivesWithTheSourcesValueAndTtl(int pipeline) {
        List<Conflict> conflicts = new ArrayList<>();
        WriteStats stats = writeAll(endpoint(target.server()), ConflictPolicy.PANIC, pipeline, conflicts,
                System::currentTimeMillis);

        assertThat(conflicts).isEmpty();
        assertThat(stats.written()).isEqualTo(events.size());
        assertThat(stats.writtenByCommands()).isZero();
        assertThat(stats.bytes()).isEqualTo(events.stream().mapToLong(e -> e.payload().length).sum());
        assertThat(stats.expiredSkipped()).isZero();
        assertThat(stats.identical()).isZero();
        assertSameAsSource(Set.of());
    }

    // ------------------------------------------------------------------ conflicts

    /** Keys the target holds with other values, or with the source's value but another expiry, before the run: db, key. */
    private static final List<Object[]> DIFFERENT = List.of(
            new Object[] {0, "str:embstr"}, new Object[] {0, "hash:small"},
            new Object[] {1, "str:embstr"}, new Object[] {5, "db5:set"},
            new Object[] {0, "ttl:far:0"}, new Object[] {0, "str:int:-1"});

    /** Keys the target already holds with the source's value: a re-run or a replay after a restart. */
    private static final List<Object[]> SAME = List.of(
            new Object[] {0, "str:int:12345"}, new Object[] {0, "list:small"},
            new Object[] {0, "stream:events"}, new Object[] {0, "set:strings"}, new Object[] {0, "hash:hashtable"},
            new Object[] {1, "db1:str"}, new Object[] {0, "ttl:far:1"});

    private void prepareDifferent() {
        try (Jedis j = target.jedis()) {
            j.set("str:embstr", "target's own value");
            j.hset("hash:small", Map.of("target", "field"));
            j.select(1);
            j.set("str:embstr", "target's own value in db 1");
            j.select(5);
            j.sadd("db5:set", "target-member");
            j.select(0);
            // the source's values: without the source's TTL, and with a TTL the source does not have
            j.set("ttl:far:0", "v0");
            j.set("str:int:-1", "-1");
            j.pexpire("str:int:-1", 3_600_000);
        }
    }

    private void prepareSame() {
        try (Jedis j = target.jedis()) {
            // written by commands, as a user would have: the target's DUMP then stamps RDB version 10 where
            // Ferry's payload of a plain string says 6
            j.set("str:int:12345", "12345");
            j.rpush("list:small", "a", "b", "c", "1", "2", "-3", "");
            // restored from Ferry's own payload, as a previous run would have
            KeyEvent stream = event(0, "stream:events");
            TestData.cmd(j, "RESTORE", stream.key(), "0", stream.payload());
            // hashtable-encoded: the target's DUMP lists members in its own dict order, not the snapshot's
            for (String k : List.of("set:strings", "hash:hashtable")) {
                TestData.cmd(j, "RESTORE", event(0, k).key(), "0", event(0, k).payload());
            }
            KeyEvent expiring = event(0, "ttl:far:1");
            TestData.cmd(j, "RESTORE", expiring.key(), Long.toString(expiring.expireAtMs()), expiring.payload(), "ABSTTL");
            j.select(1);
            j.set("db1:str", "in db one");
            j.select(0);
        }
    }

    private static Set<String> names(List<Object[]> keys) {
        return keys.stream().map(k -> k[0] + "/" + k[1]).collect(Collectors.toSet());
    }

    @Test
    void panicStopsAtTheFirstConflictAndSaysWhatToDo() {
        prepareSame();
        prepareDifferent();
        List<Conflict> conflicts = new ArrayList<>();
        RedisEndpoint ep = endpoint(target.server());
        Throwable t;
        try (RedisWriter w = writer(ep, ConflictPolicy.PANIC, 1024, conflicts::add,
                System::currentTimeMillis)) {
            w.open();
            t = catchThrowable(() -> {
                events.forEach(w::write);
                w.flush();
            });
        }
        assertThat(t).isInstanceOf(ConflictPanicException.class);
        assertThat(conflicts).hasSize(1);
        Conflict c = conflicts.get(0);
        assertThat(c.action()).isEqualTo("panic");
        assertThat(c.policy()).isEqualTo("panic");
        assertThat(c.target()).isEqualTo(ep.address());
        assertThat(names(DIFFERENT)).contains(c.db() + "/" + c.printableKey());
        assertThat(t.getMessage())
                .contains("'" + c.printableKey() + "'")
                .contains("db " + c.db())
                .contains(target.server().address())
                .contains("rdb_restore_command_behavior")
                .contains("\"rewrite\"")
                .contains("\"ignore\"")
                .contains("empty_db_before_sync");
    }

    @Test
    void rewriteReplacesExactlyTheDifferentKeys() {
        prepareSame();
        prepareDifferent();
        List<Conflict> conflicts = new ArrayList<>();
        WriteStats stats = writeAll(endpoint(target.server()), ConflictPolicy.REWRITE, 1024, conflicts,
                System::currentTimeMillis);

        assertThat(conflicts).extracting(Conflict::action).containsOnly("rewritten");
        assertThat(conflicts.stream().map(c -> c.db() + "/" + c.printableKey()))
                .containsExactlyInAnyOrderElementsOf(names(DIFFERENT));
        assertThat(conflicts).allSatisfy(c -> assertThat(c.source()).contains("dump.rdb@"));
        assertThat(stats.rewritten()).isEqualTo(DIFFERENT.size());
        assertThat(stats.identical()).isEqualTo(SAME.size());
        assertThat(stats.skipped()).isZero();
        assertThat(stats.written()).isEqualTo(events.size() - SAME.size());
        assertSameAsSource(Set.of());
    }

    @ParameterizedTest(name = "pipeline {0}")
    @ValueSource(ints = {1, 1024})
    void aRerunOverAMigratedTargetFindsEveryKeyIdentical(int pipeline) {
        writeAll(endpoint(target.server()), ConflictPolicy.PANIC, 1024, new ArrayList<>(), System::currentTimeMillis);
        List<Conflict> conflicts = new ArrayList<>();
        WriteStats stats = writeAll(endpoint(target.server()), ConflictPolicy.PANIC, pipeline, conflicts,
                System::currentTimeMillis);

        assertThat(conflicts).isEmpty();
        assertThat(stats.identical()).isEqualTo(events.size());
        assertThat(stats.written()).isZero();
        assertSameAsSource(Set.of());
    }

    /**
     * Every key differs on the target, and each arrives twice, so that one batch of conflicts holds both events of
     * many keys: the first is rewritten (its RESTORE ... REPLACE queued with the batch's others), the second must be
     * judged by what that rewrite left, i.e. identical.
     */
    @Test
    void rewriteOfEveryKeyTwiceJudgesTheSecondByWhatTheFirstLeft() {
        try (Jedis j = target.jedis()) {
            for (KeyEvent e : events) {
                j.select(e.db());
                j.set(e.key(), "the target's own".getBytes(StandardCharsets.UTF_8));
            }
        }
        List<Conflict> conflicts = new ArrayList<>();
        try (RedisWriter w = writer(endpoint(target.server()), ConflictPolicy.REWRITE, 1024, conflicts::add,
                System::currentTimeMillis)) {
            w.open();
            events.forEach(w::write);
            events.forEach(w::write);
            w.flush();
            assertThat(w.stats().rewritten()).isEqualTo(events.size());
            assertThat(w.stats().identical()).isEqualTo(events.size());
        }
        assertThat(conflicts).hasSize(events.size()).extracting(Conflict::action).containsOnly("rewritten");
        assertSameAsSource(Set.of());
    }

    @Test
    void ignoreKeepsTheTargetsValues() {
        prepareSame();
        prepareDifferent();
        List<Conflict> conflicts = new ArrayList<>();
        WriteStats stats = writeAll(endpoint(target.server()), ConflictPolicy.IGNORE, 2, conflicts,
                System::currentTimeMillis);

        assertThat(conflicts).extracting(Conflict::action).containsOnly("skipped");
        assertThat(conflicts).extracting(Conflict::policy).containsOnly("ignore");
        assertThat(conflicts.stream().map(c -> c.db() + "/" + c.printableKey()))
                .containsExactlyInAnyOrderElementsOf(names(DIFFERENT));
        assertThat(stats.skipped()).isEqualTo(DIFFERENT.size());
        assertThat(stats.identical()).isEqualTo(SAME.size());
        assertThat(stats.rewritten()).isZero();
        assertThat(stats.written()).isEqualTo(events.size() - SAME.size() - DIFFERENT.size());
        assertSameAsSource(names(DIFFERENT));
        try (Jedis j = target.jedis()) {
            assertThat(j.get("str:embstr")).isEqualTo("target's own value");
            assertThat(j.hgetAll("hash:small")).isEqualTo(Map.of("target", "field"));
            j.select(1);
            assertThat(j.get("str:embstr")).isEqualTo("target's own value in db 1");
            j.select(5);
            assertThat(j.smembers("db5:set")).containsExactly("target-member");
        }
    }

    @ParameterizedTest
    @EnumSource(ConflictPolicy.class)
    void identicalKeysAreNotConflictsUnderAnyPolicy(ConflictPolicy policy) {
        prepareSame();
        List<Conflict> conflicts = new ArrayList<>();
        WriteStats stats = writeAll(endpoint(target.server()), policy, 3, conflicts, System::currentTimeMillis);
        assertThat(conflicts).isEmpty();
        assertThat(stats.identical()).isEqualTo(SAME.size());
        assertThat(stats.rewritten()).isZero();
        assertThat(stats.skipped()).isZero();
        assertThat(stats.written()).isEqualTo(events.size() - SAME.size());
        assertSameAsSource(Set.of());
    }

    // ------------------------------------------------------------------ expiry

    private static final String LIB_OURS = TestData.FUNCTION_LIBRARY;
    private static final String LIB_THEIRS = "#!lua name=ferrytest\n"
            + "redis.register_function('ferry_echo', function(keys, args) return 'target' end)\n";
    private static final String LIB_SAME = "#!lua name=same\nredis.register_function('same_f', function(keys, args) return 1 end)\n";
    private static final String LIB_NEW = "#!lua name=fresh\nredis.register_function('fresh_f', function(keys, args) return 2 end)\n";

    private static CommandEvent functionLoad(String code, long position) {
        return CommandEvent.of(0, "dump.rdb", position, new int[0], "FUNCTION".getBytes(StandardCharsets.US_ASCII),
                "LOAD".getBytes(StandardCharsets.US_ASCII), code.getBytes(StandardCharsets.UTF_8));
    }

    private static String libraryCode(Jedis j, String name) {
        return j.functionListWithCode(name).stream().filter(l -> l.getLibraryName().equals(name)).findFirst()
                .map(l -> l.getLibraryCode()).orElse(null);
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(ConflictPolicy.class)
    void functionLibrariesAreLoadedAndExistingOnesFollowThePolicy(ConflictPolicy policy) {
        try (Jedis j = target.jedis()) {
            j.functionLoad(LIB_THEIRS);
            j.functionLoad(LIB_SAME);
        }
        List<Conflict> conflicts = new ArrayList<>();
        RedisEndpoint ep = endpoint(target.server());
        Throwable failure;
        WriteStats stats;
        try (RedisWriter w = writer(ep, policy, 16, conflicts::add, System::currentTimeMillis)) {
            w.open();
            failure = catchThrowable(() -> {
                w.write(functionLoad(LIB_SAME, 1));
                w.write(functionLoad(LIB_NEW, 2));
                w.write(functionLoad(LIB_OURS, 3));
                w.write(event(0, "str:embstr"));
                w.flush();
            });
            stats = w.stats();
        }
        try (Jedis j = target.jedis()) {
            assertThat(libraryCode(j, "fresh")).isEqualTo(LIB_NEW);
            assertThat(libraryCode(j, "same")).isEqualTo(LIB_SAME);
            assertThat(stats.identical()).isEqualTo(1);
            assertThat(conflicts).singleElement().satisfies(c -> {
                assertThat(c.kind()).isEqualTo(Conflict.KIND_FUNCTION);
                assertThat(c.printableKey()).isEqualTo("ferrytest");
                assertThat(c.policy()).isEqualTo(policy.name().toLowerCase(java.util.Locale.ROOT));
                assertThat(c.source()).isEqualTo("dump.rdb@3");
            });
            switch (policy) {
                case PANIC -> {
                    assertThat(failure).isInstanceOf(ConflictPanicException.class)
                            .hasMessageContaining("function library 'ferrytest'")
                            .hasMessageContaining(ep.address());
                    assertThat(libraryCode(j, "ferrytest")).isEqualTo(LIB_THEIRS);
                }
                case REWRITE -> {
                    assertThat(failure).isNull();
                    assertThat(conflicts.get(0).action()).isEqualTo("rewritten");
                    assertThat(libraryCode(j, "ferrytest")).isEqualTo(LIB_OURS);
                    assertThat(stats.commandsWritten()).isEqualTo(2);
                }
                case IGNORE -> {
                    assertThat(failure).isNull();
                    assertThat(conflicts.get(0).action()).isEqualTo("skipped");
                    assertThat(libraryCode(j, "ferrytest")).isEqualTo(LIB_THEIRS);
                    assertThat(stats.skipped()).isEqualTo(1);
                }
            }
        }
    }

    @Test
    void aCommandTheTargetRefusesNamesItAndFailsTheWrite() {
        try (RedisWriter w = writer(endpoint(target.server()), ConflictPolicy.PANIC, 16, c -> { }, System::currentTimeMillis)) {
            w.open();
            w.write(functionLoad("#!lua name=broken\nthis is not lua", 7));
            assertThatThrownBy(w::flush)
                    .isInstanceOf(TargetWriteException.class)
                    .hasMessageContaining("refused command 'FUNCTION LOAD #!lua name=broken")
                    .hasMessageContaining("dump.rdb@7");
        }
    }

    @Test
    void keysThatExpiredBeforeTheWriteAreSkippedAndCounted() {
        // ten minutes and a bit from now: the ttl:short:* keys (TTL 600 s at fill time) have expired
        long later = System.currentTimeMillis() + TestData.SHORT_TTL_MS + 60_000;
        List<KeyEvent> expired = events.stream().filter(e -> e.hasExpire() && e.expireAtMs() <= later).toList();
        assertThat(expired).hasSize(5).allSatisfy(e -> assertThat(e.printableKey()).startsWith("ttl:short:"));

        WriteStats stats = writeAll(endpoint(target.server()), ConflictPolicy.PANIC, 16, new ArrayList<>(), () -> later);
        assertThat(stats.expiredSkipped()).isEqualTo(expired.size());
        assertThat(stats.written()).isEqualTo(events.size() - expired.size());
        try (Jedis j = target.jedis()) {
            for (KeyEvent e : expired) {
                assertThat(j.exists(e.key())).as(e.printableKey()).isFalse();
            }
            assertThat(j.dbSize()).isEqualTo(TestData.expectedDbSizes(700, 1).get(0) - expired.size());
        }
    }

    // ------------------------------------------------------------------ target errors

    @Test
    void outOfMemoryTargetNamesTheKeyAndMaxmemory() {
        try (LocalRedisServer small = LocalRedisServer.start(RedisBinary.redis70(), null, List.of("--maxmemory-policy", "noeviction"));
             RedisWriter w = writer(endpoint(small), ConflictPolicy.PANIC, 64, c -> { }, System::currentTimeMillis)) {
            w.open();
            try (Jedis j = small.jedis()) {
                j.configSet("maxmemory", "1mb"); // once the writer has probed the target: full during the migration
            }
            assertThatThrownBy(() -> {
                events.forEach(w::write);
                w.flush();
            })
                    .isInstanceOf(TargetWriteException.class)
                    .hasMessageContaining("target " + small.address() + " refused key '")
                    .hasMessageContaining("OOM")
                    .hasMessageContaining("maxmemory")
                    .hasMessageContaining("dump.rdb@");
        }
    }

    /** Full already at the start: the probe says so. */
    @Test
    void outOfMemoryAtTheStartIsReportedByTheProbe() {
        try (LocalRedisServer small = LocalRedisServer.start(RedisBinary.redis70(), null,
                List.of("--maxmemory", "1mb", "--maxmemory-policy", "noeviction"));
             RedisWriter w = writer(endpoint(small), ConflictPolicy.PANIC, 64, c -> { }, System::currentTimeMillis)) {
            assertThatThrownBy(w::open)
                    .isInstanceOf(TargetWriteException.class)
                    .hasMessageContaining("target " + small.address() + " refused RESTORE of a probe key")
                    .hasMessageContaining("raise it or free memory");
        }
    }

    @Test
    void wrongPasswordNamesTheAddressAndSectionButNotThePassword() {
        String wrong = "not-the-password-4711";
        try (LocalRedisServer locked = LocalRedisServer.start(RedisBinary.redis70(), null,
                List.of("--requirepass", "secret"))) {
            RedisEndpoint ep = new RedisEndpoint(LocalRedisServer.HOST, locked.port(), null, wrong, TlsSettings.OFF, SECTION);
            Throwable t = catchThrowable(() -> {
                try (RedisWriter w = writer(ep, ConflictPolicy.PANIC, 8, c -> { },
                        System::currentTimeMillis)) {
                    w.open();
                }
            });
            assertThat(t).isInstanceOf(RedisConnectException.class)
                    .hasMessageContaining(locked.address())
                    .hasMessageContaining(SECTION)
                    .hasMessageContaining("password");
            assertNoSecret(t, wrong, "secret");
            assertThat(ep.toString()).doesNotContain(wrong);

            // no password at all: the probe of the target at open is refused with NOAUTH and the advice to set one
            RedisEndpoint none = new RedisEndpoint(LocalRedisServer.HOST, locked.port(), null, null, TlsSettings.OFF, SECTION);
            try (RedisWriter w = writer(none, ConflictPolicy.PANIC, 8, c -> { },
                    System::currentTimeMillis)) {
                Throwable noauth = catchThrowable(w::open);
                assertThat(noauth).isInstanceOf(TargetWriteException.class)
                        .hasMessageContaining("NOAUTH")
                        .hasMessageContaining("[redis_writer] username/password");
                assertNoSecret(noauth, "secret");
            }
        }
    }

    @Test
    void unreachableTargetSaysCannotConnect() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LocalRedisServer.HOST))) {
            port = s.getLocalPort();
        }
        RedisEndpoint ep = new RedisEndpoint(LocalRedisServer.HOST, port, null, null, TlsSettings.OFF, SECTION);
        RedisWriter w = writer(ep, ConflictPolicy.PANIC, 8, c -> { }, System::currentTimeMillis);
        assertThatThrownBy(w::open)
                .isInstanceOf(RedisConnectException.class)
                .hasMessageContaining("cannot connect to [redis_writer] at 127.0.0.1:" + port)
                .hasMessageContaining("server is running");
        w.close();
    }

    // ------------------------------------------------------------------ helpers

    private static void assertNoSecret(Throwable t, String... secrets) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            for (String s : secrets) {
                assertThat(String.valueOf(c.getMessage())).doesNotContain(s);
                assertThat(c.toString()).doesNotContain(s);
            }
        }
    }

    private static RedisWriter writer(RedisEndpoint ep, ConflictPolicy policy, int pipeline, Consumer<Conflict> conflicts,
            LongSupplier clock) {
        return new RedisWriter(new StandaloneChannel<>(ep, 10_000), policy, pipeline, new CommandPathSettings(512, 0), conflicts, clock);
    }

    private static RedisEndpoint endpoint(LocalRedisServer s) {
        return new RedisEndpoint(LocalRedisServer.HOST, s.port(), null, null, TlsSettings.OFF, SECTION);
    }

    private static WriteStats writeAll(RedisEndpoint ep, ConflictPolicy policy, int pipeline, List<Conflict> conflicts,
            LongSupplier clock) {
        try (RedisWriter w = writer(ep, policy, pipeline, conflicts::add, clock)) {
            w.open();
            for (KeyEvent e : events) {
                w.write(e);
            }
            w.flush();
            return w.stats();
        }
    }

    private static KeyEvent event(int db, String key) {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        return events.stream().filter(e -> e.db() == db && Arrays.equals(e.key(), k)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + key + " in db " + db + " of the snapshot"));
    }

    /** Every source key in dbs 0, 1, 5 is on the target with the same value and TTL, except {@code skip}. */
    private static void assertSameAsSource(Set<String> skip) {
        try (Jedis src = source.jedis(30_000); Jedis dst = target.jedis()) {
            for (int db : DBS) {
                src.select(db);
                dst.select(db);
                assertThat(dst.dbSize()).as("DBSIZE of db %d", db).isEqualTo(src.dbSize());
            }
            int checked = 0;
            for (KeyEvent e : events) {
                if (skip.contains(e.db() + "/" + e.printableKey())) {
                    continue;
                }
                src.select(e.db());
                dst.select(e.db());
                assertThat(ValueSnapshot.of(dst, e.key())).as("db %d key %s", e.db(), e.printableKey())
                        .isEqualTo(ValueSnapshot.of(src, e.key()));
                long srcTtl = src.pttl(e.key());
                long dstTtl = dst.pttl(e.key());
                if (srcTtl < 0) {
                    assertThat(dstTtl).as("PTTL of %s", e.printableKey()).isEqualTo(srcTtl);
                } else {
                    assertThat(dstTtl).as("PTTL of %s", e.printableKey()).isBetween(srcTtl - 1000, srcTtl + 1000);
                }
                checked++;
            }
            assertThat(checked).isEqualTo(events.size() - skip.size());
        }
    }
}
