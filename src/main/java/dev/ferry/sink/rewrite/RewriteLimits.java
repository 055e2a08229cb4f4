package dev.ferry.sink.rewrite;

/**
 * How big one generated command may grow. A command holds at most {@code batchElements} elements (list
 * items, members, fields; one stream entry per XADD) and stops taking more once its arguments reach
 * {@code batchBytes}, so it is at most {@code batchBytes} plus one element. Strings longer than
 * {@code batchBytes} are sent in chunks of that size.
 */
public record RewriteLimits(int batchElements, long batchBytes) {
    /**
     * A default for {@code batchBytes}: far below the target's client-query-buffer-limit (1 GB by default),
     * and large enough that per-command overhead does not matter.
     */
    public static final long DEFAULT_BATCH_BYTES = 16L << 20;

    public RewriteLimits {
        if (batchElements < 1) {
            throw new IllegalArgumentException("batchElements must be at least 1, was " + batchElements);
        }
        if (batchBytes < 1) {
            throw new IllegalArgumentException("batchBytes must be at least 1, was " + batchBytes);
        }
    }

    /** {@code batchElements} per command and {@link #DEFAULT_BATCH_BYTES}, capped by the target's bulk limit. */
    public static RewriteLimits forTarget(int batchElements, TargetCapabilities target) {
        return new RewriteLimits(batchElements, Math.min(DEFAULT_BATCH_BYTES, target.protoMaxBulkLen()));
    }
}
