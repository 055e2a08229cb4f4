package dev.ferry.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.ConfigLoader;
import dev.ferry.config.FerryConfig;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.sink.cluster.Slots;
import dev.ferry.testing.ClusterTargetCheck;
import dev.ferry.testing.RedisClusterExtension;
import dev.ferry.testing.RedisServerExtension;
import dev.ferry.testing.ReplicaProgress;
import dev.ferry.testing.SourceScript;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/**
 * The whole job with a live {@code [sync_reader]} source (standalone Redis 7.0) into a 3-master cluster at
 * parallelism 2, while a client writes cross-slot DEL and MSET, hash-tagged RENAMEs, cross-slot RENAMEs and
 * MULTI/EXEC blocks (in one slot and across slots) on the source. Every key the cluster can hold ends equal; each
 * cross-slot RENAME is exactly one {@code unsupported_cross_slot} line in conflicts.jsonl.
 */
class CrossSlotLiveITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @RegisterExtension
    static final RedisServerExtension SOURCE = RedisServerExtension.redis70();

    @RegisterExtension
    static final RedisClusterExtension TARGET = RedisClusterExtension.redis70(3, 0);

    private static final int KEYS = 40;
    private static final int OPS = 1500;

    @Test
    void liveCrossSlotWritesIntoAClusterAtParallelism2(@InjectClusterClient ClusterClient<?> client, @TempDir Path dir)
            throws Exception {
        LocalRedisServer source = SOURCE.server();
        try (Jedis j = source.jedis()) {
            for (int i = 0; i < KEYS; i++) {
                j.set("k:" + i, Integer.toString(i));
            }
        }
        JobID job = client.submitJob(job(source, dir)).get();
        ReplicaProgress.awaitAcked(source, false); // past the snapshot: what follows comes as replicated commands
        SourceClient writes = new SourceClient();
        SourceScript.start(source, writes).awaitDone();
        assertThat(writes.crossSlotRenames).isNotEmpty();
        ReplicaProgress.awaitCaughtUp(source);

        List<String> lines = Files.readAllLines(dir.resolve("conflicts.jsonl"));
        List<String> expected = writes.crossSlotRenames.stream()
                .map(k -> "{\"kind\":\"command\",\"db\":0,\"key\":\"" + k + "\",\"command\":\"RENAME\",\"policy\":\"ignore\","
                        + "\"action\":\"unsupported_cross_slot\"")
                .toList();
        assertThat(lines.stream().map(l -> l.substring(0, l.indexOf(",\"target\"")))).containsExactlyInAnyOrderElementsOf(expected);
        try (Jedis t = TARGET.cluster().nodeForSlot(Slots.slot(bytes(writes.crossSlotRenames.get(0)))).jedis()) {
            assertThat(t.exists(writes.crossSlotRenames.get(0))).as("a cross-slot RENAME is not applied").isTrue();
        }

        // what the unsupported RENAMEs left different goes away with a DEL across slots, which the cluster can run split
        try (Jedis j = source.jedis()) {
            j.del(writes.renameKeys.toArray(String[]::new));
        }
        ReplicaProgress.awaitCaughtUp(source);
        ClusterTargetCheck.assertEqualsSource(source, TARGET.cluster());
        client.cancel(job).get(1, TimeUnit.MINUTES);
    }

    private static org.apache.flink.streaming.api.graph.StreamGraph job(LocalRedisServer source, Path dir) {
        FerryConfig cfg = ConfigLoader.parse("""
                [sync_reader]
                address = "%s"
                [redis_writer]
                address = "%s"
                cluster = true
                [advanced]
                dir = "%s"
                rdb_restore_command_behavior = "ignore"
                [flink]
                parallelism = 2
                checkpoint_interval = "300ms"
                """.formatted(source.address(), TARGET.cluster().seedAddress(), dir), "live.toml", List.of());
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
        MigrationJob.build(env, cfg, cfg.advanced().logInterval());
        return env.getStreamGraph();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A client of the source writing {@link #OPS} times over {@code k:0..KEYS-1}, a hash tag {@code {t}} and RENAME pairs {@code rn:i → rnto:i}. */
    private static final class SourceClient implements Consumer<Jedis> {
        /** Source keys of the RENAMEs whose two keys are in different slots: the expected conflicts. */
        final List<String> crossSlotRenames = new ArrayList<>();
        final List<String> renameKeys = new ArrayList<>();

        @Override
        public void accept(Jedis j) {
            Random r = new Random(5);
            for (int n = 0; n < OPS; n++) {
                switch (n == 0 ? 5 : r.nextInt(8)) {
                    case 0 -> j.set(k(r), Integer.toString(r.nextInt(100)));
                    case 1 -> j.incr(k(r));
                    case 2 -> j.del(k(r), k(r), k(r));
                    case 3 -> j.mset(k(r), "1", k(r), "2", k(r), "3");
                    case 4 -> {
                        String from = "{t}x:" + r.nextInt(5);
                        j.set(from, "v" + n);
                        j.rename(from, "{t}y:" + r.nextInt(5));
                    }
                    case 5 -> rename(j, n);
                    case 6 -> {
                        Transaction t = j.multi();
                        t.set("{blk}a", Integer.toString(n));
                        t.incr("{blk}a");
                        t.rename("{blk}a", "{blk}b:" + r.nextInt(3));
                        t.exec();
                    }
                    default -> {
                        Transaction t = j.multi();
                        t.set(k(r), Integer.toString(n));
                        t.incr(k(r));
                        t.del(k(r), k(r));
                        t.mset(k(r), "7", k(r), "8");
                        t.exec();
                    }
                }
            }
        }

        /** A RENAME between two fresh keys; in different slots (most pairs), the cluster cannot run it. */
        private void rename(Jedis j, int n) {
            String from = "rn:" + n;
            String to = "rnto:" + n;
            j.set(from, "r" + n);
            j.rename(from, to);
            renameKeys.add(from);
            renameKeys.add(to);
            if (Slots.slot(bytes(from)) != Slots.slot(bytes(to))) {
                crossSlotRenames.add(from);
            }
        }

        private static String k(Random r) {
            return "k:" + r.nextInt(KEYS);
        }
    }
}
