package dev.ferry.sink.rewrite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.RdbType;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.testing.RedisServerExtension;
import dev.ferry.testing.TestData;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class TargetProbeTest {
    @RegisterExtension
    static RedisServerExtension redis70 = RedisServerExtension.redis70();
    @RegisterExtension
    static RedisServerExtension redis62 = RedisServerExtension.redis62();

    @Test
    void redis70AcceptsRdbVersionsUpTo10AndLeavesNoKeyBehind() {
        TargetCapabilities c = Targets.probe(redis70.server());
        assertThat(c.redisVersion()).startsWith("7.0.");
        assertThat(c.versionNumber()).isEqualTo(700);
        assertThat(c.acceptedRdbVersions()).containsExactlyInAnyOrder(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(c.protoMaxBulkLen()).isEqualTo(512L * 1024 * 1024);
        assertThat(c.protoMaxBulkLenAssumed()).isFalse();
        assertThat(c.hasStreamCounters()).isTrue();
        assertThat(c.hasCreateConsumer()).isTrue();
        assertThat(c.hasHashFieldTtl()).isFalse();
        try (Jedis j = redis70.jedis()) {
            assertThat(j.dbSize()).isZero();
        }
    }

    @Test
    void redis62AcceptsRdbVersion9AndRefuses10And11() {
        TargetCapabilities c = Targets.probe(redis62.server());
        assertThat(c.redisVersion()).startsWith("6.2.");
        assertThat(c.acceptsRdbVersion(9)).isTrue();
        assertThat(c.acceptsRdbVersion(10)).isFalse();
        assertThat(c.acceptsRdbVersion(11)).isFalse();
        assertThat(c.hasStreamCounters()).isFalse();
        assertThat(c.hasCreateConsumer()).isTrue();
        try (Jedis j = redis62.jedis()) {
            assertThat(j.dbSize()).isZero();
        }
    }

    @Test
    void eachVersionIsAskedOnce() throws Exception {
        try (RedisConnection conn = Targets.connect(redis70.server()); Jedis j = redis70.jedis()) {
            j.configResetStat();
            TargetProbe probe = new TargetProbe(conn);
            assertThat(probe.acceptsRdbVersion(11)).isFalse();
            assertThat(probe.acceptsRdbVersion(10)).isTrue();
            assertThat(probe.acceptsRdbVersion(11)).isFalse();
            assertThat(probe.acceptsRdbVersion(10)).isTrue();
            assertThat(j.info("commandstats")).contains("cmdstat_restore:calls=2,");
        }
    }

    @Test
    void readsAConfiguredProtoMaxBulkLen() {
        try (Jedis j = redis70.jedis()) {
            j.configSet("proto-max-bulk-len", "2mb");
            try {
                assertThat(Targets.probe(redis70.server()).protoMaxBulkLen()).isEqualTo(2L << 20);
            } finally {
                j.configSet("proto-max-bulk-len", "512mb");
            }
        }
    }

    @Test
    void assumesRedisDefaultWhenConfigIsForbidden() throws Exception {
        try (Jedis j = redis70.jedis()) {
            TestData.cmd(j, "ACL", "SETUSER", "noconfig", "on", ">secret", "~*", "+@all", "-config");
            RedisEndpoint user = new RedisEndpoint(redis70.server().host(), redis70.server().port(), "noconfig", "secret",
                    TlsSettings.OFF, "[redis_writer]");
            try (RedisConnection conn = RedisConnection.open(user, 10_000)) {
                TargetCapabilities c = new TargetProbe(conn).capabilities();
                assertThat(c.protoMaxBulkLen()).isEqualTo(TargetCapabilities.REDIS_DEFAULT_PROTO_MAX_BULK_LEN);
                assertThat(c.protoMaxBulkLenAssumed()).isTrue();
                assertThat(c.acceptsRdbVersion(10)).isTrue();
            } finally {
                TestData.cmd(j, "ACL", "DELUSER", "noconfig");
            }
        }
    }

    @Test
    void needsCommandPathForPayloadsTooBigOrTooNewForTheTarget() {
        TargetCapabilities on62 = Targets.probe(redis62.server());
        try (Jedis j = redis70.jedis()) {
            j.set("s", "hello");
            j.hset("h", Map.of("f", "v"));
            byte[] string70 = j.dump(b("s"));
            byte[] listpackHash = j.dump(b("h"));
            assertThat(DumpPayload.rdbVersion(string70)).isEqualTo(10);

            assertThat(on62.commandPathReason(RdbType.HASH_LISTPACK, listpackHash)).contains(CommandPathReason.TYPE_UNKNOWN);
            assertThat(on62.commandPathReason(RdbType.STRING, string70)).contains(CommandPathReason.RDB_VERSION_TOO_NEW);
            byte[] restamped = DumpPayload.of(RdbType.STRING, DumpPayload.rawValue(string70), RdbType.minRdbVersion(RdbType.STRING));
            assertThat(on62.needsCommandPath(RdbType.STRING, restamped)).isFalse();

            TargetCapabilities small = new TargetCapabilities(on62.redisVersion(), on62.acceptedRdbVersions(), 8, false);
            assertThat(small.commandPathReason(RdbType.STRING, restamped)).contains(CommandPathReason.PAYLOAD_TOO_BIG);
        }
    }

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
