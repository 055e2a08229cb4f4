package dev.ferry.verify.check;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Map;

/**
 * The source as {@code ferry check} found it.
 *
 * @param kind             {@link #KIND_RDB}, {@link #KIND_REPLICA} or {@link #KIND_SCAN}
 * @param location         the file paths, or the source's address(es)
 * @param rdbVersion       the file's RDB version (the newest of several files); for a live source the RDB version
 *                         its Redis version writes
 * @param version          the live source's Redis version, or null for a file
 * @param keysPerDb        keys per db: counted in the file, or the live source's DBSIZE
 * @param expiredKeys      keys of a file whose TTL has already passed (Ferry does not write them)
 * @param functions        function libraries in a file
 * @param datasetBytes     the data's size, see {@code datasetBasis}
 * @param datasetBasis     how {@code datasetBytes} was found
 * @param biggestPayload   the longest DUMP payload of a file, or -1 when not known (live source)
 * @param biggestKey       its key (printable), or null
 * @param nodes            a live source's nodes with their ACL report; empty for a file
 */
public record SourceReport(String kind, List<String> location, int rdbVersion, String version, Map<Integer, Long> keysPerDb,
                           long expiredKeys, long functions, long datasetBytes, String datasetBasis, long biggestPayload,
                           String biggestKey, List<SourceNode> nodes) {
    public static final String KIND_RDB = "rdb file";
    /** A {@code [sync_reader]} source: Ferry replicates from it. */
    public static final String KIND_REPLICA = "live";
    /** A {@code [scan_reader]} source: Ferry reads it with SCAN + DUMP. */
    public static final String KIND_SCAN = "scan";

    public SourceReport {
        location = List.copyOf(location);
        keysPerDb = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(keysPerDb));
        nodes = List.copyOf(nodes);
    }

    @JsonProperty
    public long keys() {
        return keysPerDb.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Whether Ferry replicates from the source (its replica output buffer then matters). */
    @JsonIgnore
    public boolean replicated() {
        return KIND_REPLICA.equals(kind);
    }

    /** A node of a live source: its facts and what ACL DRYRUN said about the commands Ferry sends there. */
    public record SourceNode(ServerFacts facts, AclReport acl) {}
}
