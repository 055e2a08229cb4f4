package dev.ferry.rdb.encoding;

import dev.ferry.rdb.RdbFormatException;
import java.nio.charset.StandardCharsets;

/**
 * Text of a sorted-set score, both ways.
 *
 * <p>{@link #format} reproduces Redis 7.2+'s {@code d2string} (util.c), which is what ZSCORE and
 * friends reply with and what Redis writes into listpacks: "nan", "inf", "-inf", "0", "-0"; a
 * plain integer for integral values within ±2^62; otherwise Grisu2's digits (see {@link Grisu2}:
 * usually, but not always, the shortest that read back as the same double) laid out by
 * {@code fpconv_dtoa}'s rules (see {@link #layout}). Redis 7.0 and older printed "%.17g" instead.
 *
 * <p>{@link #parse} reads the scores that ziplists, listpacks and the old ZSET type store as text:
 * Redis up to 7.0 wrote them with "%.17g", 7.2+ with d2string, and both readers use strtod.
 */
public final class ScoreText {
    private static final double TWO_POW_62 = 0x1p62;
    private static final double[] POW10 = {
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    };

    private ScoreText() {
    }

    /** The text Redis 7.2+ prints for {@code d} (ZSCORE, listpack scores). */
    public static String format(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0) {
            return 1 / d < 0 ? "-0" : "0";
        }
        // d2string prints through ll2string when a long long holds the value exactly; its range test is ±(LLONG_MAX/2) as a double, i.e. ±2^62.
        if (d >= -TWO_POW_62 && d <= TWO_POW_62 && (long) d == d) {
            return Long.toString((long) d);
        }
        byte[] digits = new byte[18];
        int[] k = new int[1];
        int nd = Grisu2.digits(Math.abs(d), digits, k);
        return layout(d < 0, digits, nd, k[0]);
    }

    /**
     * fpconv_dtoa's layout of {@code digits * 10^k}: with {@code x = |k + nd - 1|} (the decimal
     * exponent in scientific form), plain digits plus k zeros when k >= 0 and x < nd + 7; a plain
     * decimal when k < 0 and (k > -7 or x < 4); otherwise d[.ddd]e(+|-)x with the exponent
     * unpadded (1e+21, 5e-324, 1.5e-7). The scientific form keeps at most 18 digits (17 when
     * negative), a cap Grisu2's at most 17 digits never reaches.
     */
    static String layout(boolean negative, byte[] digits, int nd, int k) {
        int x = Math.abs(k + nd - 1);
        StringBuilder sb = new StringBuilder(nd + 8);
        if (negative) {
            sb.append('-');
        }
        if (k >= 0 && x < nd + 7) {
            appendDigits(sb, digits, 0, nd);
            for (int i = 0; i < k; i++) {
                sb.append('0');
            }
        } else if (k < 0 && (k > -7 || x < 4)) {
            int intDigits = nd + k;
            if (intDigits <= 0) {
                sb.append("0.");
                for (int i = 0; i < -intDigits; i++) {
                    sb.append('0');
                }
                appendDigits(sb, digits, 0, nd);
            } else {
                appendDigits(sb, digits, 0, intDigits);
                sb.append('.');
                appendDigits(sb, digits, intDigits, nd);
            }
        } else {
            nd = Math.min(nd, negative ? 17 : 18);
            sb.append((char) digits[0]);
            if (nd > 1) {
                sb.append('.');
                appendDigits(sb, digits, 1, nd);
            }
            sb.append('e').append(k + nd - 1 < 0 ? '-' : '+').append(x);
        }
        return sb.toString();
    }

    private static void appendDigits(StringBuilder sb, byte[] digits, int from, int to) {
        for (int i = from; i < to; i++) {
            sb.append((char) digits[i]);
        }
    }

    /**
     * Parses a score stored as text. Accepts what strtod accepts for Redis-written scores: an
     * optional sign, decimal digits with an optional point and exponent, and (any case) "inf",
     * "infinity", "nan". Rejects empty text, whitespace, hex floats and trailing garbage.
     */
    public static double parse(byte[] buf, int off, int len) {
        Bytes.checkBounds(buf, off, len);
        final int end = off + len;
        int p = off;
        boolean neg = false;
        if (p < end && (buf[p] == '-' || buf[p] == '+')) {
            neg = buf[p] == '-';
            p++;
        }
        if (p < end && (buf[p] | 0x20) == 'i') {
            if (matchesIgnoreCase(buf, p, end, "inf") || matchesIgnoreCase(buf, p, end, "infinity")) {
                return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
            }
            throw notANumber(buf, off, len, p - off);
        }
        if (p < end && (buf[p] | 0x20) == 'n') {
            if (matchesIgnoreCase(buf, p, end, "nan")) {
                return Double.NaN;
            }
            throw notANumber(buf, off, len, p - off);
        }
        long mantissa = 0;
        int significant = 0;
        int dropped = 0;
        int fractionDigits = 0;
        int digitCount = 0;
        boolean seenPoint = false;
        for (; p < end; p++) {
            int c = buf[p];
            if (c >= '0' && c <= '9') {
                digitCount++;
                if (seenPoint) {
                    fractionDigits++;
                }
                if (significant == 0 && c == '0') {
                    continue;
                }
                if (significant < 18) {
                    mantissa = mantissa * 10 + (c - '0');
                    significant++;
                } else {
                    dropped++;
                }
            } else if (c == '.' && !seenPoint) {
                seenPoint = true;
            } else {
                break;
            }
        }
        if (digitCount == 0) {
            throw notANumber(buf, off, len, p - off);
        }
        long exp = 0;
        if (p < end && (buf[p] | 0x20) == 'e') {
            p++;
            boolean expNeg = false;
            if (p < end && (buf[p] == '-' || buf[p] == '+')) {
                expNeg = buf[p] == '-';
                p++;
            }
            int expStart = p;
            for (; p < end && buf[p] >= '0' && buf[p] <= '9'; p++) {
                if (exp < 1_000_000) {
                    exp = exp * 10 + (buf[p] - '0');
                }
            }
            if (p == expStart) {
                throw notANumber(buf, off, len, p - off);
            }
            if (expNeg) {
                exp = -exp;
            }
        }
        if (p != end) {
            throw notANumber(buf, off, len, p - off);
        }
        if (mantissa == 0) {
            return neg ? -0.0 : 0.0;
        }
        long e10 = exp - fractionDigits + dropped;
        // Exact fast path (Clinger): mantissa and 10^|e10| are both exact doubles, so one IEEE
        // multiply or divide is correctly rounded.
        if (dropped == 0 && mantissa < (1L << 53) && e10 >= -22 && e10 <= 22) {
            double v = e10 >= 0 ? mantissa * POW10[(int) e10] : mantissa / POW10[(int) -e10];
            return neg ? -v : v;
        }
        return Double.parseDouble(new String(buf, off, len, StandardCharsets.ISO_8859_1));
    }

    private static boolean matchesIgnoreCase(byte[] buf, int p, int end, String word) {
        if (end - p != word.length()) {
            return false;
        }
        for (int i = 0; i < word.length(); i++) {
            if ((buf[p + i] | 0x20) != word.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static RdbFormatException notANumber(byte[] buf, int off, int len, int at) {
        String shown = new String(buf, off, Math.min(len, 64), StandardCharsets.ISO_8859_1);
        return new RdbFormatException("score text '" + shown + "' is not a number: expected a decimal, inf or nan, stopped at offset " + at);
    }
}
