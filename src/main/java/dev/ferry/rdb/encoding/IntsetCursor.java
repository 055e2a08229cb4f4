package dev.ferry.rdb.encoding;

import dev.ferry.rdb.RdbFormatException;

/**
 * Cursor over a Redis intset (intset.c): {@code encoding u32le (2, 4 or 8 bytes per value) |
 * length u32le | values}, values signed little-endian. Every entry is an integer. Redis keeps the
 * values sorted and unique; that is not checked here because it does not affect decoding.
 */
public final class IntsetCursor extends EntryCursor {
    private static final int HEADER_SIZE = 8;

    private final int width;
    private int next;
    private int at;

    public IntsetCursor(byte[] blob) {
        this(blob, 0, blob.length);
    }

    public IntsetCursor(byte[] buf, int off, int len) {
        Bytes.checkBounds(buf, off, len);
        if (len < HEADER_SIZE) {
            throw new RdbFormatException("intset of " + len + " bytes is shorter than its 8-byte header");
        }
        long enc = Bytes.u32le(buf, off);
        if (enc != 2 && enc != 4 && enc != 8) {
            throw new RdbFormatException("intset encoding at offset 0 must be 2, 4 or 8 bytes per value, found " + enc);
        }
        long n = Bytes.u32le(buf, off + 4);
        if (HEADER_SIZE + n * enc != len) {
            throw new RdbFormatException("intset length at offset 4 states " + n + " values of " + enc + " bytes, which needs "
                    + (HEADER_SIZE + n * enc) + " bytes, but the blob has " + len);
        }
        this.buf = buf;
        this.width = (int) enc;
        this.count = (int) n;
        this.at = off + HEADER_SIZE;
        this.isInt = true;
    }

    @Override
    public boolean next() {
        if (next >= count) {
            return false;
        }
        value = Bytes.signedLe(buf, at, width);
        at += width;
        next++;
        return true;
    }

    /** Bytes per value: 2, 4 or 8. */
    public int width() {
        return width;
    }
}
