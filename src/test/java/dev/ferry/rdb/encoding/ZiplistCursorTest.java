package dev.ferry.rdb.encoding;

import static dev.ferry.rdb.encoding.TestBytes.ascii;
import static dev.ferry.rdb.encoding.TestBytes.be;
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

class ZiplistCursorTest {

    /** Ziplist from entry bodies (encoding + data); prevlens, header and end marker are added. */
    static byte[] ziplist(int zllen, byte[]... bodies) {
        byte[] entries = new byte[0];
        int prev = 0;
        int tail = 10;
        for (byte[] body : bodies) {
            byte[] prevlen = prev < 254 ? new byte[] {(byte) prev} : concat(hex("fe"), le(prev, 4));
            tail = 10 + entries.length;
            byte[] entry = concat(prevlen, body);
            entries = concat(entries, entry);
            prev = entry.length;
        }
        int total = 10 + entries.length + 1;
        return concat(le(total, 4), le(tail, 4), le(zllen, 2), entries, hex("ff"));
    }

    static byte[] ziplist(byte[]... bodies) {
        return ziplist(bodies.length, bodies);
    }

    static byte[] str(byte[] s) {
        int n = s.length;
        if (n <= 63) {
            return concat(new byte[] {(byte) n}, s);
        } else if (n <= 16383) {
            return concat(new byte[] {(byte) (0x40 | n >> 8), (byte) n}, s);
        }
        return concat(hex("80"), be(n, 4), s);
    }

    @Test
    void exampleFromZiplistC() {
        // The [2, 5] ziplist from ziplist.c's header comment, then "Hello World" appended.
        byte[] zl = hex("0f 00 00 00 0c 00 00 00 02 00 00 f3 02 f6 ff");
        ZiplistCursor c = new ZiplistCursor(zl);
        assertThat(c.count()).isEqualTo(2);
        assertThat(c.next()).isTrue();
        assertThat(c.isInteger()).isTrue();
        assertThat(c.integer()).isEqualTo(2);
        assertThat(c.next()).isTrue();
        assertThat(c.integer()).isEqualTo(5);
        assertThat(c.next()).isFalse();
        assertThat(c.next()).isFalse();

        byte[] zl2 = hex("1c 00 00 00 0e 00 00 00 03 00 00 f3 02 f6 02 0b 48 65 6c 6c 6f 20 57 6f 72 6c 64 ff");
        assertThat(drain(new ZiplistCursor(zl2))).containsExactly("2", "5", "Hello World");
    }

    @Test
    void realListZippedFromEncodingsRdb() {
        byte[] zl = hex("30 00 00 00 25 00 00 00 08 00 00 c0 01 00 04 c0 02 00 04 c0 03 00 04 01 61 03 01 62 03 01 63 03"
                + " d0 a0 86 01 00 06 e0 00 bc a0 65 01 00 00 00 ff");
        ZiplistCursor c = new ZiplistCursor(zl);
        assertThat(c.count()).isEqualTo(8);
        assertThat(drain(c)).containsExactly("1", "2", "3", "a", "b", "c", "100000", "6000000000");
    }

    @Test
    void realHashZippedFromEncodingsRdb() {
        byte[] zl = hex("20 00 00 00 1b 00 00 00 06 00 00 01 61 03 c0 01 00 04 01 62 03 c0 02 00 04 01 63 03 c0 03 00 ff");
        assertThat(drain(new ZiplistCursor(zl))).containsExactly("a", "1", "b", "2", "c", "3");
    }

