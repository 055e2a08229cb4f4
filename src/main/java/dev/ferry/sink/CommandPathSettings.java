package dev.ferry.sink;

import java.io.Serial;
import java.io.Serializable;

/**
 * How the writer uses the command path, from {@code [advanced]}.
 *
 * @param batchElements     elements per generated command ({@code rewrite_batch_size})
 * @param maxRestorePayload the largest DUMP payload to RESTORE; bigger ones go by commands
 *                          ({@code target_redis_proto_max_bulk_len}); 0 = the target's own proto-max-bulk-len
 */
public record CommandPathSettings(int batchElements, long maxRestorePayload) implements Serializable {
    @Serial
    private static final long serialVersionUID = 1L;

    public CommandPathSettings {
        if (batchElements < 1) {
            throw new IllegalArgumentException("batchElements must be at least 1, was " + batchElements);
        }
        if (maxRestorePayload < 0) {
            throw new IllegalArgumentException("maxRestorePayload must not be negative, was " + maxRestorePayload);
        }
    }

    /** The largest payload RESTORE gets on a target whose proto-max-bulk-len is {@code targetProtoMaxBulkLen}. */
    public long restoreLimit(long targetProtoMaxBulkLen) {
        return maxRestorePayload > 0 ? Math.min(maxRestorePayload, targetProtoMaxBulkLen) : targetProtoMaxBulkLen;
    }
}
