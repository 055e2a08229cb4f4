package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.ferry.config.ConflictPolicy;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.TransactionEvent;
import dev.ferry.local.LocalRedisCluster;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.ordering.CommandSplitter;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.sink.cluster.Slots;
import dev.ferry.testing.RedisClusterExtension;
import dev.ferry.testing.ReplicatedCommands;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.api.common.functions.DefaultOpenContext;
import org.apache.flink.api.common.functions.util.ListCollector;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * Replicated commands whose keys span slots, and MULTI/EXEC blocks, through the {@link CommandSplitter} and a
 * {@link RedisWriter} on a {@link ClusterChannel} into a real Redis 7.0 cluster of 3 masters. Keys {@code a},
 * {@code b} and {@code c} are in slots 15495, 3300 and 7365, on three different masters.
 */
class CrossSlotClusterITCase {
    @RegisterExtension
    static RedisClusterExtension target = RedisClusterExtension.redis70(3, 0);

    @BeforeEach
    void resetCommandStats() {
        for (LocalRedisServer m : target.cluster().masters()) {
            try (Jedis j = m.jedis()) {
                j.configResetStat();
            }
        }
    }

    @Test
    void delAndMsetAcrossSlotsAreSplitPerKeyAndApplied() {
        List<Conflict> conflicts = new ArrayList<>();
        write(ConflictPolicy.PANIC, conflicts, command("MSET a 1 b 2 c 3 {a}d 4"), command("DEL a c"));

        assertThat(conflicts).isEmpty();
        try (JedisCluster j = target.client()) {
            assertThat(j.exists("a")).isFalse();
            assertThat(j.get("b")).isEqualTo("2");
            assertThat(j.exists("c")).isFalse();
            assertThat(j.get("{a}d")).isEqualTo("4");
        }
    }

    @Test
    void unlinkAcrossSlotsIsSplitPerKeyOntoEachOwner() {
        List<Conflict> conflicts = new ArrayList<>();
        write(ConflictPolicy.PANIC, conflicts, command("MSET a 1 b 2 c 3"), command("UNLINK a b {a}absent"));

        assertThat(conflicts).isEmpty();
        LocalRedisCluster cluster = target.cluster();
        assertThat(ReplicatedCommands.calls(cluster.nodeForSlot(Slots.slot(bytes("a"))), "unlink")).as("a's and {a}absent's")
                .isEqualTo(2);
        assertThat(ReplicatedCommands.calls(cluster.nodeForSlot(Slots.slot(bytes("b"))), "unlink")).as("b's").isEqualTo(1);
        try (JedisCluster j = target.client()) {
            assertThat(j.exists("a") || j.exists("b")).isFalse();
            assertThat(j.get("c")).isEqualTo("3");
        }
    }

