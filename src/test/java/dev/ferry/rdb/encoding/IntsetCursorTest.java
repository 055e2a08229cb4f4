package dev.ferry.rdb.encoding;

import static dev.ferry.rdb.encoding.TestBytes.concat;
import static dev.ferry.rdb.encoding.TestBytes.drain;
import static dev.ferry.rdb.encoding.TestBytes.hex;
import static dev.ferry.rdb.encoding.TestBytes.le;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.rdb.RdbFormatException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class IntsetCursorTest {

    static byte[] intset(int width, long... values) {
        byte[] out = concat(le(width, 4), le(values.length, 4));
        for (long v : values) {
            out = concat(out, le(v, width));
        }
        return out;
    }

    @Test
    void realSixteenBitIntsetFromEncodingsRdb() {
        IntsetCursor c = new IntsetCursor(hex("02 00 00 00 04 00 00 00 01 00 02 00 03 00 04 00"));
        assertThat(c.count()).isEqualTo(4);
        assertThat(c.width()).isEqualTo(2);
        assertThat(drain(c)).containsExactly("1", "2", "3", "4");
    }

    @Test
    void realThirtyTwoAndSixtyFourBitIntsetsFromEncodingsRdb() {
        assertThat(drain(new IntsetCursor(hex("04 00 00 00 04 00 00 00 a0 86 01 00 40 0d 03 00 e0 93 04 00 80 1a 06 00"))))
                .containsExactly("100000", "200000", "300000", "400000");
        assertThat(drain(new IntsetCursor(hex("08 00 00 00 06 00 00 00 00 ca 9a 3b 00 00 00 00 00 94 35 77 00 00 00 00"
                + " 00 5e d0 b2 00 00 00 00 00 28 6b ee 00 00 00 00 00 f2 05 2a 01 00 00 00 00 bc a0 65 01 00 00 00"))))
                .containsExactly("1000000000", "2000000000", "3000000000", "4000000000", "5000000000", "6000000000");
    }

    @Test
    void extremesAndNegativesAtEveryWidth() {
        assertValues(intset(2, Short.MIN_VALUE, -1, 0, Short.MAX_VALUE), Short.MIN_VALUE, -1, 0, Short.MAX_VALUE);
        assertValues(intset(4, Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE), Integer.MIN_VALUE, -1, 0, Integer.MAX_VALUE);
        assertValues(intset(8, Long.MIN_VALUE, -1, 0, Long.MAX_VALUE), Long.MIN_VALUE, -1, 0, Long.MAX_VALUE);
    }

    private static void assertValues(byte[] blob, long... expected) {
        IntsetCursor c = new IntsetCursor(blob);
        for (long e : expected) {
            assertThat(c.next()).isTrue();
            assertThat(c.isInteger()).isTrue();
            assertThat(c.integer()).isEqualTo(e);
        }
        assertThat(c.next()).isFalse();
        assertThat(c.next()).isFalse();
    }

    @Test
    void emptyIntsetAndOffsets() {
        assertThat(new IntsetCursor(intset(2)).next()).isFalse();
        byte[] blob = concat(hex("99"), intset(4, 7, 8), hex("99"));
        assertThat(drain(new IntsetCursor(blob, 1, blob.length - 2))).containsExactly("7", "8");
    }

    @Test
    void rejectsBadEncodingWidth() {
        for (int w : new int[] {0, 1, 3, 5, 16}) {
            byte[] b = concat(le(w, 4), le(0, 4));
            assertThatThrownBy(() -> new IntsetCursor(b)).isInstanceOf(RdbFormatException.class)
                    .hasMessageContaining("must be 2, 4 or 8");
        }
    }

    @Test
    void rejectsLengthDisagreeingWithBlob() {
        byte[] ok = intset(4, 1, 2, 3);
        assertThatThrownBy(() -> new IntsetCursor(Arrays.copyOf(ok, ok.length - 1))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("states 3 values of 4 bytes");
        assertThatThrownBy(() -> new IntsetCursor(concat(ok, hex("00")))).isInstanceOf(RdbFormatException.class);
        // A length whose byte count overflows 32 bits must not wrap around into a "valid" size.
        byte[] wrap = concat(le(8, 4), le(0x20000000L, 4));
        assertThatThrownBy(() -> new IntsetCursor(wrap)).isInstanceOf(RdbFormatException.class);
        assertThatThrownBy(() -> new IntsetCursor(hex("02 00 00 00"))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("8-byte header");
    }
}
