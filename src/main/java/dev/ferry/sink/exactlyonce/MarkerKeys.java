package dev.ferry.sink.exactlyonce;

import dev.ferry.sink.cluster.KeySlots;
import dev.ferry.sink.cluster.SlotTags;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Names of Ferry's bookkeeping keys on the target, all under {@code [advanced] marker_prefix}:
 *
 * <ul>
 *   <li>{@code <prefix>applied:w<n>}: how far writer subtask n's batches got, on a standalone or Sentinel target,
 *       where one MULTI/EXEC may hold keys of every slot and db (the marker is in db 0);
 *   <li>{@code <prefix>applied:{<tag>}}: the same for one slot of a cluster target, the tag hashing to that slot, so
 *       the marker shares the node and the transaction with the slot's commands; {@code <prefix>applied:keyless} for
 *       commands without keys (FLUSHALL, FUNCTION ...), which a cluster runs on every master;
 *   <li>{@code <prefix>stamp:w<n>}: the newest checkpoint before which the target had acknowledged everything writer
 *       subtask n sent, to tell a target that restarted with its data from one that lost it.
 * </ul>
 */
public record MarkerKeys(String prefix, boolean cluster) {

    public byte[] applied(int origin, byte[] routingKey) {
        if (!cluster) {
            return ascii(prefix + "applied:w" + origin);
        }
        int slot = KeySlots.slot(routingKey);
        return ascii(slot == KeySlots.KEYLESS ? prefix + "applied:keyless" : prefix + "applied:{" + SlotTags.tag(slot) + "}");
    }

    public byte[] stamp(int origin) {
        return ascii(prefix + "stamp:w" + origin);
    }

    /** Whether {@code key} is one of these keys (of any writer subtask), as a comparison of source and target skips them. */
    public boolean isMarker(byte[] key) {
        return startsWith(key, ascii(prefix + "applied:")) || startsWith(key, ascii(prefix + "stamp:w"));
    }

    private static boolean startsWith(byte[] key, byte[] start) {
        return key.length >= start.length && Arrays.equals(key, 0, start.length, start, 0, start.length);
    }

    /** SCAN MATCH patterns that find every such key, and nothing else that starts with the prefix. */
    public List<String> patterns() {
        String escaped = prefix.replaceAll("([*?\\[\\]\\\\])", "\\\\$1");
        return List.of(escaped + "applied:*", escaped + "stamp:w*");
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
