package dev.ferry.verify.check;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import java.util.function.BiConsumer;

/** The check tests' data: 10,000 string keys of 100 bytes, and 500 of them written to a target first. */
final class CheckData {
    static final int KEYS = 10_000;
    static final int EXISTING = 500;
    static final String VALUE = "v".repeat(100);

    private CheckData() {}

    static String key(int i) {
        return "key:" + i;
    }

    static void fillSource(Jedis j) {
        Pipeline p = j.pipelined();
        for (int i = 0; i < KEYS; i++) {
            p.set(key(i), VALUE);
        }
        p.sync();
    }

    /** Every 20th key, with another value: 500 collisions. */
    static void fillTarget(BiConsumer<String, String> set) {
        for (int i = 0; i < KEYS; i += KEYS / EXISTING) {
            set.accept(key(i), "target's own");
        }
    }
}
