package dev.ferry.event;


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
        long position) {

    public static final long NO_EXPIRE = -1L;

    public boolean hasExpire() {
        return expireAtMs != NO_EXPIRE;
    }

    /** The key for logs and error messages: UTF-8 when it is, else escaped bytes. */
    public String printableKey() {
        return Printable.of(key);
    }

}
