package dev.ferry.rdb.encoding;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Crc64Test {
    private static final Path CORPUS = Path.of("..", "shared", "rdb-corpus", "redis");

    /** Bit-at-a-time reference straight from the definition, to check the sliced tables. */
    private static long reference(byte[] b, int off, int len) {
        long poly = Long.reverse(0xad93d23594c935a9L);
        long crc = 0;
        for (int i = off; i < off + len; i++) {
            crc ^= b[i] & 0xff;
            for (int k = 0; k < 8; k++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ poly : crc >>> 1;
            }
        }
        return crc;
    }

    @Test
    void checkValueOf123456789() {
        byte[] b = TestBytes.ascii("123456789");
        assertThat(Crc64.update(0, b, 0, b.length)).isEqualTo(0xe9c6d914c4b8d9caL);
    }

    @Test
    void redisSelfTestLoremIpsumVector() {
        // Redis' crc64Test hashes this text including its C string terminator (sizeof, not strlen).
        String li = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed "
                + "do eiusmod tempor incididunt ut labore et dolore magna "
                + "aliqua. Ut enim ad minim veniam, quis nostrud exercitation "
                + "ullamco laboris nisi ut aliquip ex ea commodo consequat. Duis "
                + "aute irure dolor in reprehenderit in voluptate velit esse "
                + "cillum dolore eu fugiat nulla pariatur. Excepteur sint "
                + "occaecat cupidatat non proident, sunt in culpa qui officia "
                + "deserunt mollit anim id est laborum.";
        byte[] b = TestBytes.concat(TestBytes.ascii(li), new byte[1]);
        assertThat(Crc64.update(0, b, 0, b.length)).isEqualTo(0xc7794709e69683b3L);
    }

    @Test
    void emptyInputLeavesCrcUnchanged() {
        assertThat(Crc64.update(0, new byte[0], 0, 0)).isZero();
        assertThat(Crc64.update(0x1234L, new byte[5], 5, 0)).isEqualTo(0x1234L);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 1000, 4099})
    void slicedMatchesBitwiseReferenceAtEveryLengthAndOffset(int len) {
        Random r = new Random(len);
        byte[] b = new byte[len + 11];
        r.nextBytes(b);
        for (int off = 0; off < 11; off++) {
            assertThat(Crc64.update(0, b, off, len)).as("off %d", off).isEqualTo(reference(b, off, len));
        }
    }

    @Test
    void incrementalUpdatesEqualOneShot() {
        byte[] b = new byte[1000];
        new Random(3).nextBytes(b);
        long whole = Crc64.update(0, b, 0, b.length);
        long parts = Crc64.update(0, b, 0, 13);
        parts = Crc64.update(parts, b, 13, 500);
        for (int i = 513; i < 1000; i++) {
            parts = Crc64.update(parts, b[i]);
        }
        assertThat(parts).isEqualTo(whole);
    }

    @ParameterizedTest
    @ValueSource(strings = {"hash-ziplist.rdb", "zset-ziplist.rdb"})
    void matchesTheChecksumTrailerOfRealRdbFiles(String name) throws Exception {
        Path file = CORPUS.resolve(name);
        assumeThat(Files.exists(file)).as("corpus file %s", file).isTrue();
        byte[] rdb = Files.readAllBytes(file);
        long stored = Bytes.i64le(rdb, rdb.length - 8);
        assertThat(stored).isNotZero();
        assertThat(Crc64.update(0, rdb, 0, rdb.length - 8)).isEqualTo(stored);
    }
}
