package dev.ferry.rdb.encoding;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * CRC-64/Jones exactly as Redis computes it for the RDB trailer and DUMP payloads: polynomial
 * 0xad93d23594c935a9 processed LSB-first (reflected in and out), initial value 0, no final xor.
 * Redis' crc64.c comment mentions XorIn = ~0, but every caller passes 0 as the starting crc, so
 * {@code update(0, ...)} is what matches the files.
 *
 * <p>Whole RDB files run through this, so it uses slicing-by-8 (eight 256-entry tables, one
 * 8-byte little-endian word per step), the same technique as Redis' crcspeed.
 */
public final class Crc64 {
    /** The Jones polynomial bit-reversed, because the table algorithm shifts right. */
    private static final long REFLECTED_POLY = Long.reverse(0xad93d23594c935a9L);

    private static final long[][] T = new long[8][256];
    private static final VarHandle LE_LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    static {
        for (int n = 0; n < 256; n++) {
            long c = n;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ REFLECTED_POLY : c >>> 1;
            }
            T[0][n] = c;
        }
        for (int n = 0; n < 256; n++) {
            long c = T[0][n];
            for (int k = 1; k < 8; k++) {
                c = T[0][(int) c & 0xff] ^ (c >>> 8);
                T[k][n] = c;
            }
        }
    }

    private Crc64() {
    }

    /** Continues {@code crc} over {@code buf[off, off+len)}; start a new checksum with 0. */
    public static long update(long crc, byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IndexOutOfBoundsException("off " + off + " len " + len + " of " + buf.length);
        }
        final long[] t0 = T[0], t1 = T[1], t2 = T[2], t3 = T[3], t4 = T[4], t5 = T[5], t6 = T[6], t7 = T[7];
        int i = off;
        final int end = off + len;
        for (; end - i >= 8; i += 8) {
            crc ^= (long) LE_LONG.get(buf, i);
            crc = t7[(int) crc & 0xff]
                    ^ t6[(int) (crc >>> 8) & 0xff]
                    ^ t5[(int) (crc >>> 16) & 0xff]
                    ^ t4[(int) (crc >>> 24) & 0xff]
                    ^ t3[(int) (crc >>> 32) & 0xff]
                    ^ t2[(int) (crc >>> 40) & 0xff]
                    ^ t1[(int) (crc >>> 48) & 0xff]
                    ^ t0[(int) (crc >>> 56)];
        }
        for (; i < end; i++) {
            crc = t0[((int) crc ^ buf[i]) & 0xff] ^ (crc >>> 8);
        }
        return crc;
    }

    /** Continues {@code crc} over one byte (the low 8 bits of {@code b}). */
    public static long update(long crc, int b) {
        return T[0][((int) crc ^ b) & 0xff] ^ (crc >>> 8);
    }
}
