package dev.ferry.rdb.encoding;

/** Unaligned little-endian reads; callers have already bounds-checked the range. */
final class Bytes {
    private Bytes() {
    }

    static int u8(byte[] b, int i) {
        return b[i] & 0xff;
    }

    static int u16le(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8;
    }

    static long u32le(byte[] b, int i) {
        return ((b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | (long) (b[i + 3] & 0xff) << 24);
    }

    static int i32le(byte[] b, int i) {
        return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | (b[i + 2] & 0xff) << 16 | b[i + 3] << 24;
    }

    static long i64le(byte[] b, int i) {
        return (i32le(b, i) & 0xffffffffL) | (long) i32le(b, i + 4) << 32;
    }

    /** A signed little-endian integer of 1, 2, 3, 4 or 8 bytes: the integer entries of ziplists, listpacks and intsets. */
    static long signedLe(byte[] b, int i, int width) {
        switch (width) {
            case 1:
                return b[i];
            case 2:
                return (short) u16le(b, i);
            case 3:
                return (b[i] & 0xff) | (b[i + 1] & 0xff) << 8 | b[i + 2] << 16;
            case 4:
                return i32le(b, i);
            default:
                return i64le(b, i);
        }
    }

    static void checkBounds(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IndexOutOfBoundsException("off " + off + " len " + len + " of " + buf.length);
        }
    }
}
