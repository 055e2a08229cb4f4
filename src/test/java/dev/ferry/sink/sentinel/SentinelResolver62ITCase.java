package dev.ferry.sink.sentinel;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import dev.ferry.local.LocalRedisServer;
import dev.ferry.local.LocalSentinel;
import dev.ferry.resp.RedisEndpoint;
import dev.ferry.resp.tls.TlsSettings;
import dev.ferry.testing.RedisSentinelExtension;

/** Redis 6.2 Sentinels without passwords. */
class SentinelResolver62ITCase {

    @RegisterExtension
    static RedisSentinelExtension redis = RedisSentinelExtension.redis62();

    @Test
    void resolvesTheMasterAndFollowsAFailover() {
        LocalSentinel s = redis.sentinel();
        SentinelResolver resolver = SentinelResolver.builder()
                .sentinels(s.sentinels().stream()
                        .map(n -> new RedisEndpoint(n.host(), n.port(), null, null, TlsSettings.OFF, "sentinel")).toList())
                .masterName(s.masterName())
                .dataNodeLogin(null, null, TlsSettings.OFF, "target [redis_writer]")
                .build();

        RedisEndpoint before = resolver.resolve();
        assertThat(before.port()).isEqualTo(s.currentMaster().port());

        LocalRedisServer promoted = s.failover();

        assertThat(resolver.awaitNewMaster(before, Duration.ofSeconds(10)).port()).isEqualTo(promoted.port());
    }
}
