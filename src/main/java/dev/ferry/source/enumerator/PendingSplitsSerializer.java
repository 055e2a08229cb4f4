package dev.ferry.source.enumerator;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceSplit;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Checkpoint format of {@link PendingSplits}, for any split type. Version 1, big-endian:
 *
 * <pre>
 * int splitSerializerVersion | int count | count x (int length | split bytes)
 * </pre>
 *
 * Each split is written with the source's split serializer, whose version is recorded so a later Ferry can
 * still read splits checkpointed by this one.
 */
@Internal
public final class PendingSplitsSerializer<S extends SourceSplit> implements SimpleVersionedSerializer<PendingSplits<S>> {
    static final int VERSION = 1;

    private final SimpleVersionedSerializer<S> splitSerializer;
    /** What the state belongs to, for messages: "RDB file", "replica". */
    private final String what;

    public PendingSplitsSerializer(SimpleVersionedSerializer<S> splitSerializer, String what) {
        this.splitSerializer = splitSerializer;
        this.what = what;
    }

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(PendingSplits<S> state) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        out.writeInt(splitSerializer.getVersion());
        out.writeInt(state.remainingSplits().size());
        for (S split : state.remainingSplits()) {
            byte[] b = splitSerializer.serialize(split);
            out.writeInt(b.length);
            out.write(b);
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public PendingSplits<S> deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("cannot read " + what + " enumerator state in serialization version " + version
                    + ": this Ferry reads version " + VERSION + " (was the checkpoint written by a newer Ferry?)");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        int splitVersion = in.readInt();
        int count = in.readInt();
        if (count < 0 || count > in.available()) {
            throw new IOException("corrupt " + what + " enumerator state: split count " + count);
        }
        List<S> splits = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            int n = in.readInt();
            if (n < 0 || n > in.available()) {
                throw new IOException("corrupt " + what + " enumerator state: split " + i + " has length " + n);
            }
            byte[] b = new byte[n];
            in.readFully(b);
            splits.add(splitSerializer.deserialize(splitVersion, b));
        }
        if (in.available() != 0) {
            throw new IOException(what + " enumerator state has " + in.available() + " unexpected trailing bytes");
        }
        return new PendingSplits<>(splits);
    }
}
