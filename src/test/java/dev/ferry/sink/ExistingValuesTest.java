package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.event.KeyEvent;
import dev.ferry.rdb.RdbType;
import dev.ferry.testing.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

/**
 * {@link ExistingValues} against a Redis 7.0 target (PEXPIRETIME) and a 6.2 one (whose unknown PEXPIRETIME turns the
 * batch to PTTL), with values the target itself dumped: a batch fetched in one round trip judges each key as the
 * key-by-key questions would, and a key met twice is judged the second time by what is there then.
 */
class ExistingValuesTest extends OnBothTargetVersions {
    @ParameterizedTest
    @MethodSource("targets")
    void aFetchedBatchJudgesValueAndExpiryOfEachKey(RedisServerExtension target) throws Exception {
        byte[] source = ConflictResolverTest.dumpOf(target, "the source's value");
        try (Jedis j = target.jedis()) {
            j.set("same", "the source's value");
            j.pexpireAt("same", EXPIRE_AT);
            j.set("other-value", "the target's own");
            j.set("other-expiry", "the source's value");
            j.set("same-twice", "the source's value");
        }
        KeyEvent same = event("same", source, EXPIRE_AT);
        KeyEvent otherValue = event("other-value", source, KeyEvent.NO_EXPIRE);
        KeyEvent otherExpiry = event("other-expiry", source, EXPIRE_AT);
        KeyEvent gone = event("gone", source, KeyEvent.NO_EXPIRE);
        KeyEvent first = event("same-twice", source, KeyEvent.NO_EXPIRE);
        KeyEvent second = event("same-twice", source, KeyEvent.NO_EXPIRE);
        try (StandaloneChannel<Object> channel = channel(target.server())) {
            channel.open();
            ExistingValues existing = new ExistingValues(channel, new TargetExpiry(channel, System::currentTimeMillis),
                    System::currentTimeMillis, (tag, reply) -> ((RedisWriter.Answered) tag).reply(reply));

            existing.fetch(List.of(same, otherValue, otherExpiry, gone, first, second));
            try (Jedis j = target.jedis()) {
                j.set("same-twice", "what resolving the first event left"); // after the fetch, before the second's turn
            }

            assertThat(existing.identical(same)).as("value and expiry").isTrue();
            assertThat(existing.identical(otherValue)).as("another value").isFalse();
            assertThat(existing.identical(otherExpiry)).as("no expiry where the source has one").isFalse();
            assertThat(existing.identical(gone)).as("no such key").isFalse();
            assertThat(existing.identical(first)).as("as fetched").isTrue();
            assertThat(existing.identical(second)).as("asked again at its turn").isFalse();
        }
    }

    private static KeyEvent event(String key, byte[] payload, long expireAt) {
        return new KeyEvent(0, key.getBytes(StandardCharsets.UTF_8), RdbType.STRING, payload, expireAt, -1, -1, "test", 0);
    }
}
