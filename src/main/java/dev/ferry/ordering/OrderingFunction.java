package dev.ferry.ordering;

import dev.ferry.event.RedisEvent;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Runs after {@code keyBy(db, slot)}, so it sees every event of a key, in source order, on one subtask.
 *
 * <p>For snapshot sources this is all that is needed: an RDB snapshot holds each key once, and a resume
 * replays only entries after the checkpointed position, whose effects the writer recognises on the
 * target (an identical value is not a conflict). Dropping stale events needs per-key state, which only
 * pays off once a live source can deliver a key twice (replication stream, SCAN with notifications); it
 * is added with those sources rather than carried for every snapshot key.
 */
public final class OrderingFunction extends KeyedProcessFunction<Long, RedisEvent, RedisEvent> {
    @Override
    public void processElement(RedisEvent event, Context ctx, Collector<RedisEvent> out) {
        out.collect(event);
    }
}
