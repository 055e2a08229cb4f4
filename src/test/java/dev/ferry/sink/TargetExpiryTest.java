package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.event.KeyEvent;
import dev.ferry.rdb.RdbType;
import dev.ferry.testing.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.function.LongSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

/**
 * {@link TargetExpiry} against a Redis 7.0 target (PEXPIRETIME) and a 6.2 one (PTTL and this machine's clock), with
 * the key's expiry set by the target itself.
 */
class TargetExpiryTest extends OnBothTargetVersions {
    @ParameterizedTest
    @MethodSource("targets")
    void anExpiryWithinTheToleranceMatchesAndAnyOtherDoesNot(RedisServerExtension target) throws Exception {
        try (Jedis j = target.jedis()) {
            j.set("plain", "v");
            j.set("expiring", "v");
            j.pexpireAt("expiring", EXPIRE_AT);
        }
        try (StandaloneChannel<Object> channel = channel(target.server())) {
            channel.open();
            LongSupplier clock = System::currentTimeMillis;
            TargetExpiry expiry = new TargetExpiry(channel, clock);

            assertThat(expiry.matches(event("plain", KeyEvent.NO_EXPIRE))).as("neither expires").isTrue();
            assertThat(expiry.matches(event("plain", EXPIRE_AT))).as("only the source's expires").isFalse();
            assertThat(expiry.matches(event("expiring", KeyEvent.NO_EXPIRE))).as("only the target's expires").isFalse();
            assertThat(expiry.matches(event("expiring", EXPIRE_AT + TargetExpiry.TOLERANCE_MS / 2))).as("within").isTrue();
            assertThat(expiry.matches(event("expiring", EXPIRE_AT + 60_000))).as("a minute apart").isFalse();
            assertThat(expiry.matches(event("gone", KeyEvent.NO_EXPIRE))).as("no such key").isFalse();
        }
    }

    private static KeyEvent event(String key, long expireAt) {
        return new KeyEvent(0, key.getBytes(StandardCharsets.UTF_8), RdbType.STRING, new byte[0], expireAt, -1, -1,
                "test", 0);
    }
}
