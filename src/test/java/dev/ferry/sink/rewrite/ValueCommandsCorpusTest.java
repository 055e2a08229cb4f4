package dev.ferry.sink.rewrite;

import static dev.ferry.sink.rewrite.ValueCommandsTest.b;
import static dev.ferry.sink.rewrite.ValueCommandsTest.texts;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.event.KeyEvent;
import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.RdbType;
import dev.ferry.source.RdbCorpus;
import dev.ferry.testing.RedisServerExtension;
import dev.ferry.testing.TestData;
import dev.ferry.testing.ValueSnapshot;
import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

/**
 * Payloads no test server here can produce: Redis 7.2 and 7.4 snapshots from the shared corpus (stream v3,
 * hashes with field TTLs) and hand-built ones, written to Redis 7.0 and 6.2, which cannot RESTORE them.
 */
class ValueCommandsCorpusTest {
    @RegisterExtension
    static RedisServerExtension redis70 = RedisServerExtension.redis70();
    @RegisterExtension
    static RedisServerExtension redis62 = RedisServerExtension.redis62();

    private static final RewriteLimits LIMITS = new RewriteLimits(100, 1 << 20);
    /** A Redis 7.4 as far as commands go; no such server is at hand, so these commands are checked as text. */
    private static final TargetCapabilities REDIS_74 = new TargetCapabilities("7.4.0",
            Set.copyOf(IntStream.rangeClosed(1, 12).boxed().toList()), TargetCapabilities.REDIS_DEFAULT_PROTO_MAX_BULK_LEN, false);

    static Stream<Arguments> targets() {
        return Stream.of(Arguments.of("7.0", redis70), Arguments.of("6.2", redis62));
    }

