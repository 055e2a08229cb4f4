package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.ferry.config.ConflictPolicy;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.local.LocalRedisCluster;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.rdb.RdbType;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.sink.cluster.Slots;
import dev.ferry.testing.ClusterTargetCheck;
import dev.ferry.testing.RedisClusterExtension;
import dev.ferry.testing.ReplicatedCommands;
import dev.ferry.testing.TestData;
import dev.ferry.testing.ValueSnapshot;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * {@link RedisWriter} over a {@link ClusterChannel} into a real Redis 7.0 cluster of 3 masters with a replica
 * each, fed with the db-0 keys of a snapshot a real Redis 7.0 wrote (every type and encoding, plus plain
 * strings for volume). The topology tests change the cluster while the writer is sending: the first 4/5 of
 * the keys go out slowly while the change runs, the rest once it is done, so commands routed by the old map
 * meet the new one.
 */
class ClusterChannelITCase {
    /** Small enough that many pipelines are in flight while the topology changes. */
    private static final int SMALL_PIPELINE = 16;

    @RegisterExtension
    static RedisClusterExtension target = RedisClusterExtension.redis70(3, 1);

    private static LocalRedisServer source;
    private static List<KeyEvent> events;

    @BeforeAll
    static void snapshotOfARealSource() {
        source = LocalRedisServer.start(RedisBinary.redis70());
        events = snapshot(source, 10, 10_000);
    }

    /** Fills {@code source} with db-0 data (mixed at {@code scale}, plus {@code strings} string keys), SAVEs and parses it. */
    static List<KeyEvent> snapshot(LocalRedisServer source, int scale, int strings) {
        try (Jedis j = source.jedis(60_000)) {
            TestData.fillMixedDb0(j, scale);
            TestData.fillStrings(j, strings, 64);
            assertThat(j.save()).isEqualTo("OK");
            List<KeyEvent> parsed = ValueSnapshot.parse(source.rdbFile());
            assertThat(parsed).hasSize((int) j.dbSize());
            return parsed;
        }
    }

    @AfterAll
    static void stopSource() {
        if (source != null) {
            source.close();
        }
    }

    @Test
    void everyKeyArrivesOnTheMasterOfItsSlot() {
        List<Conflict> conflicts = new ArrayList<>();
        WriteStats stats = writeAll(target.cluster(), events, 1024, conflicts);

        assertThat(conflicts).isEmpty();
        assertThat(stats.written()).isEqualTo(events.size());
        ClusterTargetCheck.assertEqualsSource(source, target.cluster());
    }

    @Test
    void slotRangeMigratedWhileWritingLosesAndReordersNothing() {
        LocalRedisCluster cluster = target.cluster();
        LocalRedisServer from = cluster.masters().get(0);
        LocalRedisServer to = cluster.masters().get(1);
        int first = 100;
        assertThat(cluster.nodeForSlot(first)).isEqualTo(from);

        Outcome outcome = writeWhile(() -> cluster.migrateSlots(from, to, first, first + 299));

        assertThat(cluster.nodeForSlot(first)).isEqualTo(to);
        assertAllWritten(outcome);
    }

