package dev.ferry.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.ferry.sink.cluster.SlotTags;
import dev.ferry.testing.RedisClusterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;

/** What LocalRedisCluster promises, on each Redis version (subclasses pick it). */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class LocalRedisClusterContract {

    abstract RedisClusterExtension redis();

    private LocalRedisCluster cluster() {
        return redis().cluster();
    }

    @Test
    @Order(1)
    void startsWithEvenSlotRangesAndOneReplicaPerMaster() {
        LocalRedisCluster cluster = cluster();
        List<LocalRedisServer> masters = cluster.masters();
        assertThat(masters).hasSize(3);
        assertThat(cluster.replicas()).hasSize(3);
        assertThat(cluster.replicas()).extracting(cluster::masterOf).containsExactlyInAnyOrderElementsOf(masters);
        int[][] ranges = {{0, 5460}, {5461, 10921}, {10922, 16383}};
        for (int i = 0; i < 3; i++) {
            assertThat(cluster.nodeForSlot(ranges[i][0])).isSameAs(masters.get(i));
            assertThat(cluster.nodeForSlot(ranges[i][1])).isSameAs(masters.get(i));
        }
        for (LocalRedisServer n : cluster.nodes()) {
            assertThat(n.port()).isNotEqualTo(6379).isLessThanOrEqualTo(55535);
            try (Jedis j = n.jedis()) {
                assertThat(j.clusterInfo()).contains("cluster_state:ok", "cluster_slots_assigned:16384",
                        "cluster_known_nodes:6");
            }
        }
        assertThat(cluster.masters()).extracting(LocalRedisServer::address).contains(cluster.seedAddress());
    }

    @Test
    void aClusterClientSpreadsKeysOverAllMasters() {
        try (JedisCluster client = redis().client()) {
            for (int i = 0; i < 300; i++) {
                client.set("key:" + i, "v" + i);
            }
        }
        long total = 0;
        for (LocalRedisServer m : cluster().masters()) {
            try (Jedis j = m.jedis()) {
                assertThat(j.dbSize()).as("keys on %s", m.address()).isPositive();
                total += j.dbSize();
            }
        }
        assertThat(total).isEqualTo(300);
    }

    @Test
    void failoverPromotesTheReplicaAndKeepsEveryAcknowledgedWrite() {
        LocalRedisCluster cluster = cluster();
        LocalRedisServer master = cluster.nodeForSlot(0);
        LocalRedisServer replica = replicaOf(master);
        try (JedisCluster client = redis().client()) {
            for (int i = 0; i < 500; i++) {
                client.set("{" + SlotTags.tag(i % 50) + "}:" + i, "v" + i);
            }
        }

        assertThat(cluster.failover(master)).isSameAs(replica);

        assertThat(cluster.nodeForSlot(0)).isSameAs(replica);
        assertThat(cluster.masterOf(master)).isSameAs(replica);
        assertThat(cluster.masters()).contains(replica).doesNotContain(master);
        assertThat(cluster.replicas()).contains(master);
        try (JedisCluster client = redis().client()) {
            for (int i = 0; i < 500; i++) {
                assertThat(client.get("{" + SlotTags.tag(i % 50) + "}:" + i)).isEqualTo("v" + i);
            }
        }
    }

    @Test
    void migrateSlotsMovesKeysWhileAClientKeepsWriting() throws Exception {
        LocalRedisCluster cluster = cluster();
        LocalRedisServer from = cluster.nodeForSlot(0);
        LocalRedisServer to = cluster.masters().stream().filter(m -> m != from).findFirst().orElseThrow();
        int slots = 100;
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<Throwable> writerFailure = new AtomicReference<>();
        List<String> acknowledged = new ArrayList<>();
        Thread writer = new Thread(() -> {
            try (JedisCluster client = redis().client()) {
                for (int i = 0; i < 3000 || !stop.get(); i++) {
                    String key = "{" + SlotTags.tag(i % slots) + "}:" + i;
                    client.set(key, key);
                    synchronized (acknowledged) {
                        acknowledged.add(key);
                    }
                }
            } catch (Throwable t) {
                writerFailure.set(t);
            }
        }, "cluster-writer");
        writer.start();
        while (size(acknowledged) < 1000 && writer.isAlive()) {
            Thread.sleep(5);
        }

        int writtenBefore = size(acknowledged);
        cluster.migrateSlots(from, to, 0, slots - 1);
        int writtenAfter = size(acknowledged);
        stop.set(true);
        writer.join(30_000);

        assertThat(writerFailure.get()).isNull();
        assertThat(writtenAfter).as("writes acknowledged while the slots moved").isGreaterThan(writtenBefore);
        for (int slot = 0; slot < slots; slot++) {
            assertThat(cluster.nodeForSlot(slot)).isSameAs(to);
        }
        assertThat(cluster.nodeForSlot(slots)).isSameAs(from);
        try (Jedis source = from.jedis(); Jedis target = to.jedis()) {
            for (int slot = 0; slot < slots; slot++) {
                assertThat(source.clusterCountKeysInSlot(slot)).isZero();
                assertThat(target.clusterCountKeysInSlot(slot)).isPositive();
            }
        }
        try (JedisCluster client = redis().client()) {
            for (String key : acknowledged) {
                assertThat(client.get(key)).as(key).isEqualTo(key);
            }
        }

        cluster.migrateSlots(to, from, 0, slots - 1);
        assertThat(cluster.nodeForSlot(0)).isSameAs(from);
        try (JedisCluster client = redis().client()) {
            assertThat(client.get(acknowledged.get(0))).isEqualTo(acknowledged.get(0));
        }
    }

    @Test
    void aKilledMasterIsReplacedByItsReplicaAndRejoinsAsReplicaAfterRestart() {
        LocalRedisCluster cluster = cluster();
        LocalRedisServer master = cluster.nodeForSlot(16383);
        LocalRedisServer replica = replicaOf(master);
        try (JedisCluster client = redis().client()) {
            client.set("{" + SlotTags.tag(16383) + "}", "kept");
        }
        try (Jedis j = master.jedis()) {
            assertThat(j.waitReplicas(1, 5000)).isEqualTo(1);
        }

        cluster.kill(master);
        cluster.awaitSettled();

        assertThat(cluster.nodeForSlot(16383)).isSameAs(replica);
        assertThat(cluster.masters()).doesNotContain(master);
        master.restart();
        cluster.awaitSettled();
        assertThat(cluster.masterOf(master)).isSameAs(replica);
        try (JedisCluster client = redis().client()) {
            assertThat(client.get("{" + SlotTags.tag(16383) + "}")).isEqualTo("kept");
        }
    }

    private LocalRedisServer replicaOf(LocalRedisServer master) {
        return cluster().replicas().stream().filter(r -> cluster().masterOf(r) == master).findFirst().orElseThrow();
    }

    private static int size(List<String> list) {
        synchronized (list) {
            return list.size();
        }
    }
}
