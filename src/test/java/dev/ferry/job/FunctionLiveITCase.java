package dev.ferry.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.testing.FilteredSource;
import dev.ferry.testing.JobGraphs;
import dev.ferry.testing.LiveConfig;
import dev.ferry.testing.RedisServerExtension;
import dev.ferry.testing.ReplicaProgress;
import dev.ferry.testing.ReplicatedCommands;
import dev.ferry.testing.SourceAndTarget;
import dev.ferry.testing.SourceScript;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
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
 * {@code [filter] function} on a live {@code [sync_reader]} source (standalone Redis 7.0) into a standalone target,
 * while a client writes on the source: a script in RedisShake's API that splits every MSET into SETs (RedisShake's
 * own example of a rewrite), renames a key prefix and drops what a script says to drop. The target ends equal to the
 * source as the script sees it, and ran SETs where the source ran MSETs.
 */
class FunctionLiveITCase {
    @RegisterExtension
    static final MiniClusterExtension MINI_CLUSTER = new MiniClusterExtension(
            new MiniClusterResourceConfiguration.Builder().setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    @RegisterExtension
    static final RedisServerExtension SOURCE = RedisServerExtension.redis70();

    @RegisterExtension
    static final RedisServerExtension TARGET = RedisServerExtension.redis70();

    private static final int ROUNDS = 200;
    private static final String SCRIPT = """
            if KEYS[1] ~= nil and string.sub(KEYS[1], 1, 5) == "skip:" then
              return
            end
            for i, index in ipairs(KEY_INDEXES) do
              local key = ARGV[index]
              if string.sub(key, 1, 4) == "old:" then
                ARGV[index] = "new:" .. string.sub(key, 5)
              end
            end
            if CMD == "MSET" then
              for i = 2, #ARGV, 2 do
                if string.sub(ARGV[i], 1, 5) ~= "skip:" then
                  shake.call(DB, {"SET", ARGV[i], ARGV[i + 1]})
                end
              end
              return
            end
            shake.call(DB, ARGV)
            """;

    @Test
    void theTargetHoldsWhatTheScriptMakesOfTheStream(@InjectClusterClient ClusterClient<?> client, @TempDir Path dir)
            throws Exception {
        LocalRedisServer source = SOURCE.server();
        try (Jedis j = source.jedis()) {
            j.set("old:snap", "s");
            j.set("skip:snap", "s");
        }
        JobID job = client.submitJob(JobGraphs.migration(LiveConfig.of("""
                [sync_reader]
                address = "%s"
                [filter]
                function = '''
                %s'''
                """.formatted(source.address(), SCRIPT), TARGET.server().address(), dir, 1), null)).get();
        ReplicaProgress.awaitAcked(source, false); // past the snapshot: what follows comes as replicated commands
        SourceScript.start(source, j -> {
            for (int i = 0; i < ROUNDS; i++) {
                j.mset("old:m:" + i, "a" + i, "other:m:" + i, "b" + i);
                j.incr("old:count");
                j.rpush("old:list", Integer.toString(i));
                j.set("skip:" + i, "never");
                if (i % 10 == 0) {
                    Transaction t = j.multi();
                    t.mset("old:tx:" + i, "t", "skip:tx:" + i, "x");
                    t.del("old:m:" + (i / 2));
                    t.exec();
                }
            }
        }).awaitDone();
        ReplicaProgress.awaitCaughtUp(source);
        client.cancel(job).get(1, TimeUnit.MINUTES);

        try (Jedis s = source.jedis()) {
            s.keys("skip:*").forEach(s::del);
        }
        FilteredSource.renamePrefix(source, 0, "old:", "new:");
        SourceAndTarget.assertDbEqual(source, 0, TARGET.server(), 0);
        assertThat(ReplicatedCommands.calls(TARGET.server(), "mset")).isZero();
        assertThat(ReplicatedCommands.calls(TARGET.server(), "set")).isGreaterThanOrEqualTo(2L * ROUNDS);
    }
}
