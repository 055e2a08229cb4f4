package dev.ferry.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ferry.testing.RedisSentinelExtension;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalSentinelITCase {

    @RegisterExtension
    static RedisSentinelExtension redis = RedisSentinelExtension.redis70();

    @Test
    @Order(1)
    void startsWithThreeSentinelsThatKnowTheMasterTheReplicaAndEachOther() throws Exception {
        LocalSentinel s = redis.sentinel();
        LocalRedisServer master = s.dataNodes().get(0);
        assertThat(s.currentMaster()).isSameAs(master);
        assertThat(s.replicas()).containsExactly(s.dataNodes().get(1));
        assertThat(s.masterName()).isEqualTo(LocalSentinel.DEFAULT_MASTER_NAME);
        assertThat(s.sentinelAddresses()).hasSize(3).doesNotHaveDuplicates();
        for (String address : s.sentinelAddresses()) {
            try (Jedis j = new Jedis(HostAndPort.from(address))) {
                assertThat(j.sentinelGetMasterAddrByName(s.masterName()))
                        .containsExactly(LocalRedisServer.HOST, Integer.toString(master.port()));
                Map<String, String> state = j.sentinelMaster(s.masterName());
                assertThat(state).containsEntry("num-other-sentinels", "2").containsEntry("num-slaves", "1")
                        .containsEntry("quorum", "2");
            }
        }
        List<LocalRedisServer> sentinels = s.sentinels();
        assertThat(sentinels).extracting(LocalRedisServer::dir).doesNotHaveDuplicates();
        for (LocalRedisServer sentinel : sentinels) {
            assertThat(Files.readString(sentinel.dir().resolve("sentinel.conf")))
                    .as("rewritten by the sentinel").contains("sentinel myid");
        }
    }

    @Test
    void failoverPromotesTheReplicaAndEverySentinelReportsIt() {
        LocalSentinel s = redis.sentinel();
        LocalRedisServer old = s.currentMaster();
        try (Jedis j = old.jedis()) {
            j.set("before-failover", "kept");
            assertThat(j.waitReplicas(1, 5000)).isEqualTo(1);
        }

        LocalRedisServer promoted = s.failover();

        assertThat(promoted).isNotSameAs(old);
        assertThat(s.currentMaster()).isSameAs(promoted);
        assertThat(s.replicas()).containsExactly(old);
        for (String address : s.sentinelAddresses()) {
            try (Jedis j = new Jedis(HostAndPort.from(address))) {
                assertThat(j.sentinelGetMasterAddrByName(s.masterName()).get(1))
                        .isEqualTo(Integer.toString(promoted.port()));
            }
        }
        try (Jedis j = promoted.jedis()) {
            assertThat(j.role().get(0)).isEqualTo("master");
            assertThat(j.get("before-failover")).isEqualTo("kept");
            assertThat(j.set("after-failover", "written")).isEqualTo("OK");
        }
        try (Jedis j = old.jedis()) {
            assertThat(j.role().get(0)).isEqualTo("slave");
        }
    }

    @Test
    void aSecondFailoverGoesBack() {
        LocalSentinel s = redis.sentinel();
        LocalRedisServer first = s.failover();
        LocalRedisServer second = s.failover();

        assertThat(second).isNotSameAs(first);
        assertThat(s.currentMaster()).isSameAs(second);
    }
}
