package dev.ferry.source.reader;

import dev.ferry.event.RedisEvent;
import dev.ferry.source.split.RdbFileSplitState;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/** Emits the event and moves the split's resume point past it (both on the task thread, so a checkpoint sees both or neither). */
@Internal
public final class RdbRecordEmitter implements RecordEmitter<EventWithResumePoint, RedisEvent, RdbFileSplitState> {
    @Override
    public void emitRecord(EventWithResumePoint record, SourceOutput<RedisEvent> output, RdbFileSplitState state) {
        output.collect(record.event());
        state.setPosition(record.after());
    }
}
