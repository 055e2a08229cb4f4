package dev.ferry.rdb.encoding;

/** Decimal ASCII of a long straight into a byte[], avoiding the intermediate String. */
final class Decimal {
    private Decimal() {
    }

    static byte[] toBytes(long v) {
        if (v == Long.MIN_VALUE) {
            return new byte[] {'-', '9', '2', '2', '3', '3', '7', '2', '0', '3', '6', '8', '5', '4', '7', '7', '5', '8', '0', '8'};
        }
        boolean neg = v < 0;
        long u = neg ? -v : v;
        int digits = 1;
        for (long t = u; t >= 10; t /= 10) {
            digits++;
        }
        byte[] out = new byte[digits + (neg ? 1 : 0)];
        int i = out.length;
        do {
            out[--i] = (byte) ('0' + (int) (u % 10));
            u /= 10;
        } while (u != 0);
        if (neg) {
            out[0] = '-';
        }
        return out;
    }
}
