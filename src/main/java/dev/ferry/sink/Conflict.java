package dev.ferry.sink;

import dev.ferry.event.Printable;
import java.io.Serializable;

/**
 * Something that already existed on the target when Ferry wrote it, or that the target cannot hold or run, and
 * what the policy did about it.
 *
 * @param kind    {@link #KIND_KEY}, {@link #KIND_FUNCTION} (then {@code key} is the library name) or
 *                {@link #KIND_COMMAND} (a replicated command; {@code key} is its first key)
 * @param action  {@code rewritten}, {@code skipped}, {@code panic}, {@link #ACTION_UNSUPPORTED} or
 *                {@link #ACTION_CROSS_SLOT} (the last two: not written under any policy; panic also stops the job)
 * @param source  where it came from: {@code splitId@position}
 * @param command the command's name for {@link #KIND_COMMAND}, else null
 */
public record Conflict(String kind, int db, byte[] key, String policy, String action, String target, String source,
                       String command) implements Serializable {
    public static final String KIND_KEY = "key";
    public static final String KIND_FUNCTION = "function";
    public static final String KIND_COMMAND = "command";
    public static final String ACTION_UNSUPPORTED = "unsupported_on_target";
    public static final String ACTION_CROSS_SLOT = "unsupported_cross_slot";

    public String printableKey() {
        return Printable.of(key);
    }
}