    /**
     * Many commands on the same keys (INCR, and APPEND of the round number, whose result shows the order) while their
     * slots move, stepped so that each phase is certain: rounds before the move, while the slots are MIGRATING with the
     * keys still on the old owner, after MIGRATE took the keys (the old owner answers ASK), and after SETSLOT NODE
     * (MOVED). Every key ends with every round applied once, in order.
     */
    @Test
    void commandsOnTheSameKeysDuringASlotMoveKeepTheirOrderThroughAskAndMoved() {
        LocalRedisCluster cluster = target.cluster();
        LocalRedisServer from = cluster.masters().get(0);
        LocalRedisServer to = cluster.masters().get(1);
        List<Integer> slots = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        for (int t = 0; slots.size() < 3; t++) {
            int slot = Slots.slot(("{o" + t + "}").getBytes(StandardCharsets.UTF_8));
            if (cluster.nodeForSlot(slot).equals(from) && !slots.contains(slot)) {
                slots.add(slot);
                for (int k = 0; k < 8; k++) {
                    keys.add("{o" + t + "}:" + k);
                }
            }
        }
        int roundsPerPhase = 40;
        List<Conflict> conflicts = new ArrayList<>();
        ClusterChannel<Object> channel = channel(cluster);
        try (RedisWriter w = writer(channel, SMALL_PIPELINE, conflicts); LocalRedisCluster.SlotMove move = cluster.slotMove(from, to)) {
            w.open();
            int round = writeRounds(w, keys, 0, roundsPerPhase);
            slots.forEach(move::begin);
            round = writeRounds(w, keys, round, roundsPerPhase);
            slots.forEach(move::moveKeys);
            round = writeRounds(w, keys, round, roundsPerPhase);
            slots.forEach(move::finish);
            writeRounds(w, keys, round, roundsPerPhase);
            w.flush();
            assertThat(w.stats().commandsWritten()).isEqualTo(4L * roundsPerPhase * keys.size() * 2);
        }
        cluster.awaitSettled();

        assertThat(conflicts).isEmpty();
        assertThat(channel.stats().asks()).as("commands that met ASK for a key already moved").isPositive();
        assertThat(channel.stats().retries()).as("commands sent again after ASK or MOVED").isGreaterThan(channel.stats().asks());
        slots.forEach(slot -> assertThat(cluster.nodeForSlot(slot)).isEqualTo(to));
        String appended = IntStream.range(0, 4 * roundsPerPhase).mapToObj(r -> r + ",").collect(Collectors.joining());
        try (JedisCluster c = target.client()) {
            for (String k : keys) {
                assertThat(c.get("n" + k)).as("INCR count of %s", k).isEqualTo(Integer.toString(4 * roundsPerPhase));
                assertThat(c.get("a" + k)).as("APPENDs to %s in order", k).isEqualTo(appended);
            }
        }
    }

    /** {@code rounds} rounds of INCR n&lt;key&gt; and APPEND a&lt;key&gt; "&lt;round&gt;," over every key; the next round. */
    private static int writeRounds(RedisWriter w, List<String> keys, int first, int rounds) {
        for (int r = first; r < first + rounds; r++) {
            for (String k : keys) {
                w.write(command(0, "INCR", "n" + k));
                w.write(command(0, "APPEND", "a" + k, r + ","));
            }
        }
        return first + rounds;
    }

    @Test
    void masterFailedOverWhileWritingLosesNothing() {
        LocalRedisCluster cluster = target.cluster();
        LocalRedisServer master = cluster.masters().get(1);

        Outcome outcome = writeWhile(() -> cluster.failover(master));

        assertThat(cluster.masters()).doesNotContain(master);
        assertAllWritten(outcome);
    }

    /**
     * The replica that takes over may lack what the killed master acknowledged last (replication is
     * asynchronous), so the writer replays what was unanswered, then refuses to report the batch as written and
     * fails; the job then restarts from its last checkpoint. Here that is the start: the second run finds the
     * keys that survived (BUSYKEY with the same value: identical) and writes the rest.
     */
    @Test
    void killedMasterMakesTheWriterFailAndARunFromTheCheckpointCompletesIt() {
        LocalRedisCluster cluster = target.cluster();
        LocalRedisServer master = cluster.masters().get(2);

        Throwable failure = catchThrowable(() -> writeWhile(() -> {
            cluster.kill(master);
            cluster.awaitSettled();
        }));

        assertThat(failure).rootCause().isInstanceOf(TargetWriteException.class)
                .hasMessageContaining(master.address()).hasMessageContaining("restarts from its last checkpoint");
        assertThat(master.isRunning()).isFalse();
        List<Conflict> conflicts = new ArrayList<>();
        WriteStats rerun = writeAll(cluster, events, 1024, conflicts);
        assertThat(conflicts).isEmpty();
        assertThat(rerun.identical()).isPositive();
        assertThat(rerun.written() + rerun.identical()).isEqualTo(events.size());
        ClusterTargetCheck.assertEqualsSource(source, cluster);
    }

