package dev.ferry.rdb.encoding;

import dev.ferry.rdb.RdbFormatException;

/**
 * Cursor over a Redis ziplist (ziplist.c), the list/hash/zset encoding of RDB versions before 10.
 *
 * <p>Layout: {@code zlbytes u32le | zltail u32le | zllen u16le | entries | 0xFF}. Each entry is
 * {@code prevlen | encoding | data}; prevlen is one byte, or 0xFE followed by a u32le when the
 * previous entry is 254 bytes or longer. Encodings: {@code 00pppppp} string up to 63 bytes,
 * {@code 01pppppp qqqqqqqq} string up to 16383 bytes (14-bit length, <em>big-endian</em>),
 * {@code 10xxxxxx} + u32 <em>big-endian</em> string length, {@code 0xC0} int16, {@code 0xD0} int32,
 * {@code 0xE0} int64, {@code 0xF0} int24, {@code 0xFE} int8 (all little-endian, signed), and
 * {@code 0xF1..0xFD} an immediate 0..12 held in the low nibble minus one.
 *
 * <p>Forward iteration never needs prevlen or zltail, so their values are only bounds-checked;
 * zllen is reported by {@link #count()} but not enforced (Redis only checks it when sanitizing).
 * Error offsets are relative to the start of the blob.
 */
public final class ZiplistCursor extends EntryCursor {
    private static final int HEADER_SIZE = 10;
    private static final int UNKNOWN_COUNT = 0xFFFF;

    public ZiplistCursor(byte[] blob) {
        this(blob, 0, blob.length);
    }

    public ZiplistCursor(byte[] buf, int off, int len) {
        Bytes.checkBounds(buf, off, len);
        checkSize("ziplist", buf, off, len, HEADER_SIZE);
        long zltail = Bytes.u32le(buf, off + 4);
        if (zltail > len - 1) {
            throw new RdbFormatException("ziplist tail offset " + zltail + " at offset 4 lies past the end marker at offset " + (len - 1));
        }
        int zllen = Bytes.u16le(buf, off + 8);
        start("ziplist", buf, off, len, HEADER_SIZE, zllen == UNKNOWN_COUNT ? -1 : zllen);
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
        if (first == 0xFF) {
            return reachEnd("ziplist", p);
        }
        p += first == 0xFE ? 5 : 1;
        if (p >= end) {
            throw cutOff(entryStart, "its prevlen");
        }
        int enc = b[p] & 0xff;
        switch (enc >>> 6) {
            case 0:
                strLen = enc & 0x3f;
                p += 1;
                break;
            case 1:
                if (p + 1 >= end) {
                    throw cutOff(entryStart, "its 14-bit string length");
                }
                strLen = (enc & 0x3f) << 8 | (b[p + 1] & 0xff);
                p += 2;
                break;
            case 2: {
                if (end - p <= 4) {
                    throw cutOff(entryStart, "its 32-bit string length");
                }
                long l = (long) (b[p + 1] & 0xff) << 24 | (b[p + 2] & 0xff) << 16 | (b[p + 3] & 0xff) << 8 | (b[p + 4] & 0xff);
                p += 5;
                if (l > end - p) {
                    throw cutOff(entryStart, "its string of " + l + " bytes");
                }
                strLen = (int) l;
                break;
            }
            default:
                return readInt(entryStart, p + 1, enc);
        }
        if (strLen > end - p) {
            throw cutOff(entryStart, "its string of " + strLen + " bytes");
        }
        strOff = p;
        pos = p + strLen;
        isInt = false;
        return true;
    }

    private boolean readInt(int entryStart, int data, int enc) {
        int size;
        long v;
        if (enc >= 0xF1 && enc <= 0xFD) {
            size = 0;
            v = (enc & 0x0f) - 1;
        } else {
            switch (enc) {
                case 0xFE:
                    size = 1;
                    break;
                case 0xC0:
                    size = 2;
                    break;
                case 0xF0:
                    size = 3;
                    break;
                case 0xD0:
                    size = 4;
                    break;
                case 0xE0:
                    size = 8;
                    break;
                default:
                    throw new RdbFormatException("ziplist entry at offset " + (entryStart - base) + " has unknown encoding byte 0x"
                            + Integer.toHexString(enc) + " at offset " + (data - 1 - base));
            }
            if (size > end - data) {
                throw cutOff(entryStart, "its " + (size * 8) + "-bit integer");
            }
            v = Bytes.signedLe(buf, data, size);
        }
        value = v;
        isInt = true;
        pos = data + size;
        return true;
    }

    private RdbFormatException cutOff(int entryStart, String what) {
        return pastEnd("ziplist entry", entryStart, what);
    }
}
