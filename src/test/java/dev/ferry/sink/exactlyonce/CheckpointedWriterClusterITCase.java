package dev.ferry.sink.exactlyonce;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.ConflictPolicy;
import dev.ferry.config.Delivery;
import dev.ferry.config.RedisWriterConfig;
import dev.ferry.event.CommandEvent;
import dev.ferry.event.TransactionEvent;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.sink.ClusterChannel;
import dev.ferry.sink.CommandPathSettings;
import dev.ferry.sink.RedisWriter;
import dev.ferry.sink.cluster.SlotTags;
import dev.ferry.sink.cluster.Slots;
import dev.ferry.testing.RedisClusterExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/**
 * Exactly-once commits into a real 3-master Redis 7.0 cluster: one marker per slot, in that slot (a cluster runs a
 * MULTI/EXEC only when all its keys share one), commands without keys on every master, and a restored batch applied
 * again changing nothing.
 */
class CheckpointedWriterClusterITCase {
    private static final String SPLIT = "127.0.0.1:7000";

    @RegisterExtension
    static RedisClusterExtension target = RedisClusterExtension.redis70(3, 0);

    private final List<RedisWriter> open = new ArrayList<>();
    private long offset;

    @AfterEach
    void close() {
        open.forEach(RedisWriter::close);
    }

    @Test
    void eachSlotsCommandsLandOnceWithTheSlotsMarkerAndARetryChangesNothing() {
        CheckpointedWriter w = writer();
        for (int i = 0; i < 300; i++) {
            w.write(command("INCRBY", "c:" + i % 50, "1"));
            if (i % 30 == 0) {
                w.write(new TransactionEvent(List.of(command("INCRBY", "{t}c", "1"), command("LPUSH", "{t}l", "x" + i)),
                        SPLIT, ++offset));
            }
        }
        w.write(CommandEvent.of(0, SPLIT, ++offset, new int[0], b("FUNCTION"), b("FLUSH")));
        w.write(command("SET", "after-flush", "1"));
        w.beforeBarrier(1);
        WriterState state = w.snapshot(1);
        w.checkpointComplete(1);

        JedisCluster c = target.client();
        assertThat(total(c)).isEqualTo(300 + 10);
        assertThat(c.llen("{t}l")).isEqualTo(10);
        int slot = Slots.slot(b("c:7"));
        assertThat(c.get("ferry:applied:{" + SlotTags.tag(slot) + "}")).as("the marker of c:7's slot")
                .startsWith(state.pending().get(0).id() + " ");
        assertThat(c.get("ferry:applied:keyless")).as("FUNCTION FLUSH, alone on every master").isNotNull();
        assertThat(c.get("ferry:stamp:w0")).as("no stamp on a cluster: each master has its own run_id").isNull();

        writer().open(List.of(state)); // the commit retried after a restart
        assertThat(total(c)).isEqualTo(310);
        assertThat(c.llen("{t}l")).isEqualTo(10);
        assertThat(c.get("after-flush")).isEqualTo("1");

        LocalRedisServer seed = target.cluster().masters().get(0);
        long removed = MarkerCleanup.run(new RedisWriterConfig(seed.address(), null, null, TlsSettings.OFF, true, false, null), "ferry:")
                .values().stream().mapToLong(Long::longValue).sum();
        assertThat(removed).as("a marker per slot used, and the keyless one, from all three masters").isGreaterThan(50);
        for (LocalRedisServer m : target.cluster().masters()) {
            try (Jedis j = m.jedis()) {
                assertThat(j.keys("ferry:*")).isEmpty();
            }
        }
    }

    private long total(JedisCluster c) {
        long sum = Long.parseLong(c.get("{t}c"));
        for (int k = 0; k < 50; k++) {
            sum += Long.parseLong(c.get("c:" + k));
        }
        return sum;
    }

    private CheckpointedWriter writer() {
        LocalRedisServer seed = target.cluster().masters().get(0);
        RedisWriter w = new RedisWriter(new ClusterChannel<>(new RedisEndpoint(seed.host(), seed.port(), null, null, TlsSettings.OFF,
                "[redis_writer]"), 10_000), ConflictPolicy.PANIC, 64, new CommandPathSettings(512, 0), c -> { },
                System::currentTimeMillis);
        open.add(w);
        w.open();
        CheckpointedWriter c = new CheckpointedWriter(w, Delivery.EXACTLY_ONCE, new MarkerKeys("ferry:", true), 0);
        c.open(List.of());
        return c;
    }

    private CommandEvent command(String... argv) {
        byte[][] args = new byte[argv.length][];
        for (int i = 0; i < argv.length; i++) {
            args[i] = b(argv[i]);
        }
        return new CommandEvent(0, args, new int[] {1}, SPLIT, ++offset);
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
