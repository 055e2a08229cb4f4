package dev.ferry.testing;

import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.ferry.local.LocalRedisCluster;
import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisCluster;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One real Redis Cluster per test class, emptied before each test:
 *
 * <pre>{@code
 * @RegisterExtension
 * static RedisClusterExtension redis = RedisClusterExtension.redis70(3, 1);
 *
 * @Test
 * void something() {
 *     try (JedisCluster c = redis.client()) { ... }
 * }
 * }</pre>
 *
 * <p>Register it on a {@code static} field: the cluster starts in beforeAll and stops in afterAll. Before each test
 * it resumes paused and restarts killed nodes, waits until the cluster has settled and runs FLUSHALL on every master.
 * Failovers and slot migrations of earlier tests are not undone: tests find masters through
 * {@link LocalRedisCluster#masters()} and {@link LocalRedisCluster#nodeForSlot(int)}, not by start order.
 */
public final class RedisClusterExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final Supplier<RedisBinary> binary;
    private final int masters;
    private final int replicasPerMaster;
    private volatile LocalRedisCluster cluster;
    private volatile String ownerId;

    private RedisClusterExtension(Supplier<RedisBinary> binary, int masters, int replicasPerMaster) {
        this.binary = binary;
        this.masters = masters;
        this.replicasPerMaster = replicasPerMaster;
    }

    /** A cluster of the embedded Redis 7.0.15. */
    public static RedisClusterExtension redis70(int masters, int replicasPerMaster) {
        return new RedisClusterExtension(RedisBinary::redis70, masters, replicasPerMaster);
    }

    /** A cluster of the embedded Redis 6.2 (no CLUSTER SHARDS, no ADDSLOTSRANGE). */
    public static RedisClusterExtension redis62(int masters, int replicasPerMaster) {
        return new RedisClusterExtension(RedisBinary::redis62, masters, replicasPerMaster);
    }

    /** The running cluster; fails outside the class's lifetime. */
    public LocalRedisCluster cluster() {
        LocalRedisCluster c = cluster;
        if (c == null) {
            throw new IllegalStateException("redis cluster not started: register RedisClusterExtension with "
                    + "@RegisterExtension on a static field");
        }
        return c;
    }

    /** A Jedis cluster client seeded with a master; the caller closes it. */
    public JedisCluster client() {
        return new JedisCluster(HostAndPort.from(cluster().seedAddress()));
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (cluster == null) {
            cluster = LocalRedisCluster.start(binary.get(), masters, replicasPerMaster);
            ownerId = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (cluster != null && context.getUniqueId().equals(ownerId)) {
            try {
                cluster.close();
            } finally {
                cluster = null;
                ownerId = null;
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LocalRedisCluster c = cluster();
        for (LocalRedisServer n : c.nodes()) {
            if (n.isPaused()) {
                n.resume();
            }
            if (!n.isRunning()) {
                n.restart();
            }
        }
        c.awaitSettled();
        // every node: after a failover in the previous test, which ones are masters may differ from the list's idea;
        // a replica refuses (READONLY) and is emptied through its master's FLUSHALL
        for (LocalRedisServer m : c.nodes()) {
            try (Jedis j = m.jedis()) {
                j.flushAll();
            } catch (JedisException e) {
                if (!String.valueOf(e.getMessage()).startsWith("READONLY")) {
                    throw new IllegalStateException("cannot FLUSHALL " + m, e);
                }
            }
        }
    }
}
