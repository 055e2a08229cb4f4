package dev.ferry.sink.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.config.ConflictPolicy;
import dev.ferry.config.Delivery;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.KeyEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.TransactionEvent;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.sink.CommandPathSettings;
import dev.ferry.sink.RedisWriter;
import dev.ferry.sink.StandaloneChannel;
import dev.ferry.sink.TargetWriteException;
import dev.ferry.testing.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * {@link CheckpointedWriter} against a real Redis 7.0 standalone target, with Flink's checkpoint calls made by hand:
 * what is held, when it lands, and that applying a restored batch again changes nothing, however far its first
 * commit got.
 */
class CheckpointedWriterTest {
    private static final String SPLIT = "127.0.0.1:7000";
    private static final MarkerKeys KEYS = new MarkerKeys("ferry:", false);

    @RegisterExtension
    static RedisServerExtension target = RedisServerExtension.redis70();

    private final List<RedisWriter> open = new ArrayList<>();
    private long offset = 1000;

    @AfterEach
    void closeWriters() {
        open.forEach(RedisWriter::close);
    }

    @Test
    void exactlyOnceHoldsCommandsUntilTheirCheckpointCompletes() {
        CheckpointedWriter w = writer(Delivery.EXACTLY_ONCE, 0, ConflictPolicy.PANIC);
        w.write(incrby("c:1", 5));
        w.write(lpush("l:1", "a"));
        w.beforeBarrier(1);
        w.snapshot(1);
        assertThat(get("c:1")).as("held while checkpoint 1 runs").isNull();
        w.write(incrby("c:1", 7)); // the next checkpoint's
        w.checkpointComplete(1);

        assertThat(get("c:1")).isEqualTo("5");
        assertThat(w.held()).isEqualTo(1);
        w.beforeBarrier(2);
        w.snapshot(2);
        w.checkpointComplete(2);
        assertThat(get("c:1")).isEqualTo("12");
        assertThat(w.held()).isZero();
        try (Jedis j = target.jedis()) {
            assertThat(j.lrange("l:1", 0, -1)).containsExactly("a");
            assertThat(j.get("ferry:applied:w0")).as("the marker names the batch and counts its items").matches(
                    "[0-9a-f-]+-2 1 127\\.0\\.0\\.1:7000@\\d+");
            assertThat(j.get("ferry:stamp:w0")).as("the stamp of the newest checkpoint").isEqualTo("2");
        }
    }

    @Test
    void whatIsHeldWhenTheInputEndsWaitsForTheFinalCheckpointSoThatARestartBeforeItAppliesItOnce() {
        CheckpointedWriter w = writer(Delivery.EXACTLY_ONCE, 0, ConflictPolicy.PANIC);
        w.write(incrby("c:1", 5));
        w.beforeBarrier(1);
        WriterState beforeTheEnd = w.snapshot(1);
        w.checkpointComplete(1);
        CommandEvent last = incrby("c:1", 7);
        w.write(last);
        w.endOfInput();
        assertThat(get("c:1")).as("held: no checkpoint has it yet").isEqualTo("5");
        assertThat(get("ferry:stamp:w0")).as("kept for a restart before the final checkpoint completes").isEqualTo("1");

        // the final checkpoint never completes: the job restarts from checkpoint 1 and the source replays what followed
        CheckpointedWriter restarted = new CheckpointedWriter(rawWriter(ConflictPolicy.PANIC), Delivery.EXACTLY_ONCE, KEYS, 0);
        restarted.open(List.of(beforeTheEnd));
        assertThat(get("c:1")).as("checkpoint 1's batch, retried, is found applied").isEqualTo("5");
        restarted.write(last);
        restarted.endOfInput();
        restarted.beforeBarrier(2);
        WriterState theFinal = restarted.snapshot(2);
        restarted.checkpointComplete(2);
        assertThat(get("c:1")).as("the final checkpoint applies it, once").isEqualTo("12");

        // a restart from the final checkpoint retries its batch: the marker is still there to say it is applied
        writer(Delivery.EXACTLY_ONCE, 0, ConflictPolicy.PANIC).open(List.of(theFinal));
        assertThat(get("c:1")).isEqualTo("12");
        assertThat(marker()).startsWith(theFinal.pending().get(0).id() + " 1 ");
        assertThat(get("ferry:stamp:w0")).as("removed by the final checkpoint").isNull();
    }

    @Test
    void atLeastOnceWritesAtOnce() {
        CheckpointedWriter w = writer(Delivery.AT_LEAST_ONCE, 0, ConflictPolicy.PANIC);
        w.write(incrby("c:1", 5));
        w.beforeBarrier(1);
        assertThat(get("c:1")).isEqualTo("5");
        assertThat(w.snapshot(1).pending()).isEmpty();
    }

