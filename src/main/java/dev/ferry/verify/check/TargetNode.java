package dev.ferry.verify.check;

import java.util.List;

/**
 * One master of the target, as {@code ferry check} saw it.
 *
 * @param facts    what it says about itself
 * @param slots    the slot ranges it serves on a cluster, e.g. {@code [0-5460]}; empty otherwise
 * @param replicas its replicas ({@code host:port}, from the slot map on a cluster, from INFO replication otherwise)
 * @param acl      what ACL DRYRUN said about the commands Ferry needs there
 */
public record TargetNode(ServerFacts facts, List<String> slots, List<String> replicas, AclReport acl) {
    public TargetNode {
        slots = List.copyOf(slots);
        replicas = List.copyOf(replicas);
    }
}
