package dev.ferry.source.split;

import static dev.ferry.source.split.SplitCodec.readOptional;
import static dev.ferry.source.split.SplitCodec.readResumePoint;
import static dev.ferry.source.split.SplitCodec.readString;
import static dev.ferry.source.split.SplitCodec.requireEnd;
import static dev.ferry.source.split.SplitCodec.writeOptional;
import static dev.ferry.source.split.SplitCodec.writeResumePoint;
import static dev.ferry.source.split.SplitCodec.writeString;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Checkpoint format of {@link SyncSplit}. Version 2, big-endian ({@link SplitCodec} has the field encodings):
 *
 * <pre>
 * string splitId | byte locator
 *   0 server:         string address
 *   1 sentinel:       string sentinelAddress | string masterName
 *   2 cluster shard:  int slot | int seeds | seeds × string address
 * | optional
 *   [string replid | long offset | int db | optional [long spoolStart | resumePoint]]
 * </pre>
 *
 * Version 1 (a standalone source only) is {@code string splitId | string address} followed by the same position,
 * and is still read, as a server locator.
 */
@Internal
public final class SyncSplitSerializer implements SimpleVersionedSerializer<SyncSplit> {
    public static final SyncSplitSerializer INSTANCE = new SyncSplitSerializer();

    static final int VERSION = 2;
    private static final int SERVER_ONLY = 1;
    private static final byte SERVER = 0;
    private static final byte SENTINEL = 1;
    private static final byte CLUSTER_SHARD = 2;

    @Override
    public int getVersion() {
        return VERSION;
    }

    @Override
    public byte[] serialize(SyncSplit split) throws IOException {
        DataOutputSerializer out = new DataOutputSerializer(128);
        writeString(split.splitId(), out);
        writeLocator(split.locator(), out);
        writeOptional(split.position(), out, SyncSplitSerializer::writePosition);
        return out.getCopyOfBuffer();
    }

    private static void writePosition(SyncPosition p, DataOutputSerializer out) throws IOException {
        writeString(p.replid(), out);
        out.writeLong(p.offset());
        out.writeInt(p.db());
        writeOptional(p.snapshot(), out, (snapshot, o) -> {
            o.writeLong(snapshot.spoolStart());
            writeResumePoint(snapshot.next(), o);
        });
    }

    private static void writeLocator(SourceLocator locator, DataOutputSerializer out) throws IOException {
        if (locator instanceof SourceLocator.Server s) {
            out.writeByte(SERVER);
            writeString(s.address(), out);
        } else if (locator instanceof SourceLocator.SentinelMaster m) {
            out.writeByte(SENTINEL);
            writeString(m.sentinelAddress(), out);
            writeString(m.masterName(), out);
        } else {
            SourceLocator.ClusterShard c = (SourceLocator.ClusterShard) locator;
            out.writeByte(CLUSTER_SHARD);
            out.writeInt(c.slot());
            out.writeInt(c.seeds().size());
            for (String seed : c.seeds()) {
                writeString(seed, out);
            }
        }
    }

    @Override
    public SyncSplit deserialize(int version, byte[] serialized) throws IOException {
        if (version != VERSION && version != SERVER_ONLY) {
            throw new IOException("cannot read a replica split in serialization version " + version
                    + ": this Ferry reads versions " + SERVER_ONLY + " and " + VERSION
                    + " (was the checkpoint written by a newer Ferry?)");
        }
        DataInputDeserializer in = new DataInputDeserializer(serialized);
        String splitId = readString(in);
        SourceLocator locator = version == SERVER_ONLY ? new SourceLocator.Server(readString(in)) : readLocator(in);
        SyncPosition position = readOptional(in, SyncSplitSerializer::readPosition);
        requireEnd(in, serialized, "replica split");
        return new SyncSplit(splitId, locator, position);
    }

    private static SyncPosition readPosition(DataInputDeserializer in) throws IOException {
        String replid = readString(in);
        long offset = in.readLong();
        int db = in.readInt();
        SyncPosition.SnapshotProgress snapshot =
                readOptional(in, i -> new SyncPosition.SnapshotProgress(i.readLong(), readResumePoint(i)));
        return new SyncPosition(replid, offset, db, snapshot);
    }

    private static SourceLocator readLocator(DataInputDeserializer in) throws IOException {
        byte kind = in.readByte();
        switch (kind) {
            case SERVER:
                return new SourceLocator.Server(readString(in));
            case SENTINEL:
                return new SourceLocator.SentinelMaster(readString(in), readString(in));
            case CLUSTER_SHARD:
                int slot = in.readInt();
                int n = in.readInt();
                if (n < 1 || n > in.available()) {
                    throw new IOException("a cluster shard split with " + n + " seed addresses");
                }
                List<String> seeds = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    seeds.add(readString(in));
                }
                return new SourceLocator.ClusterShard(slot, seeds);
            default:
                throw new IOException("unknown source locator kind " + kind + " in a replica split");
        }
    }
}
