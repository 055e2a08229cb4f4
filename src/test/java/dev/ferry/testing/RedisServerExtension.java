package dev.ferry.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.RedisBinary;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * One real redis-server per test class, emptied before each test:
 *
 * <pre>{@code
 * @RegisterExtension
 * static RedisServerExtension redis = RedisServerExtension.redis70();
 *
 * @Test
 * void something() {
 *     try (Jedis j = redis.server().jedis()) { ... }
 * }
 * }</pre>
 *
 * <p>Register it on a {@code static} field: the server starts in beforeAll and stops in afterAll (nested test
 * classes share their outer class's server). Before each test it runs FLUSHALL, and on 7.0+ also FUNCTION FLUSH
 * (functions survive FLUSHALL), resumes a paused server and restarts a stopped one. Use
 * {@link #keepDataBetweenTests()} to skip that.
 */
public final class RedisServerExtension implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback {

    private final Supplier<RedisBinary> binary;
    private final List<String> args;
    private final boolean flushBeforeEach;
    private volatile LocalRedisServer server;
    private volatile String ownerId;

    private RedisServerExtension(Supplier<RedisBinary> binary, List<String> args, boolean flushBeforeEach) {
        this.binary = binary;
        this.args = List.copyOf(args);
        this.flushBeforeEach = flushBeforeEach;
    }

    /** The embedded Redis 7.0.15. */
    public static RedisServerExtension redis70() {
        return new RedisServerExtension(RedisBinary::redis70, List.of(), true);
    }

    /** The embedded Redis 6.2. */
    public static RedisServerExtension redis62() {
        return new RedisServerExtension(RedisBinary::redis62, List.of(), true);
    }

    /** redis-server on PATH, else the embedded 7.0. */
    public static RedisServerExtension preferred() {
        return new RedisServerExtension(RedisBinary::preferred, List.of(), true);
    }

    /** A copy that passes more redis-server arguments, e.g. {@code withArgs("--maxmemory", "50mb")}. */
    public RedisServerExtension withArgs(String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(List.of(more));
        return new RedisServerExtension(binary, all, flushBeforeEach);
    }

    /** A copy that does not FLUSHALL before each test (for classes that fill data once in beforeAll). */
    public RedisServerExtension keepDataBetweenTests() {
        return new RedisServerExtension(binary, args, false);
    }

    /** The running server; fails outside the class's lifetime. */
    public LocalRedisServer server() {
        LocalRedisServer s = server;
        if (s == null) {
            throw new IllegalStateException("redis server not started: register RedisServerExtension with "
                    + "@RegisterExtension on a static field");
        }
        return s;
    }

    /** Shortcut for {@code server().jedis()}; the caller closes it. */
    public Jedis jedis() {
        return server().jedis();
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (server == null) {
            server = LocalRedisServer.start(binary.get(), null, args);
            ownerId = context.getUniqueId();
        }
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (server != null && context.getUniqueId().equals(ownerId)) {
            try {
                server.close();
            } finally {
                server = null;
                ownerId = null;
            }
        }
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        LocalRedisServer s = server();
        if (s.isPaused()) {
            s.resume();
        }
        if (!s.isRunning()) {
            s.restart();
        }
        if (!flushBeforeEach) {
            return;
        }
        try (Jedis j = s.jedis()) {
            j.flushAll();
            if (s.versionNumber() >= 700) {
                TestData.cmd(j, "FUNCTION", "FLUSH");
            }
        } catch (JedisException e) {
            throw new IllegalStateException("cannot FLUSHALL " + s, e);
        }
    }
}
