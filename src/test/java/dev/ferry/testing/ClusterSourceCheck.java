package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisCluster;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.verify.KeyComparator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import redis.clients.jedis.Jedis;

/** Compares every master of a cluster source with db 0 of a standalone target, key by key, and the key counts. */
public final class ClusterSourceCheck {
    private ClusterSourceCheck() {
    }

    /** Every key of every master of {@code cluster} is in db 0 of {@code target} with the same value and TTL (within 1 s), and no more. */
    public static void assertTargetEqualsCluster(LocalRedisCluster cluster, LocalRedisServer target) {
        KeyComparator cmp = new KeyComparator(1000);
        List<String> diffs = new ArrayList<>();
        long sourceKeys = 0;
        try (Jedis t = target.jedis()) {
            for (LocalRedisServer m : cluster.masters()) {
                try (Jedis s = m.jedis()) {
                    for (byte[] key : s.keys("*".getBytes(StandardCharsets.UTF_8))) {
                        String d = cmp.difference(s, t, key);
                        if (d != null) {
                            diffs.add(m.address() + " " + new String(key, StandardCharsets.UTF_8) + ": " + d);
                        }
                    }
                    sourceKeys += s.dbSize();
                }
            }
            assertThat(diffs).as("keys that differ on the target").isEmpty();
            assertThat(FerryKeys.dbSize(t)).as("keys on the target").isEqualTo(sourceKeys);
        }
    }
}
