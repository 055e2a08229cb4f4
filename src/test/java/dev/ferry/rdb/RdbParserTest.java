package dev.ferry.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.ferry.rdb.Corpus.Key;
import dev.ferry.rdb.Corpus.Parsed;
import dev.ferry.rdb.encoding.Crc64;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The parser core on hand-built RDB bytes: header, truncation, hostile lengths, unknown types, CRC, resume. */
class RdbParserTest {

    // ---- building RDB bytes -------------------------------------------------------------------

    static final class Rdb {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();

        Rdb(String magic) {
            raw(magic.getBytes(StandardCharsets.ISO_8859_1));
        }

        static Rdb v(int version) {
            return new Rdb(String.format("REDIS%04d", version));
        }

        Rdb raw(byte... b) {
            out.writeBytes(b);
            return this;
        }

        Rdb b(int... bytes) {
            for (int x : bytes) {
                out.write(x);
            }
            return this;
        }

        Rdb str(String s) {
            byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
            if (b.length >= 64) {
                throw new IllegalArgumentException("short strings only");
            }
            out.write(b.length);
            return raw(b);
        }

        Rdb le(long v, int n) {
            for (int i = 0; i < n; i++) {
                out.write((int) (v >>> (8 * i)) & 0xff);
            }
            return this;
        }

        /** EOF opcode plus the CRC-64 of everything before the CRC. */
        byte[] end() {
            b(0xff);
            byte[] body = out.toByteArray();
            le(Crc64.update(0, body, 0, body.length), 8);
            return out.toByteArray();
        }

        byte[] bytes() {
            return out.toByteArray();
        }
    }

    /** A small file with AUX, SELECTDB, RESIZEDB, an expiry, and string / list / set / hash values, in two dbs. */
    static byte[] sample() {
        return Rdb.v(9)
                .b(0xfa).str("redis-ver").str("5.0.0")
                .b(0xfe, 0).b(0xfb, 3, 1)
                .b(0).str("k1").str("v1")
                .b(0xfc).le(1700000000000L, 8).b(0).str("k2").str("v2")
                .b(1).str("list").b(3).str("a").str("b").str("c")
                .b(0xfe, 5)
                .b(2).str("set").b(2).str("x").str("y")
                .b(4).str("hash").b(1).str("f").str("v")
                .b(0).str("int").b(0xc0, 0x7b)
                .end();
    }

    private static Parsed parse(byte[] file) {
        return Corpus.parse(new ByteArrayInputStream(file), true);
    }

    private static List<String> describe(List<Key> keys) {
        List<String> out = new ArrayList<>();
        for (Key k : keys) {
            out.add(k.db + ":" + k.name + ":" + k.logical + ":" + k.expireAtMs + ":" + k.value);
        }
        return out;
    }

    @Test
    void parsesTheSample() {
        Parsed p = parse(sample());
        assertThat(p.rdbVersion).isEqualTo(9);
        assertThat(p.aux).containsEntry("redis-ver", "5.0.0");
        assertThat(describe(p.keys)).containsExactly(
                "0:k1:string:-1:v1",
                "0:k2:string:1700000000000:v2",
                "0:list:list:-1:[a, b, c]",
                "5:set:set:-1:[x, y]",
                "5:hash:hash:-1:{f=v}",
                "5:int:string:-1:123");
    }

    @ParameterizedTest
    @ValueSource(strings = {"redis/encodings.rdb", "redis/list-quicklist.rdb", "redis/hash-zipmap.rdb", "redis/zset-ziplist.rdb"})
    void skipValueReturnsTheLengthCaptureValueReads(String file) throws Exception {
        byte[] bytes = Files.readAllBytes(Corpus.file(file));
        RdbParser skipping = RdbParser.open(new ByteArrayInputStream(bytes));
        RdbParser capturing = RdbParser.open(new ByteArrayInputStream(bytes));
        int keys = 0;
        for (RdbRecord a; (a = skipping.next()) != null; ) {
            RdbRecord b = capturing.next();
            if (a instanceof KeyRecord) {
                assertThat(skipping.skipValue()).as(((KeyRecord) a).printableKey()).isEqualTo(capturing.captureValue().length);
                keys++;
            }
            assertThat(skipping.position()).isEqualTo(capturing.position());
        }
        assertThat(keys).isPositive();
    }

    // ---- header -------------------------------------------------------------------------------

