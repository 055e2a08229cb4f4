package dev.ferry.sink;

import dev.ferry.event.Printable;
import java.io.Serializable;

/**
 * Something that already existed on the target when Ferry wrote it, or that the target cannot hold, and what
 * the policy did about it.
 *
 * @param kind   {@link #KIND_KEY}, {@link #KIND_FUNCTION} (then {@code key} is the library name) or
 *               {@link #KIND_COMMAND} (a replicated command; then {@code key} is the command line, printable)
 * @param action {@code rewritten}, {@code skipped}, {@code panic}, or {@link #ACTION_UNSUPPORTED} (not written
 *               under any policy; panic also stops the job)
 * @param source where it came from: {@code splitId@position}
 */
public record Conflict(String kind, int db, byte[] key, String policy, String action, String target, String source)
        implements Serializable {
    public static final String KIND_KEY = "key";
    public static final String KIND_FUNCTION = "function";
    public static final String KIND_COMMAND = "command";
    public static final String ACTION_UNSUPPORTED = "unsupported_on_target";

    public String printableKey() {
        return Printable.of(key);
    }
}
