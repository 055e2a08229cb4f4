package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.config.ConflictPolicy;
import dev.ferry.event.KeyEvent;
import dev.ferry.rdb.RdbType;
import dev.ferry.testing.RedisServerExtension;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import redis.clients.jedis.Jedis;

/**
 * {@link ConflictResolver} through a {@link RedisWriter}, on a 7.0 and a 6.2 target: in one batch of keys that met
 * existing ones, rewrites are queued while later keys of the batch are still being judged, and the judging must not
 * read a queued rewrite's reply as its own (on 6.2 the batch's expiries are asked a second time, as PTTL).
 */
class ConflictResolverTest extends OnBothTargetVersions {

    @ParameterizedTest
    @MethodSource("targets")
    void rewritesQueuedInABatchLeaveTheLaterKeysJudgedRight(RedisServerExtension target) {
        byte[] source = dumpOf(target, "the source's value");
        List<KeyEvent> events = new ArrayList<>();
        try (Jedis j = target.jedis()) {
            for (int i = 0; i < 20; i++) {
                // alternately: another value (rewritten), the source's value with its expiry (identical)
                j.set("k" + i, i % 2 == 0 ? "the target's own" : "the source's value");
                j.pexpireAt("k" + i, EXPIRE_AT);
                events.add(new KeyEvent(0, ("k" + i).getBytes(StandardCharsets.UTF_8), RdbType.STRING, source, EXPIRE_AT,
                        -1, -1, "test", i));
            }
        }
        List<Conflict> conflicts = new ArrayList<>();
        try (RedisWriter w = new RedisWriter(channel(target.server()), ConflictPolicy.REWRITE, 1024,
                new CommandPathSettings(512, 0), conflicts::add, System::currentTimeMillis)) {
            w.open();
            events.forEach(w::write);
            w.flush();
            assertThat(w.stats().rewritten()).isEqualTo(10);
            assertThat(w.stats().identical()).isEqualTo(10);
        }
        assertThat(conflicts).hasSize(10).extracting(Conflict::printableKey)
                .containsExactly("k0", "k2", "k4", "k6", "k8", "k10", "k12", "k14", "k16", "k18");
        try (Jedis j = target.jedis()) {
            for (int i = 0; i < 20; i++) {
                assertThat(j.get("k" + i)).isEqualTo("the source's value");
                assertThat(j.pttl("k" + i)).as("k%d keeps the source's expiry", i).isPositive();
            }
        }
    }

    /** The DUMP payload of {@code value}, made by the target itself. */
    static byte[] dumpOf(RedisServerExtension target, String value) {
        try (Jedis j = target.jedis()) {
            j.set("scratch", value);
            byte[] payload = j.dump("scratch");
            j.del("scratch");
            return payload;
        }
    }
}