    @Test
    void headerErrors() {
        assertThatThrownBy(() -> parse(new byte[0])).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("shorter than the 9-byte RDB header");
        assertThatThrownBy(() -> parse(new Rdb("REDIX0009").end())).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("bad magic").hasMessageContaining("not an RDB snapshot");
        assertThatThrownBy(() -> parse(new Rdb("REDIS00x9").end())).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("bad version digits");
        assertThatThrownBy(() -> parse(new Rdb("REDIS0000").end())).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("unsupported RDB version 0");
        assertThatThrownBy(() -> parse(new Rdb("REDIS0013").end())).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("unsupported RDB version 13");
        assertThatThrownBy(() -> parse(new Rdb("VALKEY080").end())).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("Valkey");
        assertThat(parse(new Rdb("REDIS0001").end()).keys).isEmpty();
    }

    // ---- truncation ---------------------------------------------------------------------------

    @Test
    void everyTruncationFailsWithAnEndOfInputError() {
        byte[] file = sample();
        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> {
            for (int len = 0; len < file.length; len++) {
                byte[] cut = Arrays.copyOf(file, len);
                Throwable t = catchThrowable(() -> parse(cut));
                assertThat(t).as("truncated to %d of %d bytes", len, file.length).isInstanceOf(RdbFormatException.class);
                assertThat(t.getMessage()).as("truncated to %d bytes", len)
                        .containsAnyOf("end of input", "shorter than the 9-byte RDB header");
                if (len >= 9) {
                    assertThat(((RdbFormatException) t).offset()).isBetween(0L, (long) len);
                }
            }
        });
    }

    @Test
    void everyTruncationOfACorpusFileFailsCleanly() throws Exception {
        // Real encodings (ziplist, intset, zipmap, quicklist, LZF) cut at every byte.
        byte[] file = Files.readAllBytes(Corpus.file("redis/encodings.rdb"));
        byte[] v9 = Files.readAllBytes(Corpus.file("redis-replicator/dump-stream.rdb"));
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (byte[] f : List.of(file, v9)) {
                for (int len = 9; len < f.length; len++) {
                    byte[] cut = Arrays.copyOf(f, len);
                    Throwable t = catchThrowable(() -> parse(cut));
                    if (t == null) {
                        // RDB v4 has no CRC: a cut just before the EOF opcode's end cannot be noticed
                        assertThat(len).isGreaterThanOrEqualTo(f.length - 1);
                        continue;
                    }
                    assertThat(t).as("cut at %d", len).isInstanceOf(RdbFormatException.class);
                }
            }
        });
    }

    // ---- hostile lengths ------------------------------------------------------------------------

    @Test
    void hugeStringLengthFailsFastWithoutAllocatingIt() {
        byte[] file = Rdb.v(9).b(0).str("k").b(0x80).b(0x78, 0x00, 0x00, 0x00).raw(new byte[80]).bytes(); // 2 GB claimed
        assertThat(file.length).isLessThan(120);
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> parse(file)).isInstanceOf(RdbFormatException.class).hasMessageContaining("end of input"));
    }

    @Test
    void lengthsBeyondWhatRedisCanStoreAreRejected() {
        byte[] huge64 = Rdb.v(9).b(0).str("k").b(0x81).b(0x7f, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff).raw(new byte[20]).bytes();
        assertThatThrownBy(() -> parse(huge64)).isInstanceOf(RdbFormatException.class).hasMessageContaining("beyond what Redis can store");
        // LZF: 3 compressed bytes claiming to expand to 1 GB
        byte[] lzf = Rdb.v(9).b(0).str("k").b(0xc3).b(3).b(0x80, 0x40, 0x00, 0x00, 0x00).b(0, 1, 2).end();
        assertThatThrownBy(() -> parse(lzf)).isInstanceOf(RdbFormatException.class).hasMessageContaining("cannot expand");
        // a list claiming 2^31 - 1 elements in a tiny file
        byte[] list = Rdb.v(9).b(1).str("l").b(0x80).b(0x7f, 0xff, 0xff, 0xff).str("a").bytes();
        assertTimeoutPreemptively(Duration.ofSeconds(5), () ->
                assertThatThrownBy(() -> parse(list)).isInstanceOf(RdbFormatException.class).hasMessageContaining("end of input"));
    }

    @ParameterizedTest
    @ValueSource(ints = {8, 26, 27, 30, 100, 199, 243})
    void unknownTypeByte(int type) {
        byte[] file = Rdb.v(9).b(type).str("k").str("v").end();
        assertThatThrownBy(() -> parse(file)).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("unknown opcode or value type " + type)
                .satisfies(e -> assertThat(((RdbFormatException) e).offset()).isEqualTo(9));
    }

    @Test
    void unknownStringEncoding() {
        byte[] file = Rdb.v(9).b(0).str("k").b(0xc4).raw(new byte[8]).end();
        assertThatThrownBy(() -> parse(file)).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("unknown string encoding 4").hasMessageContaining("key 'k'");
    }

    // ---- checksum -----------------------------------------------------------------------------

    @Test
    void crcMismatchIsDetectedAndCanBeSwitchedOff() {
        byte[] file = sample();
        byte[] bad = file.clone();
        bad[21] ^= 0x01; // inside the AUX value "5.0.0" -> "4.0.0": still well formed
        assertThatThrownBy(() -> parse(bad)).isInstanceOf(RdbFormatException.class).hasMessageContaining("checksum mismatch")
                .satisfies(e -> assertThat(((RdbFormatException) e).offset()).isEqualTo(file.length - 8));
        assertThat(Corpus.parse(new ByteArrayInputStream(bad), false).keys).hasSize(6);
        byte[] zero = file.clone();
        Arrays.fill(zero, file.length - 8, file.length, (byte) 0);
        assertThat(parse(zero).keys).as("CRC 0 means the writer had checksums off").hasSize(6);
    }

    // ---- resume -------------------------------------------------------------------------------

    @Test
    void resumeAfterEveryKeyOfTheSample() throws Exception {
        checkResume(sample());
    }

    @Test
    void resumeAfterEveryKeyOfACorpusFile() throws Exception {
        // two dbs, v6 with CRC
        checkResume(Files.readAllBytes(Corpus.file("redis-replicator/dumpV6.rdb")));
    }

    private static void checkResume(byte[] file) throws Exception {
        Parsed whole = parse(file);
        List<String> all = describe(whole.keys);
        List<ResumePoint> points = new ArrayList<>();
        RdbParser p = RdbParser.open(new ByteArrayInputStream(file));
        for (RdbRecord r; (r = p.next()) != null; ) {
            if (r instanceof KeyRecord) {
                points.add(p.resumePoint());
            }
        }
        assertThat(points).hasSize(all.size());
        for (int n = 0; n < points.size(); n++) {
            ResumePoint point = points.get(n);
            InputStream in = new ByteArrayInputStream(file);
            assertThat(in.skip(point.offset())).isEqualTo(point.offset());
            RdbParser resumed = RdbParser.resume(in, point, true);
            Parsed rest = collect(resumed, whole.rdbVersion);
            assertThat(describe(rest.keys)).as("after key %d", n).isEqualTo(all.subList(n + 1, all.size()));
            assertThat(resumed.position()).isEqualTo(file.length);

            // the CRC carried in the point covers the part before it: damage there is still detected
            if (n == points.size() / 2 && n > 0) {
                byte[] bad = file.clone();
                bad[bad.length - 1] ^= 1;
                InputStream badIn = new ByteArrayInputStream(bad);
                badIn.skip(point.offset());
                assertThatThrownBy(() -> collect(RdbParser.resume(badIn, point, true), whole.rdbVersion))
                        .isInstanceOf(RdbFormatException.class).hasMessageContaining("checksum mismatch");
                ResumePoint wrongCrc = new ResumePoint(point.offset(), point.db(), point.crc() ^ 1, point.rdbVersion());
                InputStream in2 = new ByteArrayInputStream(file);
                in2.skip(point.offset());
                assertThatThrownBy(() -> collect(RdbParser.resume(in2, wrongCrc, true), whole.rdbVersion))
                        .isInstanceOf(RdbFormatException.class).hasMessageContaining("checksum mismatch");
            }
        }
    }

    private static Parsed collect(RdbParser p, int version) {
        Parsed out = new Parsed(version);
        for (RdbRecord r; (r = p.next()) != null; ) {
            if (r instanceof KeyRecord k) {
                Corpus.Collector c = new Corpus.Collector();
                p.decodeValue(c);
                out.keys.add(new Key(k, c.value(k.type()), c));
            }
        }
        return out;
    }
}
