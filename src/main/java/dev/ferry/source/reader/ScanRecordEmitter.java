package dev.ferry.source.reader;

import dev.ferry.event.RedisEvent;
import dev.ferry.source.split.ScanSplitState;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceOutput;
import org.apache.flink.connector.base.source.reader.RecordEmitter;

/** Emits the event, if any, and moves the split's position when the record carries one (on the task thread). */
@Internal
public final class ScanRecordEmitter implements RecordEmitter<ScanRecord, RedisEvent, ScanSplitState> {
    @Override
    public void emitRecord(ScanRecord record, SourceOutput<RedisEvent> output, ScanSplitState state) {
        if (record.event() != null) {
            output.collect(record.event());
        }
        if (record.after() != null) {
            state.setPosition(record.after());
        }
    }
}
