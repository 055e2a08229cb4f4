package dev.ferry.sink.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import dev.ferry.local.LocalRedisCluster;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import dev.ferry.resp.RedisConnectException;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.sink.TargetTopologyException;
import dev.ferry.testing.RedisClusterExtension;
import dev.ferry.testing.TestData;
import redis.clients.jedis.Jedis;

/** SlotMapLoader against a real cluster of each Redis version (subclasses pick it). */
abstract class SlotMapLoaderContract {

    static final String SECTION = "target [redis_writer]";

    abstract RedisClusterExtension redis();

    abstract RedisBinary binary();

    LocalRedisCluster cluster() {
        return redis().cluster();
    }

    static RedisEndpoint endpoint(String host, int port) {
        return new RedisEndpoint(host, port, null, null, TlsSettings.OFF, SECTION);
    }

    static RedisEndpoint endpoint(LocalRedisServer node) {
        return endpoint(node.host(), node.port());
    }

    @Test
    void mapsEverySlotToTheMasterServingItWithItsReplicas() {
        SlotMap map = SlotMapLoader.load(endpoint(cluster().masters().get(0)));

        assertMatchesCluster(map);
        assertThat(map.unservedSlots()).isZero();
        assertThat(map.nodes()).hasSize(6).doesNotHaveDuplicates();
        assertThat(map.masters()).extracting(RedisEndpoint::port)
                .containsExactlyElementsOf(cluster().masters().stream().map(LocalRedisServer::port).toList());
    }

    @Test
    void everyNodeIncludingReplicasGivesTheSameMap() {
        SlotMap expected = SlotMapLoader.load(endpoint(cluster().masters().get(0)));
        for (LocalRedisServer node : cluster().nodes()) {
            assertThat(SlotMapLoader.load(endpoint(node))).as("map from %s", node.address()).isEqualTo(expected);
        }
    }

    @Test
    void followsSlotsMigratedToAnotherMaster() {
        LocalRedisServer from = cluster().nodeForSlot(0);
        LocalRedisServer to = cluster().nodeForSlot(16383);
        cluster().migrateSlots(from, to, 0, 99);
        try {
            SlotMap map = SlotMapLoader.load(endpoint(from));

            assertMatchesCluster(map);
            assertThat(map.master(0).port()).isEqualTo(to.port());
            assertThat(map.master(99).port()).isEqualTo(to.port());
            assertThat(map.master(100).port()).isEqualTo(from.port());
            assertThat(map.shard(0).ranges()).contains(new SlotMap.SlotRange(0, 99));
            assertThat(map.shard(100).ranges()).startsWith(new SlotMap.SlotRange(100, map.shard(100).ranges()
                    .get(0).last()));
        } finally {
            cluster().migrateSlots(to, from, 0, 99);
        }
    }

    @Test
    void followsAFailover() {
        LocalRedisServer master = cluster().nodeForSlot(5461);
        LocalRedisServer promoted = cluster().failover(master);

        SlotMap map = SlotMapLoader.load(endpoint(master));

        assertMatchesCluster(map);
        assertThat(map.master(5461).port()).isEqualTo(promoted.port());
        assertThat(map.shard(5461).replicas()).extracting(RedisEndpoint::port).containsExactly(master.port());
    }

    @Test
    void leavesOutAFailedReplica() {
        LocalRedisServer replica = cluster().replicas().get(0);
        cluster().kill(replica);
        cluster().awaitSettled();

        SlotMap map = SlotMapLoader.load(endpoint(cluster().masters().get(0)));

        assertThat(map.nodes()).hasSize(5).extracting(RedisEndpoint::port).doesNotContain(replica.port());
        assertThat(map.unservedSlots()).isZero();
    }

    @Test
    void skipsUnreachableSeeds() throws IOException {
        RedisEndpoint nobody = endpoint(LocalRedisServer.HOST, closedPort());
        RedisEndpoint seed = endpoint(cluster().masters().get(1));

        assertThat(SlotMapLoader.load(List.of(nobody, seed))).isEqualTo(SlotMapLoader.load(seed));
        assertThatThrownBy(() -> SlotMapLoader.load(List.of(nobody, endpoint(LocalRedisServer.HOST, closedPort()))))
                .isInstanceOf(RedisConnectException.class)
                .hasMessageContaining("no node of the target [redis_writer] cluster answered")
                .hasMessageContaining(nobody.address());
    }

