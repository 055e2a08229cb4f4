package dev.ferry.source.split;

import static dev.ferry.source.split.RdbFileSplitSerializer.readString;
import static dev.ferry.source.split.RdbFileSplitSerializer.writeString;

import dev.ferry.rdb.ResumePoint;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Checkpoint format of {@link SyncSplit}. Version 1, big-endian:
 *
 * <pre>
 * string splitId | string address | boolean hasPosition
 *   [string replid | long offset | int db | boolean inSnapshot
 *     [long spoolStart | long entryOffset | int entryDb | long crc | int rdbVersion]]
 * string = int length + UTF-8 bytes
 * </pre>
 */
@Internal
public final class SyncSplitSerializer implements SimpleVersionedSerializer<SyncSplit> {
    public static final SyncSplitSerializer INSTANCE = new SyncSplitSerializer();

    static final int VERSION = 1;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(SyncSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(96);
        writeString(split.splitId(), out);
        writeString(split.address(), out);
        SyncPosition p = split.position();
        out.writeBoolean(p != null);
        if (p != null) {
            writeString(p.replid(), out);
            out.writeLong(p.offset());
            out.writeInt(p.db());
            out.writeBoolean(p.inSnapshot());
            if (p.inSnapshot()) {
                ResumePoint r = p.snapshot().next();
                out.writeLong(p.snapshot().spoolStart());
                out.writeLong(r.offset());
                out.writeInt(r.db());
                out.writeLong(r.crc());
                out.writeInt(r.rdbVersion());
            }
        }
        return out.getCopyOfBuffer();
    }

    @Override
    public SyncSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION) {
            throw new IOException("cannot read a replica split in serialization version " + version
                    + ": this Ferry reads version " + VERSION + " (was the checkpoint written by a newer Ferry?)");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String splitId = readString(in);
        String address = readString(in);
        SyncPosition position = null;
        if (in.readBoolean()) {
            String replid = readString(in);
            long offset = in.readLong();
            int db = in.readInt();
            SyncPosition.SnapshotProgress snapshot = null;
            if (in.readBoolean()) {
                long spoolStart = in.readLong();
                snapshot = new SyncPosition.SnapshotProgress(spoolStart,
                        new ResumePoint(in.readLong(), in.readInt(), in.readLong(), in.readInt()));
            }
            position = new SyncPosition(replid, offset, db, snapshot);
        }
        if (in.available() != 0) {
            throw new IOException("replica split of " + serialized.length + " bytes has " + in.available()
                    + " unexpected trailing bytes");
        }
        return new SyncSplit(splitId, address, position);
    }
}
