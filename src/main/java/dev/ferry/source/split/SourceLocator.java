package dev.ferry.source.split;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import org.apache.flink.annotation.Internal;

/**
 * How a replica split finds the server to replicate from, each time it connects. Only names and addresses: logins
 * come from the configuration, so no secret is ever checkpointed.
 */
@Internal
public sealed interface SourceLocator extends Serializable {

    /** The one server at {@code address}. */
    record Server(String address) implements SourceLocator {
        public Server {
            Objects.requireNonNull(address, "address");
        }

        @Override
        public String toString() {
            return address;
        }
    }

    /** The master the Sentinel at {@code sentinelAddress} names {@code masterName}, or one of its replicas. */
    record SentinelMaster(String sentinelAddress, String masterName) implements SourceLocator {
        public SentinelMaster {
            Objects.requireNonNull(sentinelAddress, "sentinelAddress");
            Objects.requireNonNull(masterName, "masterName");
        }

        @Override
        public String toString() {
            return "master '" + masterName + "' of sentinel " + sentinelAddress;
        }
    }

    /**
     * The cluster shard that serves {@code slot} (its master, or one of its replicas), as any of {@code seeds} sees
     * it: found by a slot it owns, so the shard is found again after its master fails over.
     */
    record ClusterShard(int slot, List<String> seeds) implements SourceLocator {
        public ClusterShard {
            seeds = List.copyOf(seeds);
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("a cluster shard needs a node to ask for it");
            }
        }

        @Override
        public String toString() {
            return "the shard serving slot " + slot + " of cluster " + seeds.get(0);
        }
    }
}
