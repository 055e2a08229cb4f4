package dev.ferry.local;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One node's {@code CLUSTER NODES} reply: who it thinks is master or replica of whom and which slots each master
 * serves. The text format is the same on 6.2 and 7.x (7.x appends {@code ,hostname} to the address), which makes
 * it the one view {@link LocalRedisCluster} can read on both.
 */
record ClusterNodes(List<Node> nodes) {

    /**
     * @param slots first and last slot of each range the node serves ({@code [slot->-id]} and {@code [slot-<-id]}
     *              migration markers are left out)
     */
    record Node(String id, int port, Set<String> flags, String masterId, List<int[]> slots) {
        boolean isMaster() {
            return flags.contains("master");
        }

        boolean serves(int slot) {
            return slots.stream().anyMatch(r -> r[0] <= slot && slot <= r[1]);
        }

        /** The lowest slot the node serves, or Integer.MAX_VALUE for none. */
        int firstSlot() {
            return slots.stream().mapToInt(r -> r[0]).min().orElse(Integer.MAX_VALUE);
        }
    }

    static ClusterNodes parse(String reply) {
        List<Node> nodes = new ArrayList<>();
        for (String line : reply.split("\n")) {
            String[] f = line.trim().split(" ");
            if (f.length < 8) {
                continue;
            }
            String address = f[1];
            int port = Integer.parseInt(address.substring(address.lastIndexOf(':', address.indexOf('@')) + 1,
                    address.indexOf('@')));
            List<int[]> slots = new ArrayList<>();
            for (int i = 8; i < f.length; i++) {
                if (f[i].startsWith("[")) {
                    continue;
                }
                int dash = f[i].indexOf('-');
                int first = Integer.parseInt(dash < 0 ? f[i] : f[i].substring(0, dash));
                int last = dash < 0 ? first : Integer.parseInt(f[i].substring(dash + 1));
                slots.add(new int[] {first, last});
            }
            nodes.add(new Node(f[0], port, Set.of(f[2].split(",")), "-".equals(f[3]) ? null : f[3], slots));
        }
        return new ClusterNodes(List.copyOf(nodes));
    }

    Optional<Node> byId(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst();
    }

    Optional<Node> masterOf(int slot) {
        return nodes.stream().filter(n -> n.isMaster() && n.serves(slot)).findFirst();
    }
}
