package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.event.KeyEvent;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.testing.ClusterTargetCheck;
import dev.ferry.testing.RedisClusterExtension;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A Redis 6.2 cluster target (no CLUSTER SHARDS: the slot map comes from CLUSTER SLOTS), fed from a 6.2 snapshot. */
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
}