    /**
     * A command that is not a set of per-key operations (it reads one key to write another, or is all or nothing):
     * across slots it is one {@code unsupported_cross_slot} record and is not sent; within one slot (hash tags) it
     * runs. A multi-key EVAL is what a source that replicates scripts verbatim sends (Redis 7 replicates effects).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("notSplittable")
    void aCommandThatCannotBeSplitIsOneCrossSlotRecordAcrossSlotsAndRunsWithinOne(String name, List<String> crossSlot,
            String wouldCreate, List<String> sameSlot, String creates) {
        List<Conflict> conflicts = new ArrayList<>();
        WriteStats stats = write(ConflictPolicy.IGNORE, conflicts, command("SADD a x"), command("SADD b y"),
                command("SADD {a}s z"), command(crossSlot), command(sameSlot));

        assertThat(conflicts).singleElement().satisfies(c -> {
            assertThat(c.action()).isEqualTo(Conflict.ACTION_CROSS_SLOT);
            assertThat(c.command()).isEqualTo(name);
            assertThat(c.printableKey()).isEqualTo(crossSlot.get(crossSlot.get(0).equals("EVAL") ? 3 : 1));
        });
        assertThat(stats.crossSlot()).isEqualTo(1);
        try (JedisCluster j = target.client()) {
            assertThat(j.exists(wouldCreate)).as("the cross-slot %s was not applied", name).isFalse();
            assertThat(j.exists(creates)).as("the %s within one slot was", name).isTrue();
            assertThat(j.smembers("a")).containsExactly("x");
        }
    }

    static Stream<Arguments> notSplittable() {
        String script = "redis.call('SET', KEYS[1], ARGV[1]) return redis.call('SET', KEYS[2], ARGV[1])";
        return Stream.of(
                arguments("SUNIONSTORE", List.of("SUNIONSTORE", "c", "a", "b"), "c",
                        List.of("SUNIONSTORE", "{a}u", "a", "{a}s"), "{a}u"),
                arguments("SMOVE", List.of("SMOVE", "a", "c", "x"), "c", List.of("SMOVE", "{a}s", "{a}t", "z"), "{a}t"),
                arguments("MSETNX", List.of("MSETNX", "{b}m", "1", "{c}m", "2"), "{b}m",
                        List.of("MSETNX", "{a}m", "1", "{a}n", "2"), "{a}n"),
                arguments("EVAL", List.of("EVAL", script, "2", "{b}e", "{c}e", "v"), "{b}e",
                        List.of("EVAL", script, "2", "{a}e", "{a}f", "v"), "{a}f"));
    }

    @Test
    void renameAcrossSlotsIsOneUnsupportedCrossSlotRecordAndTheRestGoesOn() {
        List<Conflict> conflicts = new ArrayList<>();
        WriteStats stats = write(ConflictPolicy.IGNORE, conflicts, command("SET a 1"), command("RENAME a b"),
                command("SET {a}x 2"), command("RENAME {a}x {a}y"));

        assertThat(conflicts).hasSize(1);
        Conflict c = conflicts.get(0);
        assertThat(c.kind()).isEqualTo(Conflict.KIND_COMMAND);
        assertThat(c.action()).isEqualTo(Conflict.ACTION_CROSS_SLOT);
        assertThat(c.command()).isEqualTo("RENAME");
        assertThat(c.printableKey()).isEqualTo("a");
        assertThat(c.source()).isEqualTo(ReplicatedCommands.SPLIT + "@" + ReplicatedCommands.POSITION);
        assertThat(stats.crossSlot()).isEqualTo(1);
        assertThat(stats.commandsWritten()).isEqualTo(3);
        try (JedisCluster j = target.client()) {
            assertThat(j.get("a")).as("the cross-slot RENAME was not applied").isEqualTo("1");
            assertThat(j.exists("b")).isFalse();
            assertThat(j.get("{a}y")).as("a RENAME within one slot is").isEqualTo("2");
        }
    }

    @Test
    void renameAcrossSlotsUnderPanicStopsNamingTheCommandTheSlotsAndTheSetting() {
        List<Conflict> conflicts = new ArrayList<>();

        Throwable failure = catchThrowable(() -> write(ConflictPolicy.PANIC, conflicts, command("RENAME a b")));

        assertThat(failure).isInstanceOf(ConflictPanicException.class)
                .hasMessageContaining("RENAME")
                .hasMessageContaining("'a' (slot 15495), 'b' (slot 3300)")
                .hasMessageContaining("rdb_restore_command_behavior")
                .hasMessageContaining("\"ignore\" or \"rewrite\"")
                .hasMessageContaining(Conflict.ACTION_CROSS_SLOT);
        assertThat(conflicts).extracting(Conflict::action).containsExactly(Conflict.ACTION_CROSS_SLOT);
    }

    @Test
    void aBlockInOneSlotIsOneTransactionOnItsMaster() {
        List<Conflict> conflicts = new ArrayList<>();
        write(ConflictPolicy.PANIC, conflicts, block("SET {u}a 1", "INCR {u}a", "RENAME {u}a {u}b", "DEL {u}c {u}d"));

        LocalRedisServer owner = target.cluster().nodeForSlot(Slots.slot(bytes("{u}")));
        assertThat(ReplicatedCommands.calls(owner, "multi")).isEqualTo(1);
        assertThat(ReplicatedCommands.calls(owner, "exec")).isEqualTo(1);
        try (Jedis j = owner.jedis()) {
            assertThat(j.get("{u}b")).isEqualTo("2");
            assertThat(j.exists("{u}a")).isFalse();
        }
    }

    /** The writer's map is stale: the block meets MOVED while queued (EXECABORT) and goes whole to the new owner. */
    @Test
    void aBlockQueuedOnAMasterThatNoLongerOwnsTheSlotIsSentAgainWhole() {
        LocalRedisCluster cluster = target.cluster();
        int slot = Slots.slot(bytes("{m}"));
        LocalRedisServer from = cluster.nodeForSlot(slot);
        LocalRedisServer to = cluster.masters().stream().filter(m -> !m.equals(from)).findFirst().orElseThrow();
        ClusterChannel<Object> channel = channel();
        try (RedisWriter w = writer(channel, ConflictPolicy.PANIC, new ArrayList<>())) {
            w.open();
            cluster.migrateSlots(from, to, slot, slot);
            w.write(block("SET {m}a 1", "SET {m}b 2", "INCR {m}b"));
            w.flush();
            assertThat(w.stats().commandsWritten()).isEqualTo(3);
        }

        assertThat(channel.stats().retries()).isEqualTo(1);
        assertThat(ReplicatedCommands.calls(from, "set")).as("nothing of the block ran on the old owner").isZero();
        assertThat(ReplicatedCommands.calls(to, "exec")).isEqualTo(1);
        try (Jedis j = to.jedis()) {
            assertThat(j.mget("{m}a", "{m}b")).containsExactly("1", "3");
        }
    }

