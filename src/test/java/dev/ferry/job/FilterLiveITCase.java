package dev.ferry.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.FerryConfig;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.testing.FilteredSource;
import dev.ferry.testing.JobGraphs;
import dev.ferry.testing.LiveConfig;
import dev.ferry.testing.RedisServerExtension;
import dev.ferry.testing.ReplicaProgress;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.SourceScript;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.apache.flink.api.common.JobID;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Transaction;

/**
 * {@code [filter]} on a live {@code [sync_reader]} source (standalone Redis 7.0) into a standalone target, while a
 * client thread writes on the source: DEL and MSET on partly allowed keys (cut down to the allowed ones), RENAMEs from
 * an allowed key to a filtered one (cannot be cut: dropped), blocked commands and a blocked command group, a blocked
 * db and MULTI/EXEC blocks mixing allowed and filtered keys. The target ends equal to the source as the filter sees
 * it: allowed keys only, renamed, without what the blocked commands did.
 */
class FilterLiveITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @RegisterExtension
    static final RedisServerExtension SOURCE = RedisServerExtension.redis70();

    @RegisterExtension
    static final RedisServerExtension TARGET = RedisServerExtension.redis70();

    private static final int ROUNDS = 150;

    @Test
    void theTargetEqualsTheFilteredSource(@InjectClusterClient ClusterClient<?> client, @TempDir Path dir) throws Exception {
        LocalRedisServer source = SOURCE.server();
        try (Jedis j = source.jedis()) {
            for (int i = 0; i < ROUNDS; i++) {
                j.set("user:" + i, "snap" + i);
                j.set("tmp:" + i, "snap" + i);
            }
        }
        JobID job = client.submitJob(JobGraphs.migration(config(source, dir), null)).get();
        ReplicaProgress.awaitAcked(source, false); // past the snapshot: what follows comes as replicated commands
        Writes writes = new Writes();
        SourceScript.start(source, writes).awaitDone();
        ReplicaProgress.awaitCaughtUp(source);
        client.cancel(job).get(1, TimeUnit.MINUTES);

        try (Jedis s = source.jedis(); Jedis t = TARGET.server().jedis()) {
            for (int i : writes.renamed) {
                assertThat(t.get("u:r:" + i)).as("a RENAME to a filtered key is not applied").isEqualTo("r" + i);
                s.rename("tmp:r:" + i, "user:r:" + i); // what the target keeps, for the comparison below
            }
            writes.blocked.forEach(s::del);
            t.select(2);
            assertThat(t.dbSize()).as("blocked db 2 on the target").isZero();
        }
        FilteredSource.keepOnly(source, 0, "user:", "u:");
        SourceAndTarget.assertDbEqual(source, 0, TARGET.server(), 0);
    }

    private static FerryConfig config(LocalRedisServer source, Path dir) {
        return LiveConfig.of("""
                [sync_reader]
                address = "%s"
                [filter]
                allow_key_prefix = ["user:"]
                block_db = [2]
                block_command = ["APPEND"]
                block_command_group = ["HASH"]
                key_prefix_map = { "user:" = "u:" }
                """.formatted(source.address()), TARGET.server().address(), dir, 1);
    }

    /** {@link #ROUNDS} rounds of allowed, filtered, partly allowed and blocked commands on the source. */
    private static final class Writes implements Consumer<Jedis> {
        /** The i of each {@code RENAME user:r:i tmp:r:i}. */
        final List<Integer> renamed = new ArrayList<>();
        /** Keys only blocked commands wrote (APPEND, HSET): the target never sees them. */
        final List<String> blocked = new ArrayList<>();

        @Override
        public void accept(Jedis j) {
            for (int i = 0; i < ROUNDS; i++) {
                j.set("user:n:" + i, "v" + i);
                j.set("tmp:n:" + i, "v" + i);
                j.incr("user:count");
                j.mset("user:m:" + i, "m" + i, "tmp:m:" + i, "m" + i);
                if (i % 3 == 0) {
                    j.del("user:" + i, "tmp:" + i, "user:n:" + (i / 2));
                }
                if (i % 5 == 0) {
                    j.set("user:r:" + i, "r" + i);
                    j.rename("user:r:" + i, "tmp:r:" + i);
                    renamed.add(i);
                }
                if (i % 7 == 0) {
                    j.append("user:ap:" + i, "x");
                    j.hset("user:h:" + i, "f", "v");
                    blocked.add("user:ap:" + i);
                    blocked.add("user:h:" + i);
                }
                if (i % 4 == 0) {
                    Transaction t = j.multi();
                    t.set("user:tx:" + i, "t" + i);
                    t.set("tmp:tx:" + i, "t" + i);
                    t.del("tmp:" + i, "user:m:" + i);
                    t.exec();
                }
                j.select(2);
                j.set("user:db2:" + i, "never");
                j.select(0);
            }
        }
    }
}
