package dev.ferry.rdb.encoding;

import dev.ferry.rdb.RdbFormatException;

/**
 * Cursor over a Redis listpack (listpack.c), the small-collection encoding from RDB version 10 on
 * and the node format of quicklists and streams.
 *
 * <p>Layout: {@code total-bytes u32le | num-elements u16le (65535 = unknown) | entries | 0xFF}.
 * Each entry is {@code encoding+data | backlen}, where backlen is the size of encoding+data written
 * as 1 to 5 bytes of 7 bits, most significant group first, every byte but the first flagged with
 * 0x80 (so it can be read right to left). Encodings (all integers little-endian, two's complement
 * at their own width):
 * <pre>
 *   0xxxxxxx                 7-bit unsigned int          10xxxxxx  string, 6-bit length
 *   110xxxxx yyyyyyyy        13-bit signed int           1110xxxx yyyyyyyy  string, 12-bit length
 *   0xF0 + u32 len           string, 32-bit length       0xF1/0xF2/0xF3/0xF4  16/24/32/64-bit int
 * </pre>
 * The backlen is checked against the entry so that a mis-sized entry is caught where it happens.
 * Error offsets are relative to the start of the blob.
 */
public final class ListpackCursor extends EntryCursor {
    private static final int HEADER_SIZE = 6;
    private static final int UNKNOWN_COUNT = 0xFFFF;
    /** Bytes of the integers of encodings 0xF1 to 0xF4. */
    private static final int[] INT_WIDTHS = {2, 3, 4, 8};

    public ListpackCursor(byte[] blob) {
        this(blob, 0, blob.length);
    }

    public ListpackCursor(byte[] buf, int off, int len) {
        Bytes.checkBounds(buf, off, len);
        checkSize("listpack", buf, off, len, HEADER_SIZE);
        int n = Bytes.u16le(buf, off + 4);
        start("listpack", buf, off, len, HEADER_SIZE, n == UNKNOWN_COUNT ? -1 : n);
    }

    @Override
    public boolean next() {
        if (done) {
            return false;
        }
        final byte[] b = buf;
        final int p = pos;
        final int avail = end - p;
        int enc = b[p] & 0xff;
        int entryLen;
        if (enc < 0x80) {
            isInt = true;
            value = enc;
            entryLen = 1;
        } else if (enc < 0xC0) {
            isInt = false;
            strLen = enc & 0x3f;
            strOff = p + 1;
            entryLen = 1 + strLen;
        } else if (enc < 0xE0) {
            need(p, 2, avail, "13-bit integer");
            int u = (enc & 0x1f) << 8 | (b[p + 1] & 0xff);
            isInt = true;
            value = u >= 1 << 12 ? u - (1 << 13) : u;
            entryLen = 2;
        } else if (enc < 0xF0) {
            need(p, 2, avail, "12-bit string length");
            isInt = false;
            strLen = (enc & 0x0f) << 8 | (b[p + 1] & 0xff);
            strOff = p + 2;
            entryLen = 2 + strLen;
        } else {
            switch (enc) {
                case 0xF0: {
                    need(p, 5, avail, "32-bit string length");
                    long l = Bytes.u32le(b, p + 1);
                    if (l > avail - 5) {
                        throw pastEnd("listpack entry", p, "its string of " + l + " bytes");
                    }
                    isInt = false;
                    strLen = (int) l;
                    strOff = p + 5;
                    entryLen = 5 + strLen;
                    break;
                }
                case 0xF1:
                case 0xF2:
                case 0xF3:
                case 0xF4: {
                    int width = INT_WIDTHS[enc - 0xF1];
                    if (1 + width > avail) {
                        throw pastEnd("listpack entry", p, "its " + (width * 8) + "-bit integer");
                    }
                    isInt = true;
                    value = Bytes.signedLe(b, p + 1, width);
                    entryLen = 1 + width;
                    break;
                }
                case 0xFF:
                    return reachEnd("listpack", p);
                default:
                    throw new RdbFormatException("listpack entry at offset " + (p - base) + " has unknown encoding byte 0x"
                            + Integer.toHexString(enc));
            }
        }
        int backlenSize = backlenSize(entryLen);
        if (entryLen > avail - backlenSize) {
            throw new RdbFormatException("listpack entry at offset " + (p - base) + " of " + entryLen + " bytes plus "
                    + backlenSize + "-byte backlen runs past the end marker at offset " + (end - base));
        }
        checkBacklen(p, p + entryLen, backlenSize, entryLen);
        pos = p + entryLen + backlenSize;
        return true;
    }

    /** Size of the backlen that follows an entry of {@code l} bytes; the thresholds are listpack.c's, off-by-one included. */
    static int backlenSize(int l) {
        if (l <= 127) {
            return 1;
        } else if (l < 16383) {
            return 2;
        } else if (l < 2097151) {
            return 3;
        } else if (l < 268435455) {
            return 4;
        }
        return 5;
    }

    private void checkBacklen(int entryStart, int at, int size, int entryLen) {
        final byte[] b = buf;
        long v = 0;
        for (int i = 0; i < size; i++) {
            int x = b[at + i] & 0xff;
            boolean continuation = (x & 0x80) != 0;
            if (continuation != (i != 0)) {
                throw badBacklen(entryStart, at, entryLen);
            }
            v = v << 7 | (x & 0x7f);
        }
        if (v != entryLen) {
            throw badBacklen(entryStart, at, entryLen);
        }
    }

    private RdbFormatException badBacklen(int entryStart, int at, int entryLen) {
        return new RdbFormatException("listpack entry at offset " + (entryStart - base) + ": backlen at offset " + (at - base)
                + " does not encode the entry size " + entryLen);
    }

    private void need(int p, int n, int avail, String what) {
        if (n > avail) {
            throw pastEnd("listpack entry", p, "its " + what);
        }
    }
}
