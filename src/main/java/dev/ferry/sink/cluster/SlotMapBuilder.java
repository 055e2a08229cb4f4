package dev.ferry.sink.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.ferry.resp.RedisEndpoint;

/**
 * Collects masters, replicas and ranges from a CLUSTER SHARDS or CLUSTER SLOTS reply into a {@link SlotMap}, and
 * turns announced addresses into endpoints that carry the seed's credentials.
 */
final class SlotMapBuilder {

    private final RedisEndpoint seed;
    private final Map<String, RedisEndpoint> masters = new LinkedHashMap<>();
    private final Map<String, Map<String, RedisEndpoint>> replicas = new LinkedHashMap<>();
    private final Map<String, List<SlotMap.SlotRange>> ranges = new LinkedHashMap<>();

    SlotMapBuilder(RedisEndpoint seed) {
        this.seed = seed;
    }

    /**
     * The endpoint of a node announced as {@code host} (a RESP bulk string or nil) and {@code port} (an integer). A node that does not know its address (a cluster of one,
     * or not met yet) announces "", one configured with {@code cluster-preferred-endpoint-type unknown-endpoint}
     * announces "?" (CLUSTER SHARDS) or nil (CLUSTER SLOTS): Redis's documented meaning of all three is "the host
     * you sent this command to".
     */
    RedisEndpoint node(Object host, Object port) {
        String h = host instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) host;
        if (h == null || h.isEmpty() || "?".equals(h)) {
            h = seed.host();
        }
        return seed.at(h, ((Long) port).intValue());
    }

    void add(RedisEndpoint master, List<RedisEndpoint> masterReplicas, int first, int last) {
        String key = master.address();
        masters.putIfAbsent(key, master);
        Map<String, RedisEndpoint> known = replicas.computeIfAbsent(key, k -> new TreeMap<>());
        masterReplicas.forEach(r -> known.put(r.address(), r));
        ranges.computeIfAbsent(key, k -> new ArrayList<>()).add(new SlotMap.SlotRange(first, last));
    }

    SlotMap build() {
        List<SlotMap.Shard> shards = new ArrayList<>();
        masters.forEach((key, master) -> {
            List<SlotMap.SlotRange> r = new ArrayList<>(ranges.get(key));
            r.sort(Comparator.comparingInt(SlotMap.SlotRange::first));
            shards.add(new SlotMap.Shard(master, List.copyOf(replicas.get(key).values()), r));
        });
        return new SlotMap(shards);
    }
}
