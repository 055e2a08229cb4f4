package dev.ferry.source.split;

import static dev.ferry.source.split.RdbFileSplitSerializer.readString;
import static dev.ferry.source.split.RdbFileSplitSerializer.writeString;

import dev.ferry.rdb.ResumePoint;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.annotation.Internal;
import org.apache.flink.core.io.SimpleVersionedSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Checkpoint format of {@link SyncSplit}. Version 2, big-endian:
 *
 * <pre>
 * string splitId | byte locator
 *   0 server:         string address
 *   1 sentinel:       string sentinelAddress | string masterName
 *   2 cluster shard:  int slot | int seeds | seeds × string address
 * | boolean hasPosition
 *   [string replid | long offset | int db | boolean inSnapshot
 *     [long spoolStart | long entryOffset | int entryDb | long crc | int rdbVersion]]
 * string = int length + UTF-8 bytes
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
        return new SyncSplit(splitId, locator, position);
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