    @Test
    void atLeastOnceCountsAReplayedXaddAsAppliedInsteadOfFailing() {
        RedisWriter raw = rawWriter(ConflictPolicy.PANIC);
        CheckpointedWriter w = new CheckpointedWriter(raw, Delivery.AT_LEAST_ONCE, KEYS, 0);
        w.open(List.of());
        CommandEvent xadd = CommandEvent.of(0, SPLIT, offset++, new int[] {1}, b("XADD"), b("x"), b("5-1"), b("f"), b("v"));
        w.write(xadd);
        w.beforeBarrier(1);
        w.write(xadd); // the replay after a restart from a checkpoint before it
        w.write(new TransactionEvent(List.of(xadd, incrby("c:1", 1)), SPLIT, offset++));
        w.beforeBarrier(2);
        assertThat(raw.stats().alreadyApplied()).isEqualTo(2);
        assertThat(get("c:1")).isEqualTo("1");
        try (Jedis j = target.jedis()) {
            assertThat(j.xlen("x")).isEqualTo(1);
        }
    }

    @Test
    void aRestoredBatchIsAppliedOnceHoweverFarItsFirstCommitGot() {
        CheckpointedWriter first = writer(Delivery.EXACTLY_ONCE, 0, ConflictPolicy.PANIC);
        // 2,500 items: three transactions of at most 1,000 commands, and a MULTI/EXEC block of the source among them
        for (int i = 0; i < 2_500; i++) {
            first.write(i == 1_200 ? block("c:" + i % 7, "l:" + i % 5) : i % 2 == 0 ? incrby("c:" + i % 7, 1) : lpush("l:" + i % 5, "e" + i));
        }
        first.beforeBarrier(1);
        WriterState state = first.snapshot(1);
        PendingBatch batch = state.pending().get(0);
        // the first commit got through its first transaction only, then the job failed
        PendingBatch firstThousand = new PendingBatch(batch.id(), 1, 0, batch.items().subList(0, 1_000));
        writer(Delivery.EXACTLY_ONCE, 0, ConflictPolicy.PANIC).open(List.of(new WriterState(0, "", -1, List.of(firstThousand))));
        assertThat(marker()).startsWith(batch.id() + " 1000 ");

        CheckpointedWriter restored = writer(Delivery.EXACTLY_ONCE, 0, ConflictPolicy.PANIC);
        restored.open(List.of(state));
        CheckpointedWriter again = writer(Delivery.EXACTLY_ONCE, 0, ConflictPolicy.PANIC);
        again.open(List.of(state)); // and once more, after it had all gone through

        long counted = 0;
        long pushed = 0;
        try (Jedis j = target.jedis()) {
            for (int k = 0; k < 7; k++) {
                counted += Long.parseLong(j.get("c:" + k));
            }
            for (int k = 0; k < 5; k++) {
                pushed += j.llen("l:" + k);
            }
        }
        assertThat(counted).as("every INCRBY once (1,249 alone, one in the block)").isEqualTo(1_250);
        assertThat(pushed).as("every LPUSH once (1,250 alone, one in the block)").isEqualTo(1_251);
        assertThat(marker()).startsWith(batch.id() + " 2500 ");
    }

    @Test
    void aMarkerOfALaterRestoredBatchMeansTheEarlierOneIsWholeAndAStaleOneMeansNothing() {
        CheckpointedWriter first = writer(Delivery.EXACTLY_ONCE, 0, ConflictPolicy.PANIC);
        first.write(incrby("c:1", 1));
        first.beforeBarrier(1);
        first.snapshot(1);
        first.write(incrby("c:1", 10));
        first.write(incrby("c:1", 100));
        first.beforeBarrier(2);
        WriterState state = first.snapshot(2);
        assertThat(state.pending()).hasSize(2);
        // both applied, the second one's first item only
        writer(Delivery.EXACTLY_ONCE, 0, ConflictPolicy.PANIC).open(List.of(new WriterState(0, "", -1, List.of(
                state.pending().get(0),
                new PendingBatch(state.pending().get(1).id(), 2, 0, state.pending().get(1).items().subList(0, 1))))));
        assertThat(get("c:1")).isEqualTo("11");

        writer(Delivery.EXACTLY_ONCE, 0, ConflictPolicy.PANIC).open(List.of(state));
        assertThat(get("c:1")).isEqualTo("111");

        try (Jedis j = target.jedis()) {
            j.set("ferry:applied:w0", "some-other-run-3 1 x@1"); // left by an earlier, unrelated run
        }
        writer(Delivery.EXACTLY_ONCE, 0, ConflictPolicy.PANIC).open(List.of(state));
        assertThat(get("c:1")).as("a marker of another run counts nothing of these batches").isEqualTo("222");
    }

    @Test
    void aSnapshotEntryWaitsBehindAHeldCommandOfItsSlotOnly() {
        CheckpointedWriter w = writer(Delivery.EXACTLY_ONCE, 0, ConflictPolicy.REWRITE);
        w.write(set("k", "from-command"));
        w.write(restore("k", "from-snapshot")); // a later full value of the same key: must land after the SET
        w.write(restore("other", "at-once"));
        w.beforeBarrier(1);
        assertThat(get("other")).as("nothing of its slot is held").isEqualTo("at-once");
        assertThat(get("k")).isNull();
        w.snapshot(1);
        w.checkpointComplete(1);
        assertThat(get("k")).isEqualTo("from-snapshot");
    }

