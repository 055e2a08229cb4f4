package dev.ferry.sink;

import dev.ferry.event.Printable;
import java.io.Serializable;

/**
 * A key that already existed on the target when Ferry restored it, and what the policy did about it.
 *
 * @param action {@code rewritten}, {@code skipped} or {@code panic}
 * @param source where the key came from: {@code splitId@position}
 */
public record Conflict(int db, byte[] key, String policy, String action, String target, String source) implements Serializable {
    public String printableKey() {
        return Printable.of(key);
    }
}
