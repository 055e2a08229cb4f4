package dev.ferry.rdb.encoding;

import dev.ferry.rdb.RdbFormatException;

/**
 * Cursor over a Redis zipmap (zipmap.c), the small-hash encoding of RDB files written before Redis
 * 2.6. Entries come out as field, value, field, value, ... and are always strings.
 *
 * <p>Layout: {@code zmlen u8 | (len field len free value free-bytes)* | 0xFF}. A length is one
 * byte below 254, or 254 followed by a u32le. zmlen counts the pairs when below 254; 254 means
 * "unknown". After each value's length comes one byte saying how many unused bytes follow the value.
 *
 * <p>zmlen is not trusted: iteration always runs to the end marker (a corpus file carries a
 * hand-edited zmlen larger than the real pair count). Error offsets are relative to the blob start.
 */
public final class ZipmapCursor extends EntryCursor {
    private static final int BIGLEN = 254;
    private static final int END = 0xFF;

    private boolean atValue;

    public ZipmapCursor(byte[] blob) {
        this(blob, 0, blob.length);
    }

    public ZipmapCursor(byte[] buf, int off, int len) {
        Bytes.checkBounds(buf, off, len);
        if (len < 2) {
            throw new RdbFormatException("zipmap of " + len + " bytes is shorter than its 2-byte minimum (count and end marker)");
        }
        int zmlen = buf[off] & 0xff;
        start("zipmap", buf, off, len, 1, zmlen < BIGLEN ? zmlen * 2 : -1);
    }

    @Override
    public boolean next() {
        if (done) {
            return false;
        }
        final byte[] b = buf;
        final int entryStart = pos;
        int p = entryStart;
        int first = b[p] & 0xff;
        if (first == END) {
            if (atValue) {
                throw new RdbFormatException("zipmap field ending before offset " + (p - base) + " has no value (end marker found)");
            }
            return reachEnd("zipmap", p);
        }
        long l;
        if (first < BIGLEN) {
            l = first;
            p += 1;
        } else if (first == BIGLEN) {
            if (end - p < 5) {
                throw cutOff(entryStart, "its 32-bit length");
            }
            l = Bytes.u32le(b, p + 1);
            p += 5;
        } else {
            throw new RdbFormatException("zipmap value length at offset " + (p - base) + " is the end marker 0xFF");
        }
        int free = 0;
        if (atValue) {
            if (p >= end) {
                throw cutOff(entryStart, "its free-space byte");
            }
            free = b[p] & 0xff;
            p += 1;
        }
        if (l + free > end - p) {
            throw cutOff(entryStart, "its " + l + " bytes" + (free != 0 ? " plus " + free + " free bytes" : ""));
        }
        strOff = p;
        strLen = (int) l;
        pos = p + strLen + free;
        atValue = !atValue;
        return true;
    }

    private RdbFormatException cutOff(int entryStart, String what) {
        return pastEnd(atValue ? "zipmap value" : "zipmap field", entryStart, what);
    }

    /** True when the entry just returned by {@link #next()} is a value (false: a field). */
    public boolean isValue() {
        return !atValue;
    }

    @Override
    public long integer() {
        throw new IllegalStateException("zipmap entries are strings");
    }
}
