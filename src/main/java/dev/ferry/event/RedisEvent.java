package dev.ferry.event;

import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * What a source emits and the writer applies: a snapshot entry ({@link KeyEvent}), a replicated command
 * ({@link CommandEvent}) or a replicated MULTI/EXEC block ({@link TransactionEvent}). All are immutable values with
 * serializers of their own, so no Kryo on the hot path.
 */
@TypeInfo(RedisEventTypeInfo.Factory.class)
public sealed interface RedisEvent permits KeyEvent, CommandEvent, TransactionEvent {

    /** Source database number. */
    int db();

    /** The source split this came from. */
    String splitId();

    /** Where in its split: byte offset for RDB files, replication offset after the command for PSYNC. */
    long position();

    /**
     * The key whose slot decides which writer subtask sees this event ({@code keyBy(db, slot)}); commands without
     * keys (FUNCTION LOAD, FLUSHALL, …) route on the empty key, so they keep their order among themselves.
     */
    byte[] routingKey();
}
