package dev.ferry.sink.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.resp.RedisConnection;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.sink.TargetTopologyException;
import dev.ferry.testing.RedisClusterExtension;
import redis.clients.jedis.Jedis;

/** Redis 7.0: CLUSTER SHARDS, cross-checked against CLUSTER SLOTS of the same cluster. */
class SlotMapLoaderITCase extends SlotMapLoaderContract {

    @RegisterExtension
    static RedisClusterExtension redis = RedisClusterExtension.redis70(3, 1);

    @Override
    RedisClusterExtension redis() {
        return redis;
    }

    @Override
    RedisBinary binary() {
        return RedisBinary.redis70();
    }

    @Test
    void clusterShardsAndClusterSlotsGiveTheSameMapEvenWithAFailedReplica() throws Exception {
        cluster().kill(cluster().replicas().get(1));
        cluster().awaitSettled();
        try (RedisConnection c = RedisConnection.open(endpoint(cluster().masters().get(0)), 5000)) {
            SlotMap fromShards = ClusterShardsReply.parse(c.call("CLUSTER", "SHARDS"), c.endpoint());
            SlotMap fromSlots = ClusterSlotsReply.parse(c.call("CLUSTER", "SLOTS"), c.endpoint());

            assertThat(fromShards).isEqualTo(fromSlots);
            assertThat(fromShards.nodes()).hasSize(5);
        }
    }

    @Test
    void unknownEndpointsAreReachedThroughTheSeedsHost() {
        setPreferredEndpointType("unknown-endpoint");
        try {
            LocalRedisServer seed = cluster().masters().get(0);
            SlotMap map = SlotMapLoader.load(new RedisEndpoint("localhost", seed.port(), null, null, TlsSettings.OFF, SECTION));

            assertThat(map.nodes()).hasSize(6).extracting(RedisEndpoint::host).containsOnly("localhost");
            assertThat(map.master(0).port()).isEqualTo(cluster().nodeForSlot(0).port());
        } finally {
            setPreferredEndpointType("ip");
        }
    }

    @Test
    void aMissingPasswordIsNamedAsSuch() {
        try (LocalRedisServer locked = LocalRedisServer.start(binary(), null,
                List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--requirepass", "pw"))) {
            assertThatThrownBy(() -> SlotMapLoader.load(endpoint(locked)))
                    .isInstanceOf(TargetTopologyException.class)
                    .hasMessageContaining("NOAUTH")
                    .hasMessageEndingWith("; set the password for target [redis_writer]");
        }
    }

    private void setPreferredEndpointType(String type) {
        for (LocalRedisServer n : cluster().nodes()) {
            try (Jedis j = n.jedis()) {
                j.configSet("cluster-preferred-endpoint-type", type);
            }
        }
    }
}
