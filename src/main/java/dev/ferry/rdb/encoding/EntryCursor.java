package dev.ferry.rdb.encoding;

import dev.ferry.rdb.RdbFormatException;

/**
 * The state every packed-encoding cursor keeps, and the accessors of {@link PackedCursor} over it: the
 * blob, where the current entry is, and what it holds. Subclasses parse the encoding in {@link #next()}.
 */
abstract class EntryCursor implements PackedCursor {
    /** The blob (shared, never modified). */
    protected byte[] buf;
    /** Index of the blob's first byte in {@link #buf}; error offsets are relative to it. */
    protected int base;
    /** Index of the end marker (or the end of the entries). */
    protected int end;
    /** Entries the header claims, or -1 when it does not know. */
    protected int count;

    /** Index of the next entry to read. */
    protected int pos;
    protected boolean done;
    protected boolean isInt;
    protected long value;
    protected int strOff;
    protected int strLen;

    /**
     * Checks the header of the encodings that start with their own size as a u32le (ziplist, listpack): the blob holds
     * the header and the end marker, and is as long as the header says.
     */
    protected static void checkSize(String encoding, byte[] buf, int off, int len, int headerSize) {
        if (len < headerSize + 1) {
            throw new RdbFormatException(encoding + " of " + len + " bytes is shorter than its " + (headerSize + 1)
                    + "-byte minimum (header and end marker)");
        }
        long total = Bytes.u32le(buf, off);
        if (total != len) {
            throw new RdbFormatException(encoding + " header at offset 0 states " + total + " bytes but the blob has " + len);
        }
    }

    /**
     * Checks the 0xFF end marker that closes a ziplist, listpack or zipmap, then points the cursor at the
     * first entry after the {@code headerSize}-byte header.
     */
    protected final void start(String encoding, byte[] buf, int off, int len, int headerSize, int count) {
        if (buf[off + len - 1] != (byte) 0xFF) {
            throw new RdbFormatException(encoding + " must end with the 0xFF marker at offset " + (len - 1) + ", found 0x"
                    + Integer.toHexString(buf[off + len - 1] & 0xff));
        }
        this.buf = buf;
        this.base = off;
        this.end = off + len - 1;
        this.count = count;
        this.pos = off + headerSize;
    }

    /**
     * The end marker was found at {@code p}: it must be the blob's last byte. Marks the cursor done and returns false,
     * which is what {@link #next()} then returns.
     */
    protected final boolean reachEnd(String encoding, int p) {
        if (p != end) {
            throw new RdbFormatException(encoding + " end marker at offset " + (p - base) + " comes before the last byte at offset "
                    + (end - base));
        }
        done = true;
        return false;
    }

    /** An entry (named by {@code entry}, e.g. "ziplist entry") whose {@code what} would run past the end marker. */
    protected final RdbFormatException pastEnd(String entry, int entryStart, String what) {
        return new RdbFormatException(entry + " at offset " + (entryStart - base) + ": " + what
                + " runs past the end marker at offset " + (end - base));
    }

    @Override
    public final boolean isInteger() {
        return isInt;
    }

    @Override
    public long integer() {
        return value;
    }

    @Override
    public final byte[] buffer() {
        return buf;
    }

    @Override
    public final int offset() {
        return strOff;
    }

    @Override
    public final int length() {
        return strLen;
    }

    @Override
    public final int count() {
        return count;
    }
}
