package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static dev.ferry.testing.ReplicatedCommands.command;

import dev.ferry.config.ConflictPolicy;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.TransactionEvent;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.testing.RedisServerExtension;
import dev.ferry.testing.ReplicatedCommands;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/** MULTI/EXEC blocks and cross-slot commands through a {@link RedisWriter} on a {@link StandaloneChannel} into a real Redis 7.0. */
class StandaloneTransactionTest {
    private static final String SPLIT = ReplicatedCommands.SPLIT;

    @RegisterExtension
    static RedisServerExtension target = RedisServerExtension.redis70();

    /** A SELECT inside the source's block moved its second half to db 1: the block stays one transaction. */
    @Test
    void aBlockOverKeysOfSeveralSlotsAndDbsIsOneTransaction() {
        resetStats();
        WriteStats stats = write(command(5, "SET before 1"), new TransactionEvent(List.of(
                command(0, "SET a 1"), command(0, "RENAME a b"), command(1, "MSET c 3 d 4"), command(1, "DEL c")), SPLIT, 2000),
                command(0, "SET after 1"));

        assertThat(stats.commandsWritten()).isEqualTo(6);
        assertThat(ReplicatedCommands.calls(target.server(), "exec")).isEqualTo(1);
        try (Jedis j = target.jedis()) {
            assertThat(j.get("b")).isEqualTo("1");
            assertThat(j.exists("a")).isFalse();
            j.select(1);
            assertThat(j.get("d")).isEqualTo("4");
            assertThat(j.exists("c", "b")).isZero();
            j.select(5);
            assertThat(j.get("before")).isEqualTo("1");
            j.select(0);
            assertThat(j.get("after")).as("the channel's db follows the SELECT inside the block").isEqualTo("1");
        }
    }

    @Test
    void aCommandAcrossSlotsIsSentAsItIs() {
        WriteStats stats = write(command(0, "SET a 1"), command(0, "RENAME a b"), command(0, "SADD s1 x"),
                command(0, "SADD s2 y"), command(0, "SUNIONSTORE d s1 s2"));

        assertThat(stats.crossSlot()).isZero();
        assertThat(stats.commandsWritten()).isEqualTo(5);
        try (Jedis j = target.jedis()) {
            assertThat(j.get("b")).isEqualTo("1");
            assertThat(j.smembers("d")).containsExactlyInAnyOrder("x", "y");
        }
    }

    @Test
    void aCommandRefusedWhileQueuedFailsNamingTheBlock() {
        Throwable failure = catchThrowable(() -> write(new TransactionEvent(List.of(command(0, "SET a 1"),
                new CommandEvent(0, new byte[][] {bytes("GET")}, new int[0], SPLIT, 1000)), SPLIT, 2000)));

        assertThat(failure).isInstanceOf(TargetWriteException.class)
                .hasMessageContaining("refused MULTI/EXEC block 'MULTI; SET a 1; GET; EXEC'")
                .hasMessageContaining("wrong number of arguments");
        try (Jedis j = target.jedis()) {
            assertThat(j.exists("a")).as("nothing of the block ran").isFalse();
        }
    }

    private static WriteStats write(RedisEvent... events) {
        LocalRedisServer s = target.server();
        RedisEndpoint ep = new RedisEndpoint(s.host(), s.port(), null, null, TlsSettings.OFF, "[redis_writer]");
        try (RedisWriter w = new RedisWriter(new StandaloneChannel<>(ep, 10_000), ConflictPolicy.PANIC, 64,
                new CommandPathSettings(512, 0), c -> { }, System::currentTimeMillis)) {
            w.open();
            for (RedisEvent e : events) {
                w.write(e);
            }
            w.flush();
            return w.stats();
        }
    }

    private static void resetStats() {
        try (Jedis j = target.jedis()) {
            j.configResetStat();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