    /** librdb's stream_v11.rdb: a Redis 7.2 stream (type 21) with two groups, one consumer without pending entries. */
    @ParameterizedTest(name = "into {0}")
    @MethodSource("targets")
    void aRedis72StreamWithGroupsIsRebuiltOnOlderTargets(String name, RedisServerExtension target) {
        KeyEvent stream = only("librdb/stream_v11.rdb");
        assertThat(stream.rdbType()).isEqualTo(RdbType.STREAM_LISTPACKS_3);
        TargetCapabilities capabilities = Targets.probe(target.server());
        assertThat(capabilities.needsCommandPath(stream.rdbType(), stream.payload())).isTrue();

        Targets.apply(ValueCommands.of(stream.payload(), stream.key(), LIMITS, capabilities), target.server(), 0);

        try (Jedis j = target.jedis()) {
            Map<String, Object> v = ValueSnapshot.of(j, b("mystream"));
            assertThat((List<?>) v.get("entries")).hasSize(6);
            @SuppressWarnings("unchecked")
            Map<String, Object> info = (Map<String, Object>) v.get("info");
            assertThat(info).containsEntry("length", 6L).containsEntry("last-generated-id", "1695893015933-0");
            if (capabilities.hasStreamCounters()) {
                assertThat(info).containsEntry("entries-added", 6L).containsEntry("max-deleted-entry-id", "0-0");
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> groups = (List<Map<String, Object>>) v.get("groups");
            assertThat(groups).extracting(g -> g.get("name")).containsExactly("groupA", "groupB");
            Map<String, Object> a = groups.get(0);
            assertThat(a).containsEntry("last-delivered-id", "1695649446276-0").containsEntry("consumers", 2L)
                    .containsEntry("pending", 1L);
            if (capabilities.hasStreamCounters()) {
                assertThat(a).containsEntry("entries-read", 4L);
            }
            assertThat((List<?>) a.get("consumers-detail")).hasSize(2);
            assertThat(a.get("pel")).isEqualTo(List.of(List.of("1695649446276-0", "consumerA2", 1L)));
            List<?> pending = (List<?>) TestData.cmd(j, "XINFO", "STREAM", "mystream", "FULL");
            assertThat(ValueSnapshot.canon(pending).toString()).contains("1695649446276-0, 1695649446276, 1");
        }
    }

    /** Redis 7.4 hashes with field TTLs: HSET and one HPEXPIREAT per expiry time on 7.4; refused before. */
    @Test
    void hashFieldTtlsBecomeHpexpireatOnRedis74AndAreRefusedBefore() {
        KeyEvent metadata = only("hdt3213-rdb/hash_with_hfe.rdb");
        assertThat(metadata.rdbType()).isEqualTo(RdbType.HASH_METADATA);
        List<String> commands = texts(ValueCommands.of(metadata.payload(), metadata.key(), LIMITS, REDIS_74));
        assertThat(commands).hasSize(4);
        assertThat(commands.get(0)).startsWith("HSET hash-hfe ");
        assertThat(commands.get(0).split(" ")).hasSize(2 + 16).contains("F1", "V1", "F8", "V8");
        assertThat(commands.subList(1, 4)).containsExactlyInAnyOrder(
                "HPEXPIREAT hash-hfe 2755482424661 FIELDS 1 F1",
                "HPEXPIREAT hash-hfe 2755483429282 FIELDS 1 F2",
                "HPEXPIREAT hash-hfe 2755484433842 FIELDS 1 F3");

        KeyEvent listpack = only("librdb/hash_lp_with_hexpire_v12.rdb");
        assertThat(listpack.rdbType()).isEqualTo(RdbType.HASH_LISTPACK_EX_PRE_GA); // written by a 7.4 release candidate
        commands = texts(ValueCommands.of(listpack.payload(), listpack.key(), LIMITS, REDIS_74));
        assertThat(commands.get(0)).startsWith("HSET myhash ").contains("field1 value1", "field2 value2", "field3 value3");
        assertThat(commands.subList(1, commands.size())).allMatch(c -> c.matches("HPEXPIREAT myhash \\d+ FIELDS \\d+( field\\d)+"));

        TargetCapabilities on70 = Targets.probe(redis70.server());
        for (KeyEvent e : List.of(metadata, listpack)) {
            assertThatThrownBy(() -> ValueCommands.of(e.payload(), e.key(), LIMITS, on70))
                    .isInstanceOf(UnsupportedOnTargetException.class)
                    .hasMessageContaining("Redis 7.4+").hasMessageContaining(on70.redisVersion());
        }
    }

    /** A field-TTL encoding whose fields have no TTL left is a plain hash any target takes. */
    @ParameterizedTest(name = "into {0}")
    @MethodSource("targets")
    void aFieldTtlHashWithoutTtlsIsAPlainHash(String name, RedisServerExtension target) {
        // HASH_METADATA: smallest expiry (8 bytes LE), 2 fields, each TTL 0 ("none"), field, value.
        byte[] raw = concat(new byte[8], new byte[] {2, 0, 1, 'a', 1, '1', 0, 1, 'b', 1, '2'});
        byte[] payload = DumpPayload.of(RdbType.HASH_METADATA, raw, 12);
        Targets.apply(ValueCommands.of(payload, b("h"), LIMITS, Targets.probe(target.server())), target.server(), 0);
        try (Jedis j = target.jedis()) {
            assertThat(j.hgetAll("h")).isEqualTo(Map.of("a", "1", "b", "2"));
        }
    }

    @Test
    void aModuleValueIsUnsupported() {
        // MODULE_2: module id 1 (6-bit length), then the EOF opcode.
        byte[] payload = DumpPayload.of(RdbType.MODULE_2, new byte[] {1, 0}, 8);
        assertThatThrownBy(() -> ValueCommands.of(payload, b("m"), LIMITS, REDIS_74))
                .isInstanceOf(UnsupportedOnTargetException.class)
                .satisfies(e -> assertThat(((UnsupportedOnTargetException) e).reason()).contains("module value"));
    }

    private static KeyEvent only(String corpusFile) {
        List<KeyEvent> events = ValueSnapshot.parse(RdbCorpus.file(corpusFile));
        assertThat(events).hasSize(1);
        return events.get(0);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
