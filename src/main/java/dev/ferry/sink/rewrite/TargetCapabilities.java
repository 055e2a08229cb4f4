package dev.ferry.sink.rewrite;

import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.RdbType;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What one target Redis can take, as found by {@link TargetProbe}: which DUMP payloads RESTORE accepts,
 * how big one argument may be, and (from its version) which element commands and options it has.
 *
 * @param redisVersion           INFO server's {@code redis_version}, e.g. "7.0.15"
 * @param acceptedRdbVersions    RDB versions whose DUMP payloads RESTORE accepted
 * @param protoMaxBulkLen        the target's {@code proto-max-bulk-len}: the longest argument it takes
 * @param protoMaxBulkLenAssumed true when CONFIG GET was refused and Redis's default 512 MB is assumed
 */
public record TargetCapabilities(String redisVersion, Set<Integer> acceptedRdbVersions, long protoMaxBulkLen,
                                 boolean protoMaxBulkLenAssumed) {

    /** Redis's documented default for proto-max-bulk-len (512mb). */
    public static final long REDIS_DEFAULT_PROTO_MAX_BULK_LEN = 512L << 20;

    public TargetCapabilities {
        Objects.requireNonNull(redisVersion, "redisVersion");
        acceptedRdbVersions = Set.copyOf(acceptedRdbVersions);
        if (protoMaxBulkLen < 1) {
            throw new IllegalArgumentException("protoMaxBulkLen must be positive, was " + protoMaxBulkLen);
        }
    }

    /** {@code major * 100 + minor}, e.g. 700 for 7.0.15, 602 for 6.2.6. */
    public int versionNumber() {
        String[] parts = redisVersion.split("\\.");
        try {
            return Integer.parseInt(parts[0]) * 100 + (parts.length > 1 ? Integer.parseInt(parts[1]) : 0);
        } catch (NumberFormatException e) {
            throw new IllegalStateException("redis_version '" + redisVersion + "' is not major.minor[.patch]", e);
        }
    }

    public boolean acceptsRdbVersion(int rdbVersion) {
        return acceptedRdbVersions.contains(rdbVersion);
    }

    /** Redis 7.0 added a stream's entries-added / max-deleted-id (XSETID) and a group's entries-read (XGROUP). */
    public boolean hasStreamCounters() {
        return versionNumber() >= 700;
    }

    /** XGROUP CREATECONSUMER, the only way to make a consumer without pending entries, came with 6.2. */
    public boolean hasCreateConsumer() {
        return versionNumber() >= 602;
    }

    /** Function libraries (FUNCTION LOAD) came with Redis 7.0. */
    public boolean hasFunctions() {
        return versionNumber() >= 700;
    }

    /** Hash field expiry (HPEXPIREAT) came with Redis 7.4. */
    public boolean hasHashFieldTtl() {
        return versionNumber() >= 704;
    }

    /** Why RESTORE of this payload would fail on this target, or empty when it would not for these reasons. */
    public Optional<CommandPathReason> commandPathReason(int rdbType, byte[] payload) {
        return commandPathReason(rdbType, payload, protoMaxBulkLen);
    }

    /**
     * Why this payload goes by element commands when RESTORE is given payloads of up to {@code restoreLimit} bytes (the
     * target's proto-max-bulk-len, or less when {@code [advanced] target_redis_proto_max_bulk_len} says so), or empty
     * when RESTORE takes it.
     */
    public Optional<CommandPathReason> commandPathReason(int rdbType, byte[] payload, long restoreLimit) {
        if (payload.length > restoreLimit) {
            return Optional.of(CommandPathReason.PAYLOAD_TOO_BIG);
        }
        if (!RdbType.isKnown(rdbType) || !acceptsRdbVersion(RdbType.minRdbVersion(rdbType))) {
            return Optional.of(CommandPathReason.TYPE_UNKNOWN);
        }
        if (!acceptsRdbVersion(DumpPayload.rdbVersion(payload))) {
            return Optional.of(CommandPathReason.RDB_VERSION_TOO_NEW);
        }
        return Optional.empty();
    }

    /** True when the key has to be written with element commands instead of RESTORE. */
    public boolean needsCommandPath(int rdbType, byte[] payload) {
        return commandPathReason(rdbType, payload).isPresent();
    }
}
