package dev.ferry.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.local.LocalRedisCluster;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.sink.cluster.Slots;
import dev.ferry.verify.KeyComparator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.Jedis;

/**
 * Compares db 0 (or several dbs, merged) of a standalone source with a cluster target key by key, each key read from the master that
 * serves its slot now (after whatever failovers and reshardings the test made), and the key counts.
 */
public final class ClusterTargetCheck {
    private ClusterTargetCheck() {
    }

    /** Every db-0 key of {@code source} is on {@code cluster} with the same value and TTL (within 1 s), and no more keys. */
    public static void assertEqualsSource(LocalRedisServer source, LocalRedisCluster cluster) {
        assertEqualsSource(source, cluster, 0);
    }

    /**
     * Every key of {@code source}'s {@code dbs} is on {@code cluster} with the same value and TTL (within 1 s), and no more
     * keys: what {@code [filter] db_map} mapping those dbs to 0 makes of them (their key names must not collide).
     */
    public static void assertEqualsSource(LocalRedisServer source, LocalRedisCluster cluster, int... dbs) {
        cluster.awaitSettled();
        Map<String, Jedis> byAddress = new HashMap<>();
        try (Jedis s = source.jedis()) {
            String[] ownerOf = slotOwners(cluster);
            for (LocalRedisServer m : cluster.masters()) {
                byAddress.put(m.address(), m.jedis());
            }
            KeyComparator cmp = new KeyComparator(1000);
            List<String> diffs = new ArrayList<>();
            long sourceKeys = 0;
            for (int db : dbs) {
                s.select(db);
                sourceKeys += s.dbSize();
                for (byte[] key : s.keys("*".getBytes(StandardCharsets.UTF_8))) {
                    String d = cmp.difference(s, byAddress.get(ownerOf[Slots.slot(key)]), key);
                    if (d != null) {
                        diffs.add("db " + db + " " + new String(key, StandardCharsets.UTF_8) + ": " + d);
                    }
                }
            }
            assertThat(diffs).as("keys that differ on the cluster target").isEmpty();
            long targetKeys = byAddress.values().stream().mapToLong(FerryKeys::dbSize).sum();
            assertThat(targetKeys).as("keys on the cluster target").isEqualTo(sourceKeys);
        } finally {
            byAddress.values().forEach(Jedis::close);
        }
    }

    /** "host:port" of the master of every slot, from CLUSTER SLOTS. */
    private static String[] slotOwners(LocalRedisCluster cluster) {
        String[] owner = new String[Slots.COUNT];
        try (Jedis j = cluster.masters().get(0).jedis()) {
            for (Object o : j.clusterSlots()) {
                List<?> range = (List<?>) o;
                List<?> master = (List<?>) range.get(2);
                String address = new String((byte[]) master.get(0), StandardCharsets.UTF_8) + ":" + master.get(1);
                for (long slot = (Long) range.get(0); slot <= (Long) range.get(1); slot++) {
                    owner[(int) slot] = address;
                }
            }
        }
        return owner;
    }
}
