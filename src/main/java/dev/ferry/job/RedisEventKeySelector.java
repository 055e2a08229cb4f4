package dev.ferry.job;

import dev.ferry.event.RedisEvent;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Partitions events by (db, key). Key bytes map one-to-one onto ISO-8859-1 chars, so the String is an
 * exact, hashable stand-in for a binary key.
 */
public final class RedisEventKeySelector implements KeySelector<RedisEvent, String> {
    @Override
    public String getKey(RedisEvent e) {
        return e.db() + ":" + new String(e.routingKey(), StandardCharsets.ISO_8859_1);
    }
}
