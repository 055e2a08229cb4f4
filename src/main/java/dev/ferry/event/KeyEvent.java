package dev.ferry.event;

import java.util.Arrays;

/**
 * One snapshot entry, ready to be RESTOREd: the DUMP payload is the value's raw RDB bytes framed as
 * {@code type byte + value + 2-byte RDB version + CRC64} (little-endian), so the writer never re-encodes.
 *
 * @param db          source database number
 * @param key         key bytes
 * @param rdbType     RDB value type byte (see {@code dev.ferry.rdb.RdbType})
 * @param payload     DUMP payload
 * @param expireAtMs  absolute expiry in Unix ms, or {@link #NO_EXPIRE}
 * @param idle        LRU idle seconds from the source, or -1
 * @param freq        LFU frequency from the source, or -1
 * @param splitId     the source split this came from
 * @param position    position of the entry within its split (byte offset for RDB files)
 *
 * <p>Treat the arrays as read-only once the event is built: {@link KeyEventSerializer} declares the type
 * immutable so Flink does not deep-copy (possibly large) payloads between chained operators. Equality is by
 * value (array contents), not by array identity.
 */
public record KeyEvent(
        int db,
        byte[] key,
        int rdbType,
        byte[] payload,
        long expireAtMs,
        long idle,
        int freq,
        String splitId,
        long position) implements RedisEvent {

    public static final long NO_EXPIRE = -1L;

    public boolean hasExpire() {
        return expireAtMs != NO_EXPIRE;
    }

    @Override
    public byte[] routingKey() {
        return key;
    }

    /** The same entry under another name ({@code [filter] key_prefix_map}). */
    public KeyEvent withKey(byte[] newKey) {
        return new KeyEvent(db, newKey, rdbType, payload, expireAtMs, idle, freq, splitId, position);
    }

    /** The key for logs and error messages: UTF-8 when it is, else escaped bytes. */
    public String printableKey() {
        return Printable.of(key);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyEvent e
                && db == e.db
                && rdbType == e.rdbType
                && expireAtMs == e.expireAtMs
                && idle == e.idle
                && freq == e.freq
                && position == e.position
                && Arrays.equals(key, e.key)
                && Arrays.equals(payload, e.payload)
                && java.util.Objects.equals(splitId, e.splitId);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * db + Arrays.hashCode(key)) + Long.hashCode(position);
    }

    @Override
    public String toString() {
        return "KeyEvent[db=" + db + ", key=" + (key == null ? "null" : printableKey()) + ", rdbType=" + rdbType + ", payload="
                + (payload == null ? "null" : payload.length + " bytes") + ", expireAtMs=" + expireAtMs + ", idle=" + idle
                + ", freq=" + freq + ", splitId=" + splitId + ", position=" + position + "]";
    }
}
