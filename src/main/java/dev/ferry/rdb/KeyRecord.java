package dev.ferry.rdb;

/**
 * A key read from the snapshot, before its value: the value is still in the stream and is consumed by
 * {@link RdbParser#captureValue()}, {@link RdbParser#decodeValue} or, if neither is called, skipped by the
 * next {@link RdbParser#next()}.
 *
 * @param offset byte offset in the file of the first opcode belonging to this key (expiry, idle, freq or
 *               the type byte), so an error or a resume can point at it
 */
public record KeyRecord(int db, byte[] key, int type, long expireAtMs, long idle, int freq, long offset) implements RdbRecord {
    public static final long NO_EXPIRE = -1;

    public String printableKey() {
        return dev.ferry.event.Printable.of(key);
    }
}