    /**
     * The conflict check's DUMP (a round trip of its own, {@code call}) meets a killed master: it waits for the replica
     * to take over and asks it, like a pipelined write would; the batch then fails as after any lost master, and a run
     * from the checkpoint completes it. Every key here already exists on the target with another value, all on one
     * master, which is killed when the first conflict has been resolved.
     */
    @Test
    void conflictCheckThatMeetsAKilledMasterWaitsForTheFailover() {
        LocalRedisCluster cluster = target.cluster();
        LocalRedisServer victim = cluster.masters().get(0);
        List<KeyEvent> onVictim = events.stream()
                .filter(e -> e.rdbType() == RdbType.STRING && cluster.nodeForSlot(Slots.slot(e.key())) == victim)
                .limit(200).toList();
        ConflictingTarget.holdOtherValues(victim, onVictim);
        List<Conflict> conflicts = new ArrayList<>();
        Consumer<Conflict> killOnFirst = ConflictingTarget.killAtFirst(() -> cluster.kill(victim), conflicts);

        Throwable failure = catchThrowable(() -> {
            try (RedisWriter w = writer(channel(cluster), 1024, ConflictPolicy.REWRITE, killOnFirst)) {
                w.open();
                onVictim.forEach(w::write);
                w.flush();
            }
        });

        assertThat(victim.isRunning()).isFalse();
        assertThat(conflicts).as("every conflict checked, most of them after the kill").hasSize(onVictim.size())
                .allMatch(c -> c.action().equals("rewritten"));
        assertThat(failure).isInstanceOf(TargetWriteException.class).hasMessageContaining(victim.address())
                .hasMessageContaining("restarts from its last checkpoint");
        List<Conflict> again = new ArrayList<>();
        try (RedisWriter w = writer(channel(cluster), 1024, ConflictPolicy.REWRITE, again::add)) {
            w.open();
            onVictim.forEach(w::write);
            w.flush();
            assertThat(w.stats().identical() + w.stats().rewritten()).isEqualTo(onVictim.size());
        }
        try (JedisCluster c = target.client(); Jedis s = source.jedis()) {
            onVictim.forEach(e -> assertThat(c.get(e.key())).as(e.printableKey()).isEqualTo(s.get(e.key())));
        }
    }

    /**
     * A cluster has only db 0: a key or a command in another db, and a command naming another db, are recorded as
     * unsupported on the target and skipped under rewrite/ignore; panic stops on the first. A server-wide command from
     * another db (FUNCTION FLUSH, FLUSHALL...) is sent: the db its client had selected does not matter.
     */
    @Test
    void otherDbsThanDb0AreUnsupportedOnTheCluster() {
        List<RedisEvent> stream = List.of(
                key(0, "{t}a"), key(2, "{t}b"),
                command(0, "SET", "{t}c", "1"), command(4, "SET", "{t}d", "1"),
                command(0, "MOVE", "{t}a", "3"), command(0, "COPY", "{t}a", "{t}e", "DB", "0"),
                command(0, "COPY", "{t}a", "{t}f", "DB", "7"), command(0, "SWAPDB", "0", "1"),
                command(6, "FUNCTION", "FLUSH"));
        List<Conflict> conflicts = new ArrayList<>();
        try (RedisWriter w = writer(channel(target.cluster()), 1024, ConflictPolicy.IGNORE, conflicts::add)) {
            w.open();
            stream.forEach(w::write);
            w.flush();
            assertThat(w.stats().unsupported()).isEqualTo(5);
        }
        assertThat(conflicts).extracting(c -> c.kind() + " db " + c.db() + " " + (c.command() == null ? "" : c.command() + " ")
                        + c.printableKey() + " " + c.action())
                .containsExactly("key db 2 {t}b unsupported_on_target", "command db 4 SET {t}d unsupported_on_target",
                        "command db 0 MOVE {t}a unsupported_on_target", "command db 0 COPY {t}a unsupported_on_target",
                        "command db 0 SWAPDB  unsupported_on_target");
        try (JedisCluster c = target.client()) {
            assertThat(c.exists("{t}a")).isTrue();
            assertThat(c.get("{t}c")).isEqualTo("1");
            assertThat(c.exists("{t}e")).isTrue();
            assertThat(c.exists("{t}b") || c.exists("{t}d") || c.exists("{t}f")).isFalse();
        }

        Throwable panic = catchThrowable(() -> {
            try (RedisWriter w = writer(channel(target.cluster()), 1024, ConflictPolicy.PANIC, c -> { })) {
                w.open();
                w.write(key(5, "{t}g"));
            }
        });
        assertThat(panic).isInstanceOf(ConflictPanicException.class).hasMessageStartingWith("key '{t}g' in db 5 cannot be "
                + "written to target ").hasMessageContaining("a cluster has only db 0").hasMessageContaining(
                "map db 5 to 0 with [filter] db_map = { \"5\" = 0 }");
    }

