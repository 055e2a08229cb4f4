package dev.ferry.rdb.encoding;

import java.math.BigInteger;

/**
 * Florian Loitsch's Grisu2 ("Printing Floating-Point Numbers Quickly and Accurately", PLDI 2010),
 * with the exact choices of the fpconv_dtoa variant Redis 7.2+ uses, because Redis' score text is
 * defined by that code's output, not by "shortest": Grisu2 narrows the rounding interval by one
 * unit on each side to stay safe with its 64-bit arithmetic, so for about 0.1-0.2% of doubles it
 * returns one digit more than necessary, or a neighbouring last digit (ties go up). The result
 * always reads back as the same double.
 *
 * <p>Choices that affect the digits and are mirrored here: cached powers 10^k for
 * k = -348, -340, ..., 332 (87 entries, significand rounded to nearest), picked so that the
 * scaled upper boundary's binary exponent lands in [-60, -32]; products rounded half-up to the high
 * 64 bits; the integral digit loop stopping when {@code rest <= delta}, the fractional loop when
 * {@code rest < delta}; and the "weed" step that lowers the last digit while that gets closer.
 */
final class Grisu2 {
    private static final int FIRST_POWER = -348;
    private static final int STEP_POWERS = 8;
    private static final int N_POWERS = 87;
    private static final int EXP_MIN = -60;
    private static final int EXP_MAX = -32;
    private static final long HIDDEN_BIT = 1L << 52;
    private static final long FRAC_MASK = HIDDEN_BIT - 1;

    private static final long[] POW_F = new long[N_POWERS];
    private static final int[] POW_E = new int[N_POWERS];
    private static final long[] TENS = {
        1L, 10L, 100L, 1000L, 10000L, 100000L, 1000000L, 10000000L, 100000000L, 1000000000L,
    };

    static {
        // Computed rather than tabulated: 10^k as a 64-bit significand with its top bit set, rounded to nearest.
        for (int i = 0; i < N_POWERS; i++) {
            int k = FIRST_POWER + i * STEP_POWERS;
            BigInteger num = k >= 0 ? BigInteger.TEN.pow(k) : BigInteger.ONE;
            BigInteger den = k >= 0 ? BigInteger.ONE : BigInteger.TEN.pow(-k);
            // Find e with 2^63 <= 10^k / 2^e < 2^64.
            int e = num.bitLength() - den.bitLength() - 64;
            BigInteger n = e >= 0 ? num : num.shiftLeft(-e);
            BigInteger d = e >= 0 ? den.shiftLeft(e) : den;
            BigInteger[] qr = n.divideAndRemainder(d);
            while (qr[0].bitLength() > 64) {
                e++;
                n = e >= 0 ? num : num.shiftLeft(-e);
                d = e >= 0 ? den.shiftLeft(e) : den;
                qr = n.divideAndRemainder(d);
            }
            while (qr[0].bitLength() < 64) {
                e--;
                n = e >= 0 ? num : num.shiftLeft(-e);
                d = e >= 0 ? den.shiftLeft(e) : den;
                qr = n.divideAndRemainder(d);
            }
            BigInteger q = qr[0];
            if (qr[1].shiftLeft(1).compareTo(d) >= 0) {
                q = q.add(BigInteger.ONE);
                if (q.bitLength() > 64) {
                    q = q.shiftRight(1);
                    e++;
                }
            }
            POW_F[i] = q.longValue();
            POW_E[i] = e;
        }
    }

    private Grisu2() {
    }

