package dev.ferry.verify.check;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;

/**
 * The target as {@code ferry check} found it.
 *
 * @param kind                {@code standalone}, {@code cluster} or {@code sentinel}
 * @param address             the configured address (the seed node of a cluster, the Sentinel of a Sentinel target)
 * @param sentinelMaster      the master name of a Sentinel target, or null
 * @param masters             the masters Ferry writes to (one, unless a cluster)
 * @param version             the Redis version of the node probed for RESTORE
 * @param acceptedRdbVersions the DUMP payload RDB versions RESTORE accepts there, ascending
 * @param protoMaxBulkLen     its proto-max-bulk-len (Redis's 512 MB when CONFIG GET is refused)
 * @param restoreLimit        the largest DUMP payload Ferry will RESTORE: the above, or
 *                            {@code [advanced] target_redis_proto_max_bulk_len} when set and lower
 */
public record TargetReport(String kind, String address, String sentinelMaster, List<TargetNode> masters, String version,
                           List<Integer> acceptedRdbVersions, long protoMaxBulkLen, long restoreLimit) {
    public TargetReport {
        masters = List.copyOf(masters);
        acceptedRdbVersions = List.copyOf(acceptedRdbVersions);
    }

    @JsonIgnore
    public boolean isCluster() {
        return "cluster".equals(kind);
    }

    @JsonIgnore
    public int newestRdbVersion() {
        return acceptedRdbVersions.isEmpty() ? 0 : acceptedRdbVersions.get(acceptedRdbVersions.size() - 1);
    }
}