    @Test
    void stringSliceIsExposedWithoutCopy() {
        byte[] blob = concat(hex("aa bb"), ziplist(str(ascii("xyz"))), hex("cc"));
        ZiplistCursor c = new ZiplistCursor(blob, 2, blob.length - 3);
        assertThat(c.next()).isTrue();
        assertThat(c.isInteger()).isFalse();
        assertThat(c.buffer()).isSameAs(blob);
        assertThat(new String(blob, c.offset(), c.length(), java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("xyz");
        assertThat(c.bytes()).isEqualTo(ascii("xyz"));
        assertThat(c.next()).isFalse();
    }

    @Test
    void emptyZiplist() {
        ZiplistCursor c = new ZiplistCursor(hex("0b 00 00 00 0a 00 00 00 00 00 ff"));
        assertThat(c.count()).isZero();
        assertThat(c.next()).isFalse();
    }

    @Test
    void everyIntegerEncodingWithExtremes() {
        byte[] zl = ziplist(
                hex("fe 7f"), hex("fe 80"), hex("fe ff"),
                hex("c0 ff 7f"), hex("c0 00 80"),
                hex("f0 ff ff 7f"), hex("f0 00 00 80"), hex("f0 ff ff ff"), hex("f0 01 00 00"),
                hex("d0 ff ff ff 7f"), hex("d0 00 00 00 80"),
                hex("e0 ff ff ff ff ff ff ff 7f"), hex("e0 00 00 00 00 00 00 00 80"), hex("e0 ff ff ff ff ff ff ff ff"),
                hex("f1"), hex("fd"));
        ZiplistCursor c = new ZiplistCursor(zl);
        long[] expected = {127, -128, -1, 32767, -32768, 8388607, -8388608, -1, 1,
            Integer.MAX_VALUE, Integer.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE, -1, 0, 12};
        for (long e : expected) {
            assertThat(c.next()).isTrue();
            assertThat(c.isInteger()).isTrue();
            assertThat(c.integer()).isEqualTo(e);
        }
        assertThat(c.next()).isFalse();
        assertThat(drain(new ZiplistCursor(zl))).contains("-9223372036854775808", "9223372036854775807", "-8388608");
    }

    @Test
    void stringsOfEveryLengthClassAndLongPrevlens() {
        byte[] s0 = new byte[0];
        byte[] s63 = TestBytes.repeat('a', 63);
        byte[] s64 = TestBytes.repeat('b', 64);
        byte[] s300 = TestBytes.repeat('c', 300);     // makes the next prevlen 5 bytes
        byte[] s16383 = TestBytes.repeat('d', 16383);
        byte[] s16384 = TestBytes.repeat('e', 16384); // 32-bit big-endian length
        byte[] zl = ziplist(str(s0), str(s63), str(s64), str(s300), str(s16383), str(s16384), hex("f2"));
        // The entry after the 300-byte string really carries the 0xFE prevlen form.
        int afterS300 = 10 + 2 + 65 + 67 + 303;
        assertThat(zl[afterS300] & 0xff).isEqualTo(0xfe);
        assertThat(drain(new ZiplistCursor(zl))).containsExactly(
                "", new String(s63), new String(s64), new String(s300), new String(s16383), new String(s16384), "1");
    }

    @Test
    void fourteenBitLengthIsBigEndian() {
        // 0x41 0x02 = length 0x102 = 258.
        byte[] body = concat(hex("41 02"), TestBytes.repeat('z', 258));
        ZiplistCursor c = new ZiplistCursor(ziplist(body));
        assertThat(c.next()).isTrue();
        assertThat(c.length()).isEqualTo(258);
    }

    @Test
    void unknownCountIsMinusOneAndStillIterates() {
        ZiplistCursor c = new ZiplistCursor(ziplist(0xFFFF, hex("f2"), hex("f3")));
        assertThat(c.count()).isEqualTo(-1);
        assertThat(drain(c)).containsExactly("1", "2");
    }

    @Test
    void rejectsZlbytesDisagreeingWithBlob() {
        byte[] zl = ziplist(hex("f2"));
        zl[0]++;
        assertThatThrownBy(() -> new ZiplistCursor(zl)).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("states 14 bytes but the blob has 13");
    }

    @Test
    void rejectsTooShortBlob() {
        assertThatThrownBy(() -> new ZiplistCursor(hex("0a 00 00 00 0a 00 00 00 00 00")))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("shorter");
        assertThatThrownBy(() -> new ZiplistCursor(new byte[0])).isInstanceOf(RdbFormatException.class);
    }

    @Test
    void rejectsMissingEndMarker() {
        byte[] zl = ziplist(hex("f2"));
        zl[zl.length - 1] = 0x00;
        assertThatThrownBy(() -> new ZiplistCursor(zl)).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("0xFF marker at offset 12");
    }

    @Test
    void rejectsTailPastEnd() {
        byte[] zl = ziplist(hex("f2"));
        zl[4] = 0x40;
        assertThatThrownBy(() -> new ZiplistCursor(zl)).isInstanceOf(RdbFormatException.class).hasMessageContaining("tail");
    }

    @Test
    void rejectsEarlyEndMarker() {
        // End marker at offset 10, then garbage up to the real end.
        byte[] zl = hex("0e 00 00 00 0a 00 00 00 01 00 ff 00 00 ff");
        ZiplistCursor c = new ZiplistCursor(zl);
        assertThatThrownBy(c::next).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("end marker at offset 10");
    }

    @Test
    void rejectsStringRunningPastEnd() {
        byte[] zl = ziplist(str(ascii("hello")));
        zl[11] = 0x06; // claims 6 bytes, only 5 before the end marker
        assertThatThrownBy(() -> drain(new ZiplistCursor(zl))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("entry at offset 10").hasMessageContaining("string of 6 bytes");
        byte[] huge = ziplist(concat(hex("80"), be(0x7fffffffL, 4)));
        assertThatThrownBy(() -> drain(new ZiplistCursor(huge))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("string of 2147483647 bytes");
        byte[] hugeUnsigned = ziplist(concat(hex("80"), be(0xffffffffL, 4)));
        assertThatThrownBy(() -> drain(new ZiplistCursor(hugeUnsigned))).isInstanceOf(RdbFormatException.class);
    }

    @Test
    void rejectsIntegerRunningPastEnd() {
        assertThatThrownBy(() -> drain(new ZiplistCursor(ziplist(hex("e0 01 02 03")))))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("64-bit integer");
    }

    @Test
    void rejectsPrevlenRunningIntoEnd() {
        assertThatThrownBy(() -> drain(new ZiplistCursor(hex("0f 00 00 00 0a 00 00 00 01 00 fe 01 00 00 ff"))))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("prevlen");
    }

    @Test
    void rejectsUnknownIntegerEncoding() {
        assertThatThrownBy(() -> drain(new ZiplistCursor(ziplist(hex("c1 00 00")))))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("unknown encoding byte 0xc1");
        assertThatThrownBy(() -> drain(new ZiplistCursor(ziplist(hex("ff")))))
                .isInstanceOf(RdbFormatException.class);
    }

    @Test
    void everyTruncationOfAValidZiplistFailsCleanly() {
        byte[] zl = ziplist(str(TestBytes.repeat('x', 300)), hex("e0 01 00 00 00 00 00 00 00"), str(ascii("ab")), hex("c0 01 02"));
        for (int cut = 0; cut < zl.length; cut++) {
            byte[] t = Arrays.copyOf(zl, cut);
            // Fix up zlbytes so the header passes and the damage is found inside the entries.
            if (cut >= 4) {
                System.arraycopy(le(cut, 4), 0, t, 0, 4);
            }
            assertThatThrownBy(() -> drain(new ZiplistCursor(t))).as("cut %d", cut).isInstanceOf(RdbFormatException.class);
        }
    }

    @Test
    void randomCorruptionNeverEscapesAsAnotherException() {
        byte[] zl = ziplist(str(TestBytes.repeat('x', 300)), hex("e0 01 00 00 00 00 00 00 00"), str(ascii("ab")), hex("f0 01 02 03"), hex("f5"));
        Random r = new Random(1);
        for (int i = 0; i < 20000; i++) {
            byte[] t = zl.clone();
            for (int k = 0; k < 3; k++) {
                t[10 + r.nextInt(t.length - 10)] = (byte) r.nextInt(256);
            }
            try {
                drain(new ZiplistCursor(t));
            } catch (RdbFormatException expected) {
                // fine
            }
        }
    }
}