    /**
     * Writes the digits of positive finite {@code v} into {@code digits} (at least 18 long) and
     * returns their count; the value is {@code digits * 10^kOut[0]}.
     */
    static int digits(double v, byte[] digits, int[] kOut) {
        long bits = Double.doubleToRawLongBits(v);
        long f = bits & FRAC_MASK;
        int be = (int) (bits >>> 52) & 0x7ff;
        int e;
        if (be != 0) {
            f += HIDDEN_BIT;
            e = be - 1075;
        } else {
            e = -1074;
        }

        // Upper boundary m+ = (2f+1) * 2^(e-1), normalised to bit 63.
        long upperF = (f << 1) + 1;
        int shiftU = Long.numberOfLeadingZeros(upperF);
        upperF <<= shiftU;
        int upperE = e - 1 - shiftU;
        // Lower boundary m- is closer when f is the smallest significand of its binade.
        int lShift = f == HIDDEN_BIT ? 2 : 1;
        long lowerF = (f << lShift) - 1;
        int lowerE = e - lShift;
        lowerF <<= lowerE - upperE;

        int shiftW = Long.numberOfLeadingZeros(f);
        long wF = f << shiftW;

        // Cached power chosen for the upper boundary's exponent.
        int approx = (int) (-(upperE + N_POWERS) * 0.30102999566398114);
        int idx = (approx - FIRST_POWER) / STEP_POWERS;
        while (true) {
            int current = upperE + POW_E[idx] + 64;
            if (current < EXP_MIN) {
                idx++;
            } else if (current > EXP_MAX) {
                idx--;
            } else {
                break;
            }
        }
        int k = FIRST_POWER + idx * STEP_POWERS;
        long cF = POW_F[idx];
        int cE = POW_E[idx];

        wF = mulHighRounded(wF, cF);
        upperF = mulHighRounded(upperF, cF) - 1;
        lowerF = mulHighRounded(lowerF, cF) + 1;
        int shift = -(upperE + cE + 64);
        kOut[0] = -k;
        return generate(wF, upperF, lowerF, shift, digits, kOut);
    }

    /** High 64 bits of the unsigned 128-bit product, rounded half-up. */
    private static long mulHighRounded(long a, long b) {
        long hi = Math.multiplyHigh(a, b) + ((a >> 63) & b) + ((b >> 63) & a);
        long lo = a * b;
        return hi + (lo >>> 63);
    }

    private static int generate(long wF, long upperF, long lowerF, int shift, byte[] digits, int[] kOut) {
        long wfrac = upperF - wF;
        long delta = upperF - lowerF;
        long oneMask = (1L << shift) - 1;
        long part1 = upperF >>> shift;
        long part2 = upperF & oneMask;
        int n = 0;
        int kappa = 10;
        for (int t = 9; t >= 0; t--) {
            long div = TENS[t];
            long digit = part1 / div;
            if (digit != 0 || n != 0) {
                digits[n++] = (byte) ('0' + digit);
            }
            part1 -= digit * div;
            kappa--;
            long rest = (part1 << shift) + part2;
            if (Long.compareUnsigned(rest, delta) <= 0) {
                kOut[0] += kappa;
                weed(digits, n, delta, rest, div << shift, wfrac);
                return n;
            }
        }
        long unit = 10;
        while (true) {
            part2 *= 10;
            delta *= 10;
            kappa--;
            long digit = part2 >>> shift;
            if (digit != 0 || n != 0) {
                digits[n++] = (byte) ('0' + digit);
            }
            part2 &= oneMask;
            if (Long.compareUnsigned(part2, delta) < 0) {
                kOut[0] += kappa;
                weed(digits, n, delta, part2, 1L << shift, wfrac * unit);
                return n;
            }
            unit *= 10;
        }
    }

    /** Lowers the last digit while that moves the result closer to w and stays inside the interval. */
    private static void weed(byte[] digits, int n, long delta, long rest, long ten, long wfrac) {
        while (Long.compareUnsigned(rest, wfrac) < 0
                && Long.compareUnsigned(delta - rest, ten) >= 0
                && (Long.compareUnsigned(rest + ten, wfrac) < 0 || Long.compareUnsigned(wfrac - rest, rest + ten - wfrac) > 0)) {
            digits[n - 1]--;
            rest += ten;
        }
    }
}
