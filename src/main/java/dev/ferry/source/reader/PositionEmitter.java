package dev.ferry.source.reader;

import dev.ferry.event.RedisEvent;
import dev.ferry.source.split.SplitState;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/**
 * Emits a record's event, if any, and moves its split's position, if the record carries one: both on the task
 * thread, so a checkpoint sees both or neither.
 */
final class PositionEmitter<E extends PositionedRecord<P>, P, St extends SplitState<?, P>>
        implements RecordEmitter<E, RedisEvent, St> {

    @Override
    public void emitRecord(E record, SourceOutput<RedisEvent> output, St state) {
        if (record.event() != null) {
            output.collect(record.event());
        }
        if (record.after() != null) {
            state.setPosition(record.after());
        }
    }
}
