package dev.ferry.rdb.value;

/** A stream entry id, {@code ms-seq}. Both parts are unsigned 64-bit in Redis. */
public record StreamId(long ms, long seq) {
    public static final StreamId ZERO = new StreamId(0, 0);

    @Override
    public String toString() {
        return Long.toUnsignedString(ms) + "-" + Long.toUnsignedString(seq);
    }
}
