package dev.ferry.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.event.KeyEvent;
import dev.ferry.local.LocalRedisServer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;
import redis.clients.jedis.Jedis;

/** A target that already holds the keys with other values, and a server killed in the middle of the conflict checks. */
final class ConflictingTarget {
    private ConflictingTarget() {}

    /** SETs each key to another value on {@code master} and waits until its replica has them too. */
    static void holdOtherValues(LocalRedisServer master, List<KeyEvent> keys) {
        try (Jedis j = master.jedis()) {
            keys.forEach(e -> j.set(e.key(), "the target's own value".getBytes(StandardCharsets.UTF_8)));
            assertThat(j.waitReplicas(1, 10_000)).isEqualTo(1);
        }
    }

    /** Adds each conflict to {@code into}; runs {@code kill} when the first one comes, before the next check. */
    static Consumer<Conflict> killAtFirst(Runnable kill, List<Conflict> into) {
        return c -> {
            if (into.isEmpty()) {
                kill.run();
            }
            into.add(c);
        };
    }
}
