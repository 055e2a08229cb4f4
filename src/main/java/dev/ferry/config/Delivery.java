package dev.ferry.config;

import java.util.Locale;

/**
 * {@code [flink] delivery}: what a restart from a checkpoint does to the replicated commands written after it.
 */
public enum Delivery {
    /**
     * Commands are written as they arrive and flushed at each checkpoint; after a restart those written since the
     * last checkpoint are written again, which doubles non-idempotent ones (INCRBY, LPUSH, APPEND...).
     */
    AT_LEAST_ONCE,
    /**
     * Commands are held until the checkpoint that covers them completes, then applied in MULTI/EXEC transactions
     * that also record how far they got, so a retried commit skips what is already on the target.
     */
    EXACTLY_ONCE;

    public static final String CHOICES = "\"at-least-once\" or \"exactly-once\"";

    /**
     * @throws IllegalArgumentException naming the choices when {@code text} is neither
     */
    public static Delivery parse(String text) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT).replace('_', '-');
        return switch (t) {
            case "at-least-once" -> AT_LEAST_ONCE;
            case "exactly-once" -> EXACTLY_ONCE;
            default -> throw new IllegalArgumentException("must be " + CHOICES + ", got \"" + text + "\"");
        };
    }

    /** The config spelling. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
