package dev.ferry.sink.exactlyonce;

import dev.ferry.event.ImmutableValueSerializer;
import dev.ferry.event.RedisEvent;
import dev.ferry.event.RedisEventSerializer;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Checkpoint format of {@link WriterState}, the writer's operator state. Big-endian, led by its own version:
 *
 * <pre>
 * int version (1) | int origin | utf targetRunId | long stampCheckpoint | int batches
 *   batches × (utf id | long checkpointId | int origin | int items | items × event)
 * event = {@link RedisEventSerializer}'s format (a tag byte, then the event)
 * </pre>
 *
 * A later format gets a new version number here and keeps reading this one.
 */
public final class WriterStateSerializer extends ImmutableValueSerializer<WriterState> {
    private static final long serialVersionUID = 1L;

    public static final WriterStateSerializer INSTANCE = new WriterStateSerializer();

    static final int VERSION = 1;

    @Override
    public WriterState createInstance() {
        return new WriterState(0, "", -1, List.of());
    }

    @Override
    public void serialize(WriterState state, DataOutputView out) throws IOException {
        out.writeInt(VERSION);
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
    }

    @Override
    public WriterState deserialize(DataInputView in) throws IOException {
        int version = in.readInt();
        if (version != VERSION) {
            throw new IOException("unknown version " + version + " of the writer's checkpointed state (this Ferry reads "
                    + VERSION + "); resume with the Ferry version that took the checkpoint");
        }
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
        return new WriterState(origin, runId, stamp, pending);
    }

    @Override
    public void copy(DataInputView in, DataOutputView out) throws IOException {
        serialize(deserialize(in), out);
    }

    @Override
    public TypeSerializerSnapshot<WriterState> snapshotConfiguration() {
        return new WriterStateSerializerSnapshot();
    }

    private Object readResolve() {
        return INSTANCE;
    }

    /** Snapshot of the (configuration-free) serializer; the format's own version is in each record. */
    public static final class WriterStateSerializerSnapshot extends SimpleTypeSerializerSnapshot<WriterState> {
        public WriterStateSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
