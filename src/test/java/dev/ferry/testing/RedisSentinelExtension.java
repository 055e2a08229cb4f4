package dev.ferry.testing;

import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.LocalSentinel;
import dev.ferry.local.RedisBinary;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One master with a replica and three Sentinels per test class, emptied before each test:
 *
 * <pre>{@code
 * @RegisterExtension
 * static RedisSentinelExtension redis = RedisSentinelExtension.redis70();
 *
 * @Test
 * void something() {
 *     LocalSentinel s = redis.sentinel(); // s.sentinelAddresses(), s.masterName(), s.currentMaster(), s.failover()
 * }
 * }</pre>
 *
 * <p>Register it on a {@code static} field: the processes start in beforeAll and stop in afterAll. Before each test
 * it resumes paused and restarts stopped processes (a data node as a replica of the current master), waits until the
 * Sentinels have settled and runs FLUSHALL on the current master. Failovers of earlier tests are not undone: find the master with
 * {@link LocalSentinel#currentMaster()}.
 */
public final class RedisSentinelExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final Supplier<RedisBinary> binary;
    private final String dataPassword;
    private final String sentinelPassword;
    private volatile LocalSentinel sentinel;
    private volatile String ownerId;

    private RedisSentinelExtension(Supplier<RedisBinary> binary, String dataPassword, String sentinelPassword) {
        this.binary = binary;
        this.dataPassword = dataPassword;
        this.sentinelPassword = sentinelPassword;
    }

    /** The embedded Redis 7.0.15 for data nodes and Sentinels. */
    public static RedisSentinelExtension redis70() {
        return new RedisSentinelExtension(RedisBinary::redis70, null, null);
    }

    /** The embedded Redis 6.2 for data nodes and Sentinels. */
    public static RedisSentinelExtension redis62() {
        return new RedisSentinelExtension(RedisBinary::redis62, null, null);
    }

    /** A copy whose data nodes and Sentinels require these passwords. */
    public RedisSentinelExtension withPasswords(String data, String sentinels) {
        return new RedisSentinelExtension(binary, data, sentinels);
    }

    /** The running setup; fails outside the class's lifetime. */
    public LocalSentinel sentinel() {
        LocalSentinel s = sentinel;
        if (s == null) {
            throw new IllegalStateException("sentinels not started: register RedisSentinelExtension with "
                    + "@RegisterExtension on a static field");
        }
        return s;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (sentinel == null) {
            sentinel = LocalSentinel.builder(binary.get()).dataPassword(dataPassword).sentinelPassword(sentinelPassword)
                    .start();
            ownerId = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (sentinel != null && context.getUniqueId().equals(ownerId)) {
            try {
                sentinel.close();
            } finally {
                sentinel = null;
                ownerId = null;
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LocalSentinel s = sentinel();
        for (LocalRedisServer n : s.sentinels()) {
            if (n.isPaused()) {
                n.resume();
            }
            if (!n.isRunning()) {
                n.restart();
            }
        }
        for (LocalRedisServer n : s.dataNodes()) {
            if (n.isPaused()) {
                n.resume();
            }
        }
        // first let the Sentinels finish replacing a killed master
        s.awaitSettled();
        LocalRedisServer master = s.currentMaster();
        List<LocalRedisServer> stopped = s.dataNodes().stream().filter(n -> !n.isRunning()).toList();
        for (LocalRedisServer n : stopped) {
            n.restart();
            // what Sentinel would do at its next INFO poll of the node, up to 10 s later
            try (Jedis j = n.jedis()) {
                j.replicaof(master.host(), master.port());
            }
        }
        if (!stopped.isEmpty()) {
            s.awaitSettled();
        }
        try (Jedis j = master.jedis()) {
            j.flushAll();
        } catch (JedisException e) {
            throw new IllegalStateException("cannot FLUSHALL " + master, e);
        }
    }
}
