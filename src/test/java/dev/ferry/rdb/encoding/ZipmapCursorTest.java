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

class ZipmapCursorTest {
    /** The zipmap of key "hash" in redis/tests/assets/hash-zipmap.rdb: f1=v1, f2=v2. */
    private static final byte[] REAL = hex("02 02 66 31 02 00 76 31 02 66 32 02 00 76 32 ff");

    static byte[] len(int n) {
        return n < 254 ? new byte[] {(byte) n} : concat(hex("fe"), le(n, 4));
    }

    @Test
    void realZipmapFromRedisTestAssets() {
        ZipmapCursor c = new ZipmapCursor(REAL);
        assertThat(c.count()).isEqualTo(4);
        assertThat(c.next()).isTrue();
        assertThat(c.isValue()).isFalse();
        assertThat(c.isInteger()).isFalse();
        assertThat(c.bytes()).isEqualTo(ascii("f1"));
        assertThat(c.next()).isTrue();
        assertThat(c.isValue()).isTrue();
        assertThat(c.bytes()).isEqualTo(ascii("v1"));
        assertThat(drain(new ZipmapCursor(REAL))).containsExactly("f1", "v1", "f2", "v2");
    }

    @Test
    void emptyZipmap() {
        ZipmapCursor c = new ZipmapCursor(hex("00 ff"));
        assertThat(c.count()).isZero();
        assertThat(c.next()).isFalse();
    }

    @Test
    void freeBytesAfterValueAreSkipped() {
        // value "v" with 3 free bytes of junk after it.
        byte[] zm = hex("01 01 6b 01 03 76 aa bb cc ff");
        assertThat(drain(new ZipmapCursor(zm))).containsExactly("k", "v");
    }

    @Test
    void bigLengthsUseTheFiveByteForm() {
        byte[] field = TestBytes.repeat('f', 254);
        byte[] value = TestBytes.repeat('v', 70000);
        byte[] zm = concat(hex("01"), len(254), field, len(70000), hex("02"), value, hex("00 00"), len(253), TestBytes.repeat('g', 253),
                len(0), hex("00"), hex("ff"));
        ZipmapCursor c = new ZipmapCursor(zm);
        assertThat(c.next()).isTrue();
        assertThat(c.length()).isEqualTo(254);
        assertThat(c.next()).isTrue();
        assertThat(c.length()).isEqualTo(70000);
        assertThat(c.bytes()).isEqualTo(value);
        assertThat(c.next()).isTrue();
        assertThat(c.length()).isEqualTo(253);
        assertThat(c.next()).isTrue();
        assertThat(c.length()).isZero();
        assertThat(c.next()).isFalse();
    }

    @Test
    void countByteIsNotTrusted() {
        // zmlen 254 means unknown; a hand-edited 0xFF or an overstated count still iterates to the end marker.
        for (int zmlen : new int[] {254, 255, 200, 0}) {
            byte[] zm = REAL.clone();
            zm[0] = (byte) zmlen;
            ZipmapCursor c = new ZipmapCursor(zm);
            assertThat(c.count()).isEqualTo(zmlen >= 254 ? -1 : zmlen * 2);
            assertThat(drain(c)).containsExactly("f1", "v1", "f2", "v2");
        }
    }

    @Test
    void rejectsMissingEndAndTooShort() {
        assertThatThrownBy(() -> new ZipmapCursor(Arrays.copyOf(REAL, REAL.length - 1))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("0xFF marker");
        assertThatThrownBy(() -> new ZipmapCursor(hex("ff"))).isInstanceOf(RdbFormatException.class).hasMessageContaining("shorter");
    }

    @Test
    void rejectsFieldWithoutValue() {
        assertThatThrownBy(() -> drain(new ZipmapCursor(hex("01 01 6b ff")))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("has no value");
    }

    @Test
    void rejectsLengthsPastTheEnd() {
        assertThatThrownBy(() -> drain(new ZipmapCursor(hex("01 05 6b ff")))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("field at offset 1");
        assertThatThrownBy(() -> drain(new ZipmapCursor(hex("01 01 6b 01 05 76 ff")))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("free bytes");
        assertThatThrownBy(() -> drain(new ZipmapCursor(concat(hex("01 fe"), le(0xffffffffL, 4), hex("ff")))))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("4294967295 bytes");
        assertThatThrownBy(() -> drain(new ZipmapCursor(hex("01 fe 01 00 ff")))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("32-bit length");
        assertThatThrownBy(() -> drain(new ZipmapCursor(hex("01 01 6b ff 00 ff")))).isInstanceOf(RdbFormatException.class);
    }

    @Test
    void rejectsEarlyEndMarker() {
        assertThatThrownBy(() -> drain(new ZipmapCursor(hex("00 ff 00 ff")))).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("end marker at offset 1");
    }

    @Test
    void truncationsAndCorruptionNeverEscapeAsAnotherException() {
        byte[] zm = concat(hex("02"), len(300), TestBytes.repeat('f', 300), len(2), hex("01"), ascii("ab"), hex("00"),
                Arrays.copyOfRange(REAL, 1, REAL.length));
        assertThat(drain(new ZipmapCursor(zm))).hasSize(6);
        Random r = new Random(3);
        for (int i = 0; i < 20000; i++) {
            byte[] t = i % 2 == 0 ? zm.clone() : Arrays.copyOf(zm, 2 + r.nextInt(zm.length - 2));
            t[1 + r.nextInt(t.length - 1)] = (byte) r.nextInt(256);
            try {
                drain(new ZipmapCursor(t));
            } catch (RdbFormatException expected) {
                // fine
            }
        }
    }
}
