package dev.ferry.sink.rewrite;

/**
 * The value cannot be written to this target with element commands either: a module value, hash field
 * TTLs on a Redis older than 7.4, an element bigger than the target's proto-max-bulk-len. The caller counts
 * the key as unsupported on the target and, if commands for it were already sent, drops the temporary key.
 */
public final class UnsupportedOnTargetException extends RuntimeException {
    private final String reason;

    public UnsupportedOnTargetException(String reason) {
        super(reason);
        this.reason = reason;
    }

    /** Why, for the log and the record of skipped keys. */
    public String reason() {
        return reason;
    }
}