    @Test
    void aCommandTheTargetRefusesWhileRunningItStopsTheJobNamingIt() {
        try (Jedis j = target.jedis()) {
            j.set("s", "text");
        }
        CheckpointedWriter w = writer(Delivery.EXACTLY_ONCE, 0, ConflictPolicy.PANIC);
        w.write(incrby("s", 1));
        w.write(incrby("c:1", 1));
        w.beforeBarrier(1);
        w.snapshot(1);
        assertThatThrownBy(() -> w.checkpointComplete(1)).isInstanceOf(TargetWriteException.class)
                .hasMessageContaining("refused command 'INCRBY s 1'", "not an integer", "inside an exactly-once transaction");
        assertThat(get("c:1")).as("the rest of the transaction ran").isEqualTo("1");
    }

    @Test
    void aTargetThatRestartedWithoutItsDataIsNoticedAndOneThatKeptItIsNot() {
        LocalRedisServer server = target.server();
        CheckpointedWriter w = writer(Delivery.AT_LEAST_ONCE, 0, ConflictPolicy.PANIC);
        w.write(incrby("c:1", 1));
        w.beforeBarrier(4);
        WriterState state = w.snapshot(4);
        assertThat(state.targetRunId()).hasSize(40);
        assertThat(state.stampCheckpoint()).isEqualTo(4);

        try (Jedis j = target.jedis()) {
            j.save();
        }
        server.restart(); // loads dump.rdb: a restart with the data
        writer(Delivery.AT_LEAST_ONCE, 0, ConflictPolicy.PANIC).open(List.of(state));

        try (Jedis j = target.jedis()) {
            j.flushAll();
            j.save();
        }
        server.restart(); // an empty dump.rdb: the data is gone
        assertThatThrownBy(() -> writer(Delivery.AT_LEAST_ONCE, 0, ConflictPolicy.PANIC).open(List.of(state)))
                .isInstanceOf(TargetDataLostException.class)
                .hasMessageContaining("run_id changed from " + state.targetRunId(), "before checkpoint 4",
                        "its stamp ferry:stamp:w0 is gone", "without --resume", "rdb_restore_command_behavior = \"rewrite\"");
    }

    @Test
    void aTargetThatRestartsDuringTheRunFailsTheNextCheckpoint() {
        CheckpointedWriter w = writer(Delivery.AT_LEAST_ONCE, 0, ConflictPolicy.PANIC);
        w.beforeBarrier(1);
        target.server().restart();
        assertThatThrownBy(() -> w.beforeBarrier(2)).isInstanceOf(RuntimeException.class);
    }

    // ------------------------------------------------------------------ helpers

    private CheckpointedWriter writer(Delivery delivery, int subtask, ConflictPolicy policy) {
        CheckpointedWriter c = new CheckpointedWriter(rawWriter(policy), delivery, KEYS, subtask);
        c.open(List.of());
        return c;
    }

    private RedisWriter rawWriter(ConflictPolicy policy) {
        LocalRedisServer s = target.server();
        RedisWriter w = new RedisWriter(new StandaloneChannel<>(new RedisEndpoint(LocalRedisServer.HOST, s.port(), null, null,
                TlsSettings.OFF, "[redis_writer]"), 10_000), policy, 64, new CommandPathSettings(512, 0), noConflicts(), System::currentTimeMillis);
        open.add(w);
        w.open();
        return w;
    }

    private static Consumer<dev.ferry.sink.Conflict> noConflicts() {
        return c -> { };
    }

    private CommandEvent incrby(String key, long by) {
        return CommandEvent.of(0, SPLIT, offset++, new int[] {1}, b("INCRBY"), b(key), b(Long.toString(by)));
    }

    private CommandEvent lpush(String key, String value) {
        return CommandEvent.of(0, SPLIT, offset++, new int[] {1}, b("LPUSH"), b(key), b(value));
    }

    private CommandEvent set(String key, String value) {
        return CommandEvent.of(0, SPLIT, offset++, new int[] {1}, b("SET"), b(key), b(value));
    }

    private RedisEvent block(String counter, String list) {
        return new TransactionEvent(List.of(incrby(counter, 1), lpush(list, "in-block")), SPLIT, offset++);
    }

    /** The snapshot entry of a string, with the DUMP payload the target itself makes of it. */
    private KeyEvent restore(String key, String value) {
        byte[] payload;
        try (Jedis j = target.jedis()) {
            j.set("scratch", value);
            payload = j.dump("scratch");
            j.del("scratch");
        }
        return new KeyEvent(0, b(key), 0, payload, KeyEvent.NO_EXPIRE, -1, -1, SPLIT, offset++);
    }

    private static String get(String key) {
        try (Jedis j = target.jedis()) {
            return j.get(key);
        }
    }

    private static String marker() {
        return get("ferry:applied:w0");
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
