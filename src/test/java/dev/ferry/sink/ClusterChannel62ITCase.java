package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.event.KeyEvent;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.RdbType;
import dev.ferry.testing.ClusterTargetCheck;
import dev.ferry.testing.RedisClusterExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Redis 6.2 cluster target (no CLUSTER SHARDS: the slot map comes from CLUSTER SLOTS), fed from a 6.2 snapshot,
 * and from a 7.0 one, much of which 6.2 cannot RESTORE.
 */
class ClusterChannel62ITCase {
    @RegisterExtension
    static RedisClusterExtension target = RedisClusterExtension.redis62(3, 0);

    @Test
    void everyKeyArrivesThroughTheClusterSlotsMap() {
        try (LocalRedisServer source = LocalRedisServer.start(RedisBinary.redis62())) {
            List<KeyEvent> events = ClusterChannelITCase.snapshot(source, 1, 1000);
            List<Conflict> conflicts = new ArrayList<>();

            WriteStats stats = ClusterChannelITCase.writeAll(target.cluster(), events, 64, conflicts);

            assertThat(conflicts).isEmpty();
            assertThat(stats.written()).isEqualTo(events.size());
            ClusterTargetCheck.assertEqualsSource(source, target.cluster());
        }
    }

    /** What 6.2 cannot RESTORE goes by element commands, into temporary keys in each key's slot, probed on the cluster. */
    @Test
    void aRedis70SnapshotGoesByCommandsWhereRestoreCannot() {
        try (LocalRedisServer source = LocalRedisServer.start(RedisBinary.redis70())) {
            List<KeyEvent> events = ClusterChannelITCase.snapshot(source, 1, 1000);
            long tooNew = events.stream()
                    .filter(e -> DumpPayload.rdbVersion(e.payload()) > 9 || RdbType.minRdbVersion(e.rdbType()) > 9).count();
            List<Conflict> conflicts = new ArrayList<>();

            WriteStats stats = ClusterChannelITCase.writeAll(target.cluster(), events, 64, conflicts);

            assertThat(conflicts).isEmpty();
            assertThat(tooNew).isGreaterThan(10);
            assertThat(stats.writtenByCommands()).isEqualTo(tooNew);
            assertThat(stats.written()).isEqualTo(events.size());
            ClusterTargetCheck.assertEqualsSource(source, target.cluster());
        }
    }
}
