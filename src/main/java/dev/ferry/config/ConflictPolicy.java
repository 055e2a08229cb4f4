package dev.ferry.config;

import java.util.Locale;

/**
 * What to do when a key restored from the RDB file already exists in the target Redis
 * (RESTORE answers "BUSYKEY Target key name is busy"). RedisShake's
 * {@code [advanced] rdb_restore_command_behavior}.
 */
public enum ConflictPolicy {
    /** Stop the migration with an error (RedisShake's default). */
    PANIC,
    /** Replace the existing key ({@code RESTORE ... REPLACE}). */
    REWRITE,
    /** Keep the existing key and skip the one from the source. RedisShake spells it {@code skip}. */
    IGNORE;

    /** The spellings accepted by {@link #parse(String)}, for messages. */
    public static final String CHOICES = "\"panic\", \"rewrite\", \"skip\" or \"ignore\"";

    /**
     * Parses RedisShake's spelling, case-insensitively: {@code panic}, {@code rewrite},
     * {@code skip} or {@code ignore} ({@code skip} and {@code ignore} are the same policy).
     *
     * @throws IllegalArgumentException listing the choices when the text is none of them
     */
    public static ConflictPolicy parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "panic" -> PANIC;
            case "rewrite" -> REWRITE;
            case "skip", "ignore" -> IGNORE;
            default -> throw new IllegalArgumentException(
                    "must be one of " + CHOICES + ", got \"" + text + "\"");
        };
    }

    /** RedisShake's spelling of this policy. */
    public String redisShakeName() {
        return this == IGNORE ? "skip" : name().toLowerCase(Locale.ROOT);
    }
}