    private static KeyEvent key(int db, String key) {
        KeyEvent string = events.stream().filter(e -> e.rdbType() == RdbType.STRING).findFirst().orElseThrow();
        return new KeyEvent(db, key.getBytes(StandardCharsets.UTF_8), string.rdbType(), string.payload(), KeyEvent.NO_EXPIRE, -1, -1,
                "test", 0);
    }

    private static CommandEvent command(int db, String... argv) {
        return ReplicatedCommands.command(db, argv);
    }

    /** Each key written once, or replayed onto a target that already held it (BUSYKEY with the same value). */
    private static void assertAllWritten(Outcome o) {
        assertThat(o.resent()).as("commands sent again after the topology change").isPositive();
        assertThat(o.stats().written() + o.stats().identical()).isEqualTo(events.size());
        ClusterTargetCheck.assertEqualsSource(source, target.cluster());
    }

    /** The writer's stats and how many commands its channel had to send again. */
    private record Outcome(WriteStats stats, long resent) {}

    private static Outcome writeWhile(Runnable topologyChange) {
        List<Conflict> conflicts = new ArrayList<>();
        int tail = events.size() * 4 / 5;
        ClusterChannel<Object> channel = channel(target.cluster());
        try (RedisWriter w = writer(channel, SMALL_PIPELINE, conflicts)) {
            w.open();
            CompletableFuture<Void> change = CompletableFuture.runAsync(topologyChange);
            for (int i = 0; i < events.size(); i++) {
                if (i == tail) {
                    change.get(60, TimeUnit.SECONDS);
                } else if (i < tail && i % 20 == 0 && !change.isDone()) {
                    Thread.sleep(2);
                }
                w.write(events.get(i));
            }
            w.flush();
            assertThat(conflicts).isEmpty();
            return new Outcome(w.stats(), channel.stats().retries());
        } catch (Exception e) {
            throw new AssertionError("writing while the topology changed failed", e);
        }
    }

    static WriteStats writeAll(LocalRedisCluster cluster, List<KeyEvent> events, int pipeline, List<Conflict> conflicts) {
        try (RedisWriter w = writer(channel(cluster), pipeline, conflicts)) {
            w.open();
            events.forEach(w::write);
            w.flush();
            return w.stats();
        }
    }

    private static RedisWriter writer(TargetChannel<Object> channel, int pipeline, List<Conflict> conflicts) {
        return writer(channel, pipeline, ConflictPolicy.PANIC, conflicts::add);
    }

    private static RedisWriter writer(TargetChannel<Object> channel, int pipeline, ConflictPolicy policy, Consumer<Conflict> conflicts) {
        return new RedisWriter(channel, policy, pipeline, new CommandPathSettings(512, 0), conflicts, System::currentTimeMillis);
    }

    private static ClusterChannel<Object> channel(LocalRedisCluster cluster) {
        LocalRedisServer seed = cluster.masters().get(0);
        return new ClusterChannel<>(new RedisEndpoint(seed.host(), seed.port(), null, null, TlsSettings.OFF, "[redis_writer]"), 10_000);
    }
}
