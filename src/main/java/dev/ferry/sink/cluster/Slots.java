package dev.ferry.sink.cluster;

/**
 * Redis Cluster's key → hash slot function: CRC16 (XMODEM) of the key, or of its hash tag, modulo 16384.
 * Must agree with the server bit for bit, or writes land on the wrong node and come back as MOVED.
 */
public final class Slots {

    public static final int COUNT = 16384;

    private static final int[] CRC16_TABLE = crc16Table();

    private Slots() {
    }

    /**
     * The slot of {@code key}. A hash tag is what lies between the first '{' and the first '}' after it; when
     * there is no such '}' or the tag is empty ({@code "{}"}), the whole key is hashed, as in Redis's
     * keyHashSlot.
     */
    public static int slot(byte[] key) {
        int open = indexOf(key, (byte) '{', 0);
        if (open >= 0) {
            int close = indexOf(key, (byte) '}', open + 1);
            if (close > open + 1) {
                return crc16(key, open + 1, close) & (COUNT - 1);
            }
        }
        return crc16(key, 0, key.length) & (COUNT - 1);
    }

    /** CRC16-CCITT (XMODEM: polynomial 0x1021, initial value 0, no reflection) of {@code data[from, to)}. */
    public static int crc16(byte[] data, int from, int to) {
        int crc = 0;
        for (int i = from; i < to; i++) {
            crc = ((crc << 8) ^ CRC16_TABLE[((crc >>> 8) ^ data[i]) & 0xff]) & 0xffff;
        }
        return crc;
    }

    private static int indexOf(byte[] a, byte b, int from) {
        for (int i = from; i < a.length; i++) {
            if (a[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int[] crc16Table() {
        int[] table = new int[256];
        for (int i = 0; i < 256; i++) {
            int crc = i << 8;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x8000) != 0 ? (crc << 1) ^ 0x1021 : crc << 1;
            }
            table[i] = crc & 0xffff;
        }
        return table;
    }
}
