package dev.ferry.config;

import java.io.Serial;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Section {@code [advanced]}, with RedisShake v4's keys and defaults. RedisShake keys that have
 * no meaning in Ferry ({@code ncpu}, {@code pprof_port}, {@code log_file}, {@code aws_psync}, ...)
 * are accepted and reported by {@link FerryConfig#notes()}; see {@link ConfigLoader}.
 *
 * @param dir                             working directory for Ferry's files, absolute
 *                                        ({@code dir}, default {@code "data"} under the working
 *                                        directory)
 * @param logLevel                        {@code debug}, {@code info}, {@code warn} or
 *                                        {@code error} ({@code log_level}, default {@code info})
 * @param logInterval                     seconds between progress log lines, 0 = off
 *                                        ({@code log_interval}, default 5)
 * @param rdbRestoreCommandBehavior       what to do with keys that already exist in the target
 *                                        ({@code rdb_restore_command_behavior}, default panic)
 * @param pipelineCountLimit              commands in flight per connection
 *                                        ({@code pipeline_count_limit}, default 1024)
 * @param targetRedisClientMaxQuerybufLen target's {@code client-query-buffer-limit} in bytes
 *                                        ({@code target_redis_client_max_querybuf_len}, default
 *                                        1024000000 as in RedisShake's code)
 * @param targetRedisProtoMaxBulkLen      the largest DUMP payload to RESTORE, in bytes; bigger
 *                                        values are written with element commands. 0 = the
 *                                        target's own {@code proto-max-bulk-len}, read at start
 *                                        ({@code target_redis_proto_max_bulk_len}, default 0;
 *                                        RedisShake defaults to 512000000 and reads 0 as "never
 *                                        RESTORE")
 * @param rewriteBatchSize                elements per command when a value is written with
 *                                        element commands ({@code rewrite_batch_size}, Ferry's
 *                                        own, default 512)
 * @param emptyDbBeforeSync               {@code FLUSHALL} the target before writing
 *                                        ({@code empty_db_before_sync}, default false)
 * @param statusPort                      HTTP status port, 0 = off ({@code status_port}, default 0)
 * @param targetRedisMaxQps               commands per second the writers send to the target, all subtasks
 *                                        together, 0 = no limit ({@code target_redis_max_qps}, default 0;
 *                                        RedisShake's newer versions default to 300000)
 * @param markerPrefix                    what the names of Ferry's bookkeeping keys on the target begin with: the
 *                                        exactly-once markers and the checkpoint stamps ({@code marker_prefix},
 *                                        Ferry's own, default {@code "ferry:"})
 */
public record AdvancedConfig(Path dir, String logLevel, int logInterval,
                             ConflictPolicy rdbRestoreCommandBehavior, int pipelineCountLimit,
                             long targetRedisClientMaxQuerybufLen, long targetRedisProtoMaxBulkLen,
                             int rewriteBatchSize, boolean emptyDbBeforeSync, int statusPort,
                             long targetRedisMaxQps, String markerPrefix) implements Serializable {

    @Serial
    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_DIR = "data";
    public static final String DEFAULT_LOG_LEVEL = "info";
    public static final int DEFAULT_LOG_INTERVAL = 5;
    public static final ConflictPolicy DEFAULT_RDB_RESTORE_COMMAND_BEHAVIOR = ConflictPolicy.PANIC;
    public static final int DEFAULT_PIPELINE_COUNT_LIMIT = 1024;
    /** RedisShake's code default; its shipped shake.toml sets 1073741824 (1 GiB) instead. */
    public static final long DEFAULT_TARGET_REDIS_CLIENT_MAX_QUERYBUF_LEN = 1_024_000_000L;
    /** 0: the target's own limit, which Ferry reads from the target at start. */
    public static final long DEFAULT_TARGET_REDIS_PROTO_MAX_BULK_LEN = 0L;
    public static final int DEFAULT_REWRITE_BATCH_SIZE = 512;
    public static final boolean DEFAULT_EMPTY_DB_BEFORE_SYNC = false;
    public static final int DEFAULT_STATUS_PORT = 0;
    /** 0: no limit. */
    public static final long DEFAULT_TARGET_REDIS_MAX_QPS = 0L;
    public static final String DEFAULT_MARKER_PREFIX = "ferry:";

    public AdvancedConfig {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(logLevel, "logLevel");
        Objects.requireNonNull(rdbRestoreCommandBehavior, "rdbRestoreCommandBehavior");
        if (targetRedisMaxQps < 0) {
            throw new IllegalArgumentException("targetRedisMaxQps must not be negative, was " + targetRedisMaxQps);
        }
        Objects.requireNonNull(markerPrefix, "markerPrefix");
    }

    /** The defaults, with {@code dir} resolved against the current working directory. */
    public static AdvancedConfig defaults() {
        return new AdvancedConfig(Path.of(DEFAULT_DIR).toAbsolutePath().normalize(), DEFAULT_LOG_LEVEL,
                DEFAULT_LOG_INTERVAL, DEFAULT_RDB_RESTORE_COMMAND_BEHAVIOR, DEFAULT_PIPELINE_COUNT_LIMIT,
                DEFAULT_TARGET_REDIS_CLIENT_MAX_QUERYBUF_LEN, DEFAULT_TARGET_REDIS_PROTO_MAX_BULK_LEN,
                DEFAULT_REWRITE_BATCH_SIZE, DEFAULT_EMPTY_DB_BEFORE_SYNC, DEFAULT_STATUS_PORT, DEFAULT_TARGET_REDIS_MAX_QPS,
                DEFAULT_MARKER_PREFIX);
    }

    // java.nio.file.Path is not Serializable: ship dir as a string.
    @Serial
    private Object writeReplace() {
        return new Ser(dir.toString(), logLevel, logInterval, rdbRestoreCommandBehavior, pipelineCountLimit,
                targetRedisClientMaxQuerybufLen, targetRedisProtoMaxBulkLen, rewriteBatchSize, emptyDbBeforeSync, statusPort,
                targetRedisMaxQps, markerPrefix);
    }

    private record Ser(String dir, String logLevel, int logInterval, ConflictPolicy rdbRestoreCommandBehavior,
                       int pipelineCountLimit, long targetRedisClientMaxQuerybufLen,
                       long targetRedisProtoMaxBulkLen, int rewriteBatchSize, boolean emptyDbBeforeSync, int statusPort,
                       long targetRedisMaxQps, String markerPrefix) implements Serializable {
        @Serial
        private static final long serialVersionUID = 2L;

        @Serial
        private Object readResolve() {
            return new AdvancedConfig(Path.of(dir), logLevel, logInterval, rdbRestoreCommandBehavior,
                    pipelineCountLimit, targetRedisClientMaxQuerybufLen, targetRedisProtoMaxBulkLen,
                    rewriteBatchSize, emptyDbBeforeSync, statusPort, targetRedisMaxQps, markerPrefix);
        }
    }
}
