package dev.ferry.rdb.encoding;

import java.util.Arrays;

/**
 * Forward iteration over the entries of one of Redis' packed encodings (ziplist, listpack, intset,
 * zipmap) without materialising them: string entries are exposed as a slice of the blob, integer
 * entries as a primitive. Cursors validate as they go and throw
 * {@link dev.ferry.rdb.RdbFormatException} on the first malformed byte, so a caller that stops
 * early never pays for (or is protected by) validating the rest.
 *
 * <p>Typical use: {@code while (c.next()) { if (c.isInteger()) use(c.integer()); else use(c.buffer(), c.offset(), c.length()); }}
 */
public interface PackedCursor {
    /** Moves to the next entry; false when the end marker has been reached. */
    boolean next();

    /** Whether the current entry is stored as an integer. */
    boolean isInteger();

    /** The current integer entry's value (meaningful only when {@link #isInteger()}). */
    long integer();

    /** The array holding the current string entry (the blob itself; do not modify). */
    byte[] buffer();

    /** Start of the current string entry in {@link #buffer()}. */
    int offset();

    /** Length in bytes of the current string entry. */
    int length();

    /**
     * The current entry as a new array; integers become their decimal ASCII text, which is what
     * Redis returns for them.
     */
    default byte[] bytes() {
        if (isInteger()) {
            return Decimal.toBytes(integer());
        }
        int off = offset();
        return Arrays.copyOfRange(buffer(), off, off + length());
    }

    /**
     * The number of entries the header claims, or -1 when the header says it does not know. It is
     * not verified against the entries: use it as a sizing hint only, and bound any allocation by
     * the blob size as well.
     */
    int count();
}
