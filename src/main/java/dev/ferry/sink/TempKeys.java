package dev.ferry.sink;

import dev.ferry.sink.cluster.SlotTags;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Names of the temporary keys the command path builds values in: {@code ferry:tmp:{<tag>}:<digest>}.
 *
 * <p>The hash tag puts the temporary key in its key's cluster slot, because RENAME needs both in one slot.
 * The digest (the first 128 bits of the key's SHA-256) makes the name the same for the same key every time:
 * a write cut short by a crash leaves its temporary key behind, and the replay of that key after the restart
 * starts by deleting it, so nothing piles up on the target.
 */
public final class TempKeys {
    private static final byte[] PREFIX = "ferry:tmp:{".getBytes(StandardCharsets.US_ASCII);
    private static final int DIGEST_BYTES = 16;

    private TempKeys() {}

    /** The temporary key for {@code key}, in the same db. */
    public static byte[] of(byte[] key) {
        ByteArrayOutputStream name = new ByteArrayOutputStream(PREFIX.length + 4 + 2 + 2 * DIGEST_BYTES);
        name.writeBytes(PREFIX);
        name.writeBytes(SlotTags.tagFor(key).getBytes(StandardCharsets.US_ASCII));
        name.writeBytes("}:".getBytes(StandardCharsets.US_ASCII));
        byte[] digest = sha256().digest(key);
        name.writeBytes(HexFormat.of().formatHex(digest, 0, DIGEST_BYTES).getBytes(StandardCharsets.US_ASCII));
        return name.toByteArray();
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