    @Test
    void logsInWithTheSeedsCredentialsAndGivesThemToEveryNode() {
        List<LocalRedisServer> nodes = cluster().nodes();
        nodes.forEach(n -> acl(n, "SETUSER", "ferry", "on", ">s3cret", "~*", "&*", "+@all"));
        try {
            RedisEndpoint seed = new RedisEndpoint(LocalRedisServer.HOST, nodes.get(0).port(), "ferry", "s3cret", TlsSettings.OFF,
                    SECTION);
            SlotMap map = SlotMapLoader.load(seed);
            assertThat(map.nodes()).allSatisfy(n -> {
                assertThat(n.username()).isEqualTo("ferry");
                assertThat(n.password()).isEqualTo("s3cret");
                assertThat(n.configSection()).isEqualTo(SECTION);
            });

            RedisEndpoint wrong = new RedisEndpoint(LocalRedisServer.HOST, nodes.get(0).port(), "ferry", "nope", TlsSettings.OFF,
                    SECTION);
            assertThatThrownBy(() -> SlotMapLoader.load(wrong))
                    .isInstanceOf(RedisConnectException.class)
                    .hasMessageContaining("authentication to target [redis_writer] at " + wrong.address() + " failed")
                    .hasMessageNotContaining("nope");
        } finally {
            nodes.forEach(n -> acl(n, "DELUSER", "ferry"));
        }
    }

    @Test
    void aNodeThatDoesNotKnowItsAddressIsReachedThroughTheSeedsHost() {
        try (LocalRedisServer lone = LocalRedisServer.start(binary(), null,
                List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf"))) {
            try (Jedis j = lone.jedis()) {
                j.clusterAddSlots(IntStream.range(0, Slots.COUNT).toArray());
                assertThat(j.clusterNodes()).as("a node never met announces no address").contains(" :" + lone.port());
            }

            SlotMap map = SlotMapLoader.load(endpoint(LocalRedisServer.HOST, lone.port()));

            assertThat(map.masters()).containsExactly(endpoint(lone));
            assertThat(map.shard(0).ranges()).containsExactly(new SlotMap.SlotRange(0, Slots.COUNT - 1));
        }
    }

    @Test
    void aStandaloneServerIsRefusedWithTheSettingToChange() {
        try (LocalRedisServer standalone = LocalRedisServer.start(binary())) {
            assertThatThrownBy(() -> SlotMapLoader.load(endpoint(standalone)))
                    .isInstanceOf(TargetTopologyException.class)
                    .hasMessageStartingWith("target [redis_writer] at " + standalone.address() + " is not a cluster node")
                    .hasMessageContaining("set cluster = false");
        }
    }

    /** Every master and replica of the map is the cluster's, checked at each range's edges and every 97th slot. */
    void assertMatchesCluster(SlotMap map) {
        TreeSet<Integer> probes = new TreeSet<>();
        IntStream.iterate(0, s -> s < Slots.COUNT, s -> s + 97).forEach(probes::add);
        for (SlotMap.Shard shard : map.shards()) {
            for (SlotMap.SlotRange r : shard.ranges()) {
                probes.addAll(List.of(r.first(), r.last()));
            }
        }
        probes.add(Slots.COUNT - 1);
        for (int slot : probes) {
            assertThat(map.master(slot).port()).as("master of slot %d", slot)
                    .isEqualTo(cluster().nodeForSlot(slot).port());
        }
        for (SlotMap.Shard shard : map.shards()) {
            List<Integer> expected = new ArrayList<>();
            for (LocalRedisServer r : cluster().replicas()) {
                if (cluster().masterOf(r).port() == shard.master().port()) {
                    expected.add(r.port());
                }
            }
            assertThat(shard.replicas()).extracting(RedisEndpoint::port).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(shard.master().host()).isEqualTo(LocalRedisServer.HOST);
        }
    }

    private static void acl(LocalRedisServer node, String... args) {
        try (Jedis j = node.jedis()) {
            TestData.cmd(j, "ACL", (Object[]) args);
        }
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LocalRedisServer.HOST))) {
            return s.getLocalPort();
        }
    }
}
