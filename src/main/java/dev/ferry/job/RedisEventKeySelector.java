package dev.ferry.job;

import dev.ferry.event.RedisEvent;
import dev.ferry.sink.cluster.KeySlots;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * Partitions events by (db, cluster slot of the routing key), packed into one long. Every key of a slot lands on
 * one subtask, so a command on several keys of one slot (hash tags) keeps its order with each of them; and on a
 * cluster target a subtask's keys sit on few nodes.
 */
public final class RedisEventKeySelector implements KeySelector<RedisEvent, Long> {
    @Override
    public Long getKey(RedisEvent e) {
        return KeySlots.group(e.db(), e.routingKey());
    }
}
