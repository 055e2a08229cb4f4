package dev.ferry.sink.cluster;

import java.util.ArrayList;
import java.util.List;

import dev.ferry.resp.RedisEndpoint;

/**
 * Reads a CLUSTER SLOTS reply (all versions; the only one 6.2 has): per range start, end, then the master and its
 * replicas, each as host, port, id and (7.0+) a list of extra fields. The server leaves out failed replicas (and
 * since 7.0 also replicas that have not synced yet).
 */
final class ClusterSlotsReply {

    private ClusterSlotsReply() {
    }

    static SlotMap parse(Object reply, RedisEndpoint seed) {
        SlotMapBuilder builder = new SlotMapBuilder(seed);
        for (Object r : (List<?>) reply) {
            List<?> range = (List<?>) r;
            List<RedisEndpoint> replicas = new ArrayList<>();
            for (int i = 3; i < range.size(); i++) {
                replicas.add(node(builder, range.get(i)));
            }
            builder.add(node(builder, range.get(2)), replicas, ((Long) range.get(0)).intValue(),
                    ((Long) range.get(1)).intValue());
        }
        return builder.build();
    }

    private static RedisEndpoint node(SlotMapBuilder builder, Object node) {
        List<?> fields = (List<?>) node;
        return builder.node(fields.get(0), fields.get(1));
    }
}
