package dev.ferry.rdb.encoding;

import static dev.ferry.rdb.encoding.TestBytes.ascii;
import static dev.ferry.rdb.encoding.TestBytes.concat;
import static dev.ferry.rdb.encoding.TestBytes.drain;
import static dev.ferry.rdb.encoding.TestBytes.hex;
import static dev.ferry.rdb.encoding.TestBytes.le;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.rdb.RdbFormatException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ListpackCursorTest {

    static byte[] backlen(int l) {
        int n = l <= 127 ? 1 : l < 16383 ? 2 : l < 2097151 ? 3 : l < 268435455 ? 4 : 5;
        byte[] out = new byte[n];
        for (int i = 0; i < n; i++) {
            int group = (l >>> (7 * (n - 1 - i))) & 0x7f;
            out[i] = (byte) (i == 0 ? group : group | 0x80);
        }
        return out;
    }

    static byte[] listpack(int count, byte[]... bodies) {
        byte[] entries = new byte[0];
        for (byte[] b : bodies) {
            entries = concat(entries, b, backlen(b.length));
        }
        return concat(le(6 + entries.length + 1, 4), le(count, 2), entries, hex("ff"));
    }

    static byte[] listpack(byte[]... bodies) {
        return listpack(bodies.length, bodies);
    }

    static byte[] str(byte[] s) {
        int n = s.length;
        if (n <= 63) {
            return concat(new byte[] {(byte) (0x80 | n)}, s);
        } else if (n <= 4095) {
            return concat(new byte[] {(byte) (0xE0 | n >> 8), (byte) n}, s);
        }
        return concat(hex("f0"), le(n, 4), s);
    }

    @Test
    void realZsetListpackFromRedis70() {
        // Key "zset" in kvrocks encodings_ver10.rdb.
        byte[] lp = hex("64 00 00 00 18 00 81 61 02 01 01 81 62 02 02 01 81 63 02 03 01 82 61 61 03 0a 01 82 62 62 03 14 01"
                + " 82 63 63 03 1e 01 83 61 61 61 04 64 01 83 62 62 62 04 c0 c8 02 83 63 63 63 04 c1 2c 02 84 61 61 61 61 05"
                + " c3 e8 02 84 63 63 63 63 05 f3 15 cd 5b 07 05 84 62 62 62 62 05 f4 00 f2 05 2a 01 00 00 00 09 ff");
        ListpackCursor c = new ListpackCursor(lp);
        assertThat(c.count()).isEqualTo(24);
        assertThat(drain(c)).containsExactly("a", "1", "b", "2", "c", "3", "aa", "10", "bb", "20", "cc", "30",
                "aaa", "100", "bbb", "200", "ccc", "300", "aaaa", "1000", "cccc", "123456789", "bbbb", "5000000000");
    }

    @Test
    void emptyListpack() {
        ListpackCursor c = new ListpackCursor(hex("07 00 00 00 00 00 ff"));
        assertThat(c.count()).isZero();
        assertThat(c.next()).isFalse();
        assertThat(c.next()).isFalse();
    }

    @Test
    void everyIntegerEncodingWithExtremesAndNegatives() {
        byte[] lp = listpack(
                hex("00"), hex("7f"),                              // 7-bit uint
                hex("c0 80"), hex("cf ff"), hex("d0 00"), hex("df ff"), // 13-bit: 128, 4095, -4096, -1
                hex("f1 ff 7f"), hex("f1 00 80"), hex("f1 ff ff"),
                hex("f2 ff ff 7f"), hex("f2 00 00 80"),
                hex("f3 ff ff ff 7f"), hex("f3 00 00 00 80"),
                hex("f4 ff ff ff ff ff ff ff 7f"), hex("f4 00 00 00 00 00 00 00 80"));
        long[] expected = {0, 127, 128, 4095, -4096, -1, 32767, -32768, -1, 8388607, -8388608,
            Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE};
        ListpackCursor c = new ListpackCursor(lp);
        for (long e : expected) {
            assertThat(c.next()).isTrue();
            assertThat(c.isInteger()).isTrue();
            assertThat(c.integer()).isEqualTo(e);
        }
        assertThat(c.next()).isFalse();
    }

    @Test
    void stringsOfEverySizeClassIncludingBacklenBoundaries() {
        // Entry sizes 127/128 switch backlen 1->2 bytes; 16382/16383 switch 2->3 (listpack.c uses "<" there).
        int[] lengths = {0, 1, 63, 64, 125, 126, 127, 4095, 4096, 16377, 16378, 16379, 70000};
        byte[][] bodies = new byte[lengths.length][];
        for (int i = 0; i < lengths.length; i++) {
            bodies[i] = str(TestBytes.repeat((char) ('a' + i), lengths[i]));
        }
        byte[] lp = listpack(bodies);
        ListpackCursor c = new ListpackCursor(lp);
        for (int i = 0; i < lengths.length; i++) {
            assertThat(c.next()).isTrue();
            assertThat(c.isInteger()).isFalse();
            assertThat(c.length()).as("length %d", lengths[i]).isEqualTo(lengths[i]);
            byte[] expected = TestBytes.repeat((char) ('a' + i), lengths[i]);
            assertThat(Arrays.copyOfRange(c.buffer(), c.offset(), c.offset() + c.length())).isEqualTo(expected);
        }
        assertThat(c.next()).isFalse();
    }

    @Test
    void backlenSizesFollowListpackThresholds() {
        assertThat(ListpackCursor.backlenSize(1)).isEqualTo(1);
        assertThat(ListpackCursor.backlenSize(127)).isEqualTo(1);
        assertThat(ListpackCursor.backlenSize(128)).isEqualTo(2);
        assertThat(ListpackCursor.backlenSize(16382)).isEqualTo(2);
        assertThat(ListpackCursor.backlenSize(16383)).isEqualTo(3);
        assertThat(ListpackCursor.backlenSize(2097150)).isEqualTo(3);
        assertThat(ListpackCursor.backlenSize(2097151)).isEqualTo(4);
        assertThat(ListpackCursor.backlenSize(268435454)).isEqualTo(4);
        assertThat(ListpackCursor.backlenSize(268435455)).isEqualTo(5);
    }

    @Test
    void twelveBitLengthHighNibbleComesFirst() {
        byte[] body = concat(hex("e1 02"), TestBytes.repeat('q', 0x102));
        ListpackCursor c = new ListpackCursor(listpack(body));
        assertThat(c.next()).isTrue();
        assertThat(c.length()).isEqualTo(258);
    }

    @Test
    void unknownCountAndOffsets() {
        byte[] lp = listpack(0xFFFF, str(ascii("hi")), hex("05"));
        byte[] blob = concat(hex("01 02 03"), lp, hex("04"));
        ListpackCursor c = new ListpackCursor(blob, 3, lp.length);
        assertThat(c.count()).isEqualTo(-1);
        assertThat(drain(c)).containsExactly("hi", "5");
    }

    @Test
    void rejectsHeaderSizeMismatchAndMissingEnd() {
        byte[] lp = listpack(hex("05"));
        byte[] bad = lp.clone();
        bad[0] = 99;
        assertThatThrownBy(() -> new ListpackCursor(bad)).isInstanceOf(RdbFormatException.class).hasMessageContaining("states 99 bytes");
        byte[] noEnd = lp.clone();
        noEnd[noEnd.length - 1] = 0;
        assertThatThrownBy(() -> new ListpackCursor(noEnd)).isInstanceOf(RdbFormatException.class).hasMessageContaining("0xFF marker");
        assertThatThrownBy(() -> new ListpackCursor(hex("06 00 00 00 00 00"))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("shorter");
    }

    @Test
    void rejectsEntryRunningPastEnd() {
        byte[] lp = listpack(str(ascii("hello")));
        lp[6] = (byte) 0x87; // claims 7 bytes
        assertThatThrownBy(() -> drain(new ListpackCursor(lp))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("entry at offset 6");
        byte[] huge = listpack(concat(hex("f0"), le(0xfffffff0L, 4)));
        assertThatThrownBy(() -> drain(new ListpackCursor(huge))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("string of 4294967280 bytes");
        assertThatThrownBy(() -> drain(new ListpackCursor(listpack(hex("f4 01 02")))))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("64-bit integer");
    }

    @Test
    void rejectsWrongBacklen() {
        byte[] lp = listpack(str(ascii("hello")), hex("05"));
        lp[12] = 5; // backlen of the 6-byte string entry
        assertThatThrownBy(() -> drain(new ListpackCursor(lp))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("backlen at offset 12");
    }

    @Test
    void rejectsUnknownEncodingAndEarlyEnd() {
        assertThatThrownBy(() -> drain(new ListpackCursor(listpack(hex("f5")))))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("unknown encoding byte 0xf5");
        assertThatThrownBy(() -> drain(new ListpackCursor(hex("09 00 00 00 01 00 ff 00 ff"))))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("end marker at offset 6");
    }

    @Test
    void everyTruncationFailsCleanly() {
        byte[] lp = listpack(str(TestBytes.repeat('x', 200)), hex("f4 01 00 00 00 00 00 00 00"), hex("c1 00"), str(ascii("ab")));
        for (int cut = 0; cut < lp.length; cut++) {
            byte[] t = Arrays.copyOf(lp, cut);
            if (cut >= 4) {
                System.arraycopy(le(cut, 4), 0, t, 0, 4);
            }
            assertThatThrownBy(() -> drain(new ListpackCursor(t))).as("cut %d", cut).isInstanceOf(RdbFormatException.class);
        }
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherException() {
        byte[] lp = listpack(str(TestBytes.repeat('x', 200)), hex("f4 01 00 00 00 00 00 00 00"), hex("c1 00"), str(ascii("ab")), hex("f2 01 02 03"));
        Random r = new Random(2);
        for (int i = 0; i < 20000; i++) {
            byte[] t = lp.clone();
            for (int k = 0; k < 3; k++) {
                t[6 + r.nextInt(t.length - 6)] = (byte) r.nextInt(256);
            }
            try {
                drain(new ListpackCursor(t));
            } catch (RdbFormatException expected) {
                // fine
            }
        }
    }
}
