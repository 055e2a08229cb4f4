package dev.ferry.source.split;

import static dev.ferry.source.split.SplitCodec.readOptional;
import static dev.ferry.source.split.SplitCodec.readString;
import static dev.ferry.source.split.SplitCodec.requireEnd;
import static dev.ferry.source.split.SplitCodec.requireVersion;
import static dev.ferry.source.split.SplitCodec.writeOptional;
import static dev.ferry.source.split.SplitCodec.writeString;

import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Checkpoint format of {@link ScanSplit}. Version 1, big-endian ({@link SplitCodec} has the field encodings):
 *
 * <pre>
 * string splitId | string host | int port | optional [int db | long cursor | boolean scanned]
 * </pre>
 */
@Internal
public final class ScanSplitSerializer implements SimpleVersionedSerializer<ScanSplit> {
    public static final ScanSplitSerializer INSTANCE = new ScanSplitSerializer();

    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(ScanSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(64);
        writeString(split.splitId(), out);
        writeString(split.host(), out);
        out.writeInt(split.port());
        writeOptional(split.position(), out, (p, o) -> {
            o.writeInt(p.db());
            o.writeLong(p.cursor());
            o.writeBoolean(p.scanned());
        });
        return out.getCopyOfBuffer();
    }

    @Override
    public ScanSplit deserialize(int version, byte[] serialized) throws IOException {
        requireVersion(version, VERSION, "a scan split");
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String splitId = readString(in);
        String host = readString(in);
        int port = in.readInt();
        ScanPosition position = readOptional(in, i -> new ScanPosition(i.readInt(), i.readLong(), i.readBoolean()));
        requireEnd(in, serialized, "scan split");
        return new ScanSplit(splitId, host, port, position);
    }
}
