package dev.ferry.source.split;

import static dev.ferry.source.split.RdbFileSplitSerializer.readString;
import static dev.ferry.source.split.RdbFileSplitSerializer.writeString;

import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Checkpoint format of {@link ScanSplit}. Version 1, big-endian:
 *
 * <pre>
 * string splitId | string host | int port | boolean hasPosition [int db | long cursor | boolean scanned]
 * string = int length + UTF-8 bytes
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
        ScanPosition p = split.position();
        out.writeBoolean(p != null);
        if (p != null) {
            out.writeInt(p.db());
            out.writeLong(p.cursor());
            out.writeBoolean(p.scanned());
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public ScanSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("cannot read a scan split in serialization version " + version
                    + ": this Ferry reads version " + VERSION + " (was the checkpoint written by a newer Ferry?)");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String splitId = readString(in);
        String host = readString(in);
        int port = in.readInt();
        ScanPosition position = in.readBoolean() ? new ScanPosition(in.readInt(), in.readLong(), in.readBoolean()) : null;
        if (in.available() != 0) {
            throw new IOException("scan split of " + serialized.length + " bytes has " + in.available()
                    + " unexpected trailing bytes");
        }
        return new ScanSplit(splitId, host, port, position);
    }
}
