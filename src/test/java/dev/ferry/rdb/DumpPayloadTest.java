package dev.ferry.rdb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.rdb.value.ValueWalker;
import java.io.InputStream;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** DUMP payload framing: type + value + RDB version (LE) + CRC-64 (LE) over all of it. */
class DumpPayloadTest {

    @Test
    void matchesRedisDumpOfAnIntegerString() {
        // redis> SET mykey 10; DUMP mykey  (Redis 5, RDB 9): "\x00\xc0\n\t\x00\xbem\x06\x89Z(\x00\n"
        byte[] payload = DumpPayload.of(RdbType.STRING, new byte[] {(byte) 0xc0, 0x0a}, 9);
        assertThat(HexFormat.of().formatHex(payload)).isEqualTo("00c00a0900be6d06895a28000a");
        assertThat(DumpPayload.checksumValid(payload)).isTrue();
        assertThat(DumpPayload.type(payload)).isEqualTo(RdbType.STRING);
        assertThat(DumpPayload.rdbVersion(payload)).isEqualTo(9);
        assertThat(DumpPayload.rawValue(payload)).containsExactly(0xc0, 0x0a);
    }

    @Test
    void framingAndChecksum() {
        byte[] raw = {2, 'a', 'b'};
        byte[] payload = DumpPayload.of(RdbType.LIST_QUICKLIST_2, raw, 0x1234);
        assertThat(payload).hasSize(1 + raw.length + 10);
        assertThat(payload[0]).isEqualTo((byte) RdbType.LIST_QUICKLIST_2);
        assertThat(payload[4]).isEqualTo((byte) 0x34);
        assertThat(payload[5]).isEqualTo((byte) 0x12);
        assertThat(DumpPayload.rdbVersion(payload)).isEqualTo(0x1234);
        for (int i = 0; i < payload.length; i++) {
            byte[] bad = payload.clone();
            bad[i] ^= 0x40;
            assertThat(DumpPayload.checksumValid(bad)).as("flip at %d", i).isFalse();
        }
        assertThat(DumpPayload.checksumValid(DumpPayload.of(RdbType.STRING, new byte[0], 6))).isTrue();
        assertThatThrownBy(() -> DumpPayload.type(new byte[10])).isInstanceOf(RdbFormatException.class)
                .hasMessageContaining("shorter than its 11-byte framing");
    }

    @Test
    void capturedPayloadsDeclareTheOldestVersionThatReadsTheirEncoding() throws Exception {
        for (String path : List.of("redis/encodings.rdb", "kvrocks/encodings_ver10.rdb", "redis-replicator/dumpV11.rdb",
                "hdt3213-rdb/hash_as_listpack_with_hfe.rdb", "redis-rdb-tools/redis_50_with_streams.rdb",
                "redis-replicator/dump-module-2.rdb")) {
            Corpus.Parsed decoded = Corpus.parse(path);
            int i = 0;
            try (InputStream in = Corpus.open(path)) {
                RdbParser p = RdbParser.open(in);
                for (RdbRecord r; (r = p.next()) != null; ) {
                    if (!(r instanceof KeyRecord k)) {
                        continue;
                    }
                    byte[] payload = p.captureDumpPayload();
                    assertThat(DumpPayload.checksumValid(payload)).isTrue();
                    assertThat(DumpPayload.type(payload)).isEqualTo(k.type());
                    assertThat(DumpPayload.rdbVersion(payload)).as("%s %s", path, k.printableKey())
                            .isEqualTo(RdbType.minRdbVersion(k.type()))
                            .isLessThanOrEqualTo(p.rdbVersion() < 6 ? 6 : p.rdbVersion());
                    // the raw value decodes to what the streaming decoder saw
                    Corpus.Collector c = new Corpus.Collector();
                    byte[] raw = DumpPayload.rawValue(payload);
                    RdbInput rawIn = RdbInput.of(raw);
                    ValueWalker.decode(rawIn, k.type(), c);
                    assertThat(rawIn.position()).isEqualTo(raw.length);
                    Corpus.Key expected = decoded.keys.get(i++);
                    assertThat(Corpus.s(k.key())).isEqualTo(expected.name);
                    assertThat(c.value(k.type())).as("%s %s", path, expected.name).isEqualTo(expected.value);
                }
            }
            assertThat(i).isEqualTo(decoded.keys.size());
        }
    }

    @Test
    void minRdbVersionPerType() {
        assertThat(RdbType.minRdbVersion(RdbType.STRING)).isEqualTo(6);
        assertThat(RdbType.minRdbVersion(RdbType.LIST_QUICKLIST)).isEqualTo(7);
        assertThat(RdbType.minRdbVersion(RdbType.MODULE_2)).isEqualTo(8);
        assertThat(RdbType.minRdbVersion(RdbType.STREAM_LISTPACKS)).isEqualTo(9);
        assertThat(RdbType.minRdbVersion(RdbType.HASH_LISTPACK)).isEqualTo(10);
        assertThat(RdbType.minRdbVersion(RdbType.SET_LISTPACK)).isEqualTo(11);
        assertThat(RdbType.minRdbVersion(RdbType.HASH_LISTPACK_EX)).isEqualTo(12);
        assertThatThrownBy(() -> RdbType.minRdbVersion(RdbType.MODULE_PRE_GA)).isInstanceOf(RdbFormatException.class);
    }
}
