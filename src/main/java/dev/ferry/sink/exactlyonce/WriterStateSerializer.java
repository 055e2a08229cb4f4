package dev.ferry.sink.exactlyonce;

import dev.ferry.event.RedisEvent;
import dev.ferry.event.RedisEventSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Checkpoint format of {@link WriterState}. Version 1, big-endian:
 *
 * <pre>
 * int origin | utf targetRunId | long stampCheckpoint | int batches
 *   batches × (utf id | long checkpointId | int origin | int items | items × event)
 * event = {@link RedisEventSerializer}'s format (a tag byte, then the event)
 * </pre>
 */
public final class WriterStateSerializer implements SimpleVersionedSerializer<WriterState> {
    public static final WriterStateSerializer INSTANCE = new WriterStateSerializer();

    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(WriterState state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(256);
        out.writeInt(state.origin());
        out.writeUTF(state.targetRunId());
        out.writeLong(state.stampCheckpoint());
        out.writeInt(state.pending().size());
        for (PendingBatch b : state.pending()) {
            out.writeUTF(b.id());
            out.writeLong(b.checkpointId());
            out.writeInt(b.origin());
            out.writeInt(b.items().size());
            for (RedisEvent e : b.items()) {
                RedisEventSerializer.INSTANCE.serialize(e, out);
            }
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public WriterState deserialize(int version, byte[] bytes) throws IOException {
        if (version != VERSION) {
            throw new IOException("unknown version " + version + " of the writer's checkpointed state (this Ferry reads "
                    + VERSION + "); resume with the Ferry version that took the checkpoint");
        }
        DataInputDeserializer in = new DataInputDeserializer(bytes);
        int origin = in.readInt();
        String runId = in.readUTF();
        long stamp = in.readLong();
        int batches = in.readInt();
        List<PendingBatch> pending = new ArrayList<>(batches);
        for (int b = 0; b < batches; b++) {
            String id = in.readUTF();
            long checkpointId = in.readLong();
            int batchOrigin = in.readInt();
            int n = in.readInt();
            List<RedisEvent> items = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                items.add(RedisEventSerializer.INSTANCE.deserialize(in));
            }
            pending.add(new PendingBatch(id, checkpointId, batchOrigin, items));
        }
        if (in.available() > 0) {
            throw new IOException("the writer's checkpointed state has " + in.available() + " bytes after its end");
        }
        return new WriterState(origin, runId, stamp, pending);
    }
}