    @Test
    void aBlockAcrossSlotsIsAppliedCommandByCommand() {
        List<Conflict> conflicts = new ArrayList<>();
        write(ConflictPolicy.PANIC, conflicts, command("SET c 0"), block("SET a 1", "MSET b 2 c 3", "DEL c", "SET {a}z 4"));

        assertThat(conflicts).isEmpty();
        for (LocalRedisServer m : target.cluster().masters()) {
            assertThat(ReplicatedCommands.calls(m, "exec")).as("no EXEC on %s", m).isZero();
        }
        try (JedisCluster j = target.client()) {
            assertThat(j.get("a")).isEqualTo("1");
            assertThat(j.get("b")).isEqualTo("2");
            assertThat(j.exists("c")).isFalse();
            assertThat(j.get("{a}z")).isEqualTo("4");
        }
    }

    @Test
    void anErrorInsideExecFailsNamingTheCommand() {
        Throwable failure = catchThrowable(() -> write(ConflictPolicy.PANIC, new ArrayList<>(), block("SET {u}a x", "INCR {u}a")));

        assertThat(failure).isInstanceOf(TargetWriteException.class)
                .hasMessageContaining("refused command 'INCR {u}a'")
                .hasMessageContaining("not an integer");
    }

    /** The events through the splitter (as for a cluster target), then the writer; flushed at the end. */
    private static WriteStats write(ConflictPolicy policy, List<Conflict> conflicts, RedisEvent... events) {
        CommandSplitter splitter = new CommandSplitter(true);
        splitter.open(DefaultOpenContext.INSTANCE);
        List<RedisEvent> split = new ArrayList<>();
        for (RedisEvent e : events) {
            splitter.flatMap(e, new ListCollector<>(split));
        }
        try (RedisWriter w = writer(channel(), policy, conflicts)) {
            w.open();
            split.forEach(w::write);
            w.flush();
            return w.stats();
        }
    }

    private static RedisWriter writer(ClusterChannel<Object> channel, ConflictPolicy policy, List<Conflict> conflicts) {
        return new RedisWriter(channel, policy, 64, new CommandPathSettings(512, 0), conflicts::add, System::currentTimeMillis);
    }

    private static ClusterChannel<Object> channel() {
        LocalRedisServer seed = target.cluster().masters().get(0);
        return new ClusterChannel<>(new RedisEndpoint(seed.host(), seed.port(), null, null, TlsSettings.OFF, "[redis_writer]"), 10_000);
    }

    private static CommandEvent command(String line) {
        return ReplicatedCommands.command(0, line);
    }

    private static CommandEvent command(List<String> argv) {
        return ReplicatedCommands.command(0, argv.toArray(String[]::new));
    }

    private static TransactionEvent block(String... lines) {
        return ReplicatedCommands.block(0, lines);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
