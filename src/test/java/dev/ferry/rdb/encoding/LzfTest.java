package dev.ferry.rdb.encoding;

import static dev.ferry.rdb.encoding.TestBytes.ascii;
import static dev.ferry.rdb.encoding.TestBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.rdb.RdbFormatException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class LzfTest {
    private static byte[] decompress(byte[] in, int outLen) {
        byte[] out = new byte[outLen];
        Lzf.decompress(in, 0, in.length, out, 0, outLen);
        return out;
    }

    @Test
    void literalRun() {
        assertThat(decompress(hex("04 68 65 6c 6c 6f"), 5)).isEqualTo(ascii("hello"));
    }

    @Test
    void maximalLiteralRunOf32Bytes() {
        byte[] in = new byte[33];
        in[0] = 0x1f;
        for (int i = 1; i < 33; i++) {
            in[i] = (byte) i;
        }
        assertThat(decompress(in, 32)).isEqualTo(Arrays.copyOfRange(in, 1, 33));
    }

    @Test
    void shortBackReferenceOverlappingItsOwnOutput() {
        // "abc" then copy 6 bytes from 3 back: len field 4 (6-2), offset 2 (3-1).
        assertThat(decompress(hex("02 61 62 63 80 02"), 9)).isEqualTo(ascii("abcabcabc"));
    }

    @Test
    void shortBackReferenceWithoutOverlap() {
        // "abcdef" then copy 3 bytes from 6 back.
        assertThat(decompress(hex("05 61 62 63 64 65 66 20 05"), 9)).isEqualTo(ascii("abcdefabc"));
    }

    @Test
    void longBackReferenceAsRunLength() {
        // "a" then copy 9+127 bytes from 1 back.
        byte[] expected = TestBytes.repeat('a', 137);
        assertThat(decompress(hex("00 61 e0 7f 00"), 137)).isEqualTo(expected);
    }

    @Test
    void backReferenceWithThirteenBitDistance() {
        // 300 literal bytes, then 5 bytes copied from 300 back (offset 299 = 0x12b).
        byte[] lit = new byte[300];
        for (int i = 0; i < lit.length; i++) {
            lit[i] = (byte) (i * 7);
        }
        byte[] in = new byte[0];
        for (int i = 0; i < 300; i += 32) {
            int n = Math.min(32, 300 - i);
            in = TestBytes.concat(in, new byte[] {(byte) (n - 1)}, Arrays.copyOfRange(lit, i, i + n));
        }
        in = TestBytes.concat(in, hex("61 2b"));
        byte[] out = decompress(in, 305);
        assertThat(Arrays.copyOf(out, 300)).isEqualTo(lit);
        assertThat(Arrays.copyOfRange(out, 300, 305)).isEqualTo(Arrays.copyOf(lit, 5));
    }

    @Test
    void realRedisBlobFromEncodingsRdb() {
        // Key "compressible" in redis/tests/assets/encodings.rdb: 137 x 'a', stored as 9 LZF bytes.
        assertThat(decompress(hex("01 61 61 e0 7c 00 01 61 61"), 137)).isEqualTo(TestBytes.repeat('a', 137));
    }

    @Test
    void realQuicklistNodeDecompressesToAListpack() {
        // Key "list" in kvrocks encodings_ver10.rdb (Redis 7.0): an LZF-compressed listpack node.
        byte[] in = hex("1f 61 00 00 00 18 00 01 01 02 01 03 01 81 61 02 81 62 02 81 63 02 f2 a0 86 01 04 f4 00 bc a0 65 01 20 1e 00 09 e0 32 1d 01 09 ff");
        byte[] lp = decompress(in, 97);
        assertThat(TestBytes.drain(new ListpackCursor(lp))).containsExactly(
                "1", "2", "3", "a", "b", "c", "100000", "6000000000",
                "1", "2", "3", "a", "b", "c", "100000", "6000000000",
                "1", "2", "3", "a", "b", "c", "100000", "6000000000");
    }

    @Test
    void honoursInputAndOutputOffsets() {
        byte[] in = hex("ee ee 02 61 62 63 80 02 ee");
        byte[] out = new byte[12];
        Arrays.fill(out, (byte) '-');
        Lzf.decompress(in, 2, 6, out, 2, 9);
        assertThat(new String(out, java.nio.charset.StandardCharsets.ISO_8859_1)).isEqualTo("--abcabcabc-");
    }

    @Test
    void emptyInputToEmptyOutput() {
        assertThat(decompress(new byte[0], 0)).isEmpty();
    }

    @Test
    void rejectsBackReferenceBeforeStartOfOutput() {
        assertThatThrownBy(() -> decompress(hex("01 61 62 20 05"), 5))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("back-reference at compressed offset 3").hasMessageContaining("only 2 bytes were produced");
        // With an output offset, bytes before outOff must not be reachable either.
        byte[] out = new byte[10];
        assertThatThrownBy(() -> Lzf.decompress(hex("00 61 20 01"), 0, 4, out, 5, 4))
                .isInstanceOf(RdbFormatException.class);
    }

    @Test
    void rejectsLiteralOverrunningOutput() {
        assertThatThrownBy(() -> decompress(hex("04 68 65 6c 6c 6f"), 4))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("past the stated uncompressed length 4");
    }

    @Test
    void rejectsBackReferenceOverrunningOutput() {
        assertThatThrownBy(() -> decompress(hex("00 61 e0 7f 00"), 100))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("past the stated uncompressed length");
    }

    @Test
    void rejectsTruncatedLiteral() {
        assertThatThrownBy(() -> decompress(hex("04 68 65"), 5))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("literal run of 5 bytes");
    }

    @Test
    void rejectsBackReferenceMissingItsOffsetByte() {
        assertThatThrownBy(() -> decompress(hex("00 61 20"), 4))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("cut off");
        assertThatThrownBy(() -> decompress(hex("00 61 e0"), 40))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("cut off");
        assertThatThrownBy(() -> decompress(hex("00 61 e0 05"), 40))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("cut off");
    }

    @Test
    void rejectsOutputShorterThanStated() {
        assertThatThrownBy(() -> decompress(hex("04 68 65 6c 6c 6f"), 6))
                .isInstanceOf(RdbFormatException.class).hasMessageContaining("decompressed to 5 bytes, expected 6");
        assertThatThrownBy(() -> decompress(new byte[0], 1)).isInstanceOf(RdbFormatException.class);
    }

    @Test
    void garbageNeverEscapesAsAnotherException() {
        java.util.Random r = new java.util.Random(42);
        for (int i = 0; i < 20000; i++) {
            byte[] in = new byte[r.nextInt(40)];
            r.nextBytes(in);
            byte[] out = new byte[r.nextInt(200)];
            try {
                Lzf.decompress(in, 0, in.length, out, 0, out.length);
            } catch (RdbFormatException expected) {
                // fine
            }
        }
    }
}
