package dev.ferry.sink.cluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.ferry.resp.RedisEndpoint;

/**
 * Reads a RESP2 CLUSTER SHARDS reply (Redis 7.0+): per shard {@code slots} (start, end pairs) and {@code nodes},
 * each node a flat list of field names and values (id, port, tls-port, ip, endpoint, hostname, role,
 * replication-offset, health).
 */
final class ClusterShardsReply {

    private ClusterShardsReply() {
    }

    static SlotMap parse(Object reply, RedisEndpoint seed) {
        SlotMapBuilder builder = new SlotMapBuilder(seed);
        for (Object s : (List<?>) reply) {
            Map<String, Object> shard = fields(s);
            List<?> slots = (List<?>) shard.get("slots");
            RedisEndpoint master = null;
            List<RedisEndpoint> replicas = new ArrayList<>();
            for (Object n : (List<?>) shard.get("nodes")) {
                Map<String, Object> node = fields(n);
                RedisEndpoint endpoint = builder.node(node.get("endpoint"), port(node, seed.tls().enabled()));
                if ("master".equals(text(node.get("role")))) {
                    master = endpoint;
                } else if ("online".equals(text(node.get("health")))) {
                    // as CLUSTER SLOTS does since 7.0: a replica that failed ("fail") or has not synced yet
                    // ("loading") is not worth reading from or waiting for
                    replicas.add(endpoint);
                }
            }
            // a shard without a master (mid-failover) is left out: its slots count as unserved until the next
            // load; a shard without slots (a master that gave them all away) adds nothing below
            if (master == null) {
                continue;
            }
            for (int i = 0; i + 1 < slots.size(); i += 2) {
                builder.add(master, replicas, ((Long) slots.get(i)).intValue(), ((Long) slots.get(i + 1)).intValue());
            }
        }
        return builder.build();
    }

    /** The port a client with this TLS setting connects to: a node may announce a plain port, a TLS port, or both. */
    private static Object port(Map<String, Object> node, boolean tls) {
        Object preferred = node.get(tls ? "tls-port" : "port");
        return preferred != null ? preferred : node.get(tls ? "port" : "tls-port");
    }

    private static Map<String, Object> fields(Object flat) {
        List<?> list = (List<?>) flat;
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i + 1 < list.size(); i += 2) {
            map.put(text(list.get(i)), list.get(i + 1));
        }
        return map;
    }

    private static String text(Object value) {
        return value instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) value;
    }
}
