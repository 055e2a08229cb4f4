package dev.ferry.sink;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.testing.RedisServerExtension;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * For tests of what the writer asks a target about its keys, where Redis 7.0 (PEXPIRETIME) and 6.2 (PTTL only)
 * answer differently: a parameterized test takes {@code @MethodSource("targets")}.
 */
abstract class OnBothTargetVersions {
    /** An expiry an hour away, for keys the tests let the target expire. */
    static final long EXPIRE_AT = System.currentTimeMillis() + 3_600_000;

    @RegisterExtension
    static RedisServerExtension redis70 = RedisServerExtension.redis70();

    @RegisterExtension
    static RedisServerExtension redis62 = RedisServerExtension.redis62();

    static Stream<RedisServerExtension> targets() {
        return Stream.of(redis70, redis62);
    }

    static StandaloneChannel<Object> channel(LocalRedisServer s) {
        return new StandaloneChannel<>(new RedisEndpoint(LocalRedisServer.HOST, s.port(), null, null, TlsSettings.OFF,
                "[redis_writer]"), 10_000);
    }
}
