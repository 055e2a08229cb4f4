package dev.ferry.verify.check;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The INFO and CONFIG GET texts ferry check reads, as Redis 7.0 prints them. */
class InfoParsingTest {
    @Test
    void outputBufferLimitsByClassWithTheReplicaClassUnderItsNewName() {
        Map<String, OutputBufferLimit> limits = OutputBufferLimit.parse("normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60");
        assertThat(limits.get("normal").effectiveBytes()).isZero();
        assertThat(limits.get("replica")).isEqualTo(new OutputBufferLimit(268435456, 67108864, 60));
        assertThat(limits.get("replica").effectiveBytes()).isEqualTo(67108864);
        assertThat(new OutputBufferLimit(1000, 0, 0).effectiveBytes()).isEqualTo(1000);
    }

    @Test
    void infoFieldsKeyspaceAndReplicas() {
        InfoReply r = InfoReply.parse("# Server\r\nredis_version:7.0.15\r\n# Memory\r\nused_memory:1234\r\nmaxmemory_policy:noeviction\r\n"
                + "# Replication\r\nrole:master\r\nslave0:ip=127.0.0.1,port=7001,state=online,offset=42,lag=0\r\n"
                + "# Keyspace\r\ndb0:keys=12,expires=1,avg_ttl=0\r\ndb5:keys=3,expires=0,avg_ttl=0\r\n");
        assertThat(r.get("redis_version")).isEqualTo("7.0.15");
        assertThat(r.number("used_memory")).hasValue(1234);
        assertThat(r.number("maxmemory_policy")).isEmpty();
        assertThat(r.keysPerDb()).containsExactly(Map.entry(0, 12L), Map.entry(5, 3L));
        assertThat(r.replicas()).containsExactly("127.0.0.1:7001 (online)");
    }

    @Test
    void rdbVersionWrittenByEachRedis() {
        assertThat(RdbVersions.writtenBy(602)).isEqualTo(9);
        assertThat(RdbVersions.writtenBy(700)).isEqualTo(10);
        assertThat(RdbVersions.writtenBy(702)).isEqualTo(11);
        assertThat(RdbVersions.writtenBy(704)).isEqualTo(12);
    }
}
