package dev.ferry.source.reader;

import dev.ferry.event.RedisEvent;
import dev.ferry.source.split.SyncSplitState;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/** Emits the event, if any, and moves the split's position past it (on the task thread, so a checkpoint sees both or neither). */
@Internal
public final class SyncRecordEmitter implements RecordEmitter<SyncRecord, RedisEvent, SyncSplitState> {
    @Override
    public void emitRecord(SyncRecord record, SourceOutput<RedisEvent> output, SyncSplitState state) {
        if (record.event() != null) {
            output.collect(record.event());
        }
        state.setPosition(record.after());
    }
}
