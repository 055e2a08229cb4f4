package dev.ferry.rdb.value;

import dev.ferry.rdb.RdbFormatException;
import dev.ferry.rdb.RdbInput;
import dev.ferry.rdb.RdbType;
import dev.ferry.rdb.encoding.ListpackCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * A stream value in its three parts, in the order they are stored: listpack nodes of entries, the stream
 * metadata, then consumer groups with their pending entries and consumers. Fields added by stream
 * encodings v2 (Redis 7.0) and v3 (7.2) are read only for those types.
 *
 * <p>As a {@link ValueCursor} it reports every live entry, then the metadata, then each group. The parts
 * can also be pulled one by one ({@link #nextEntry}, {@link #skipEntries}, {@link #meta},
 * {@link #nextGroup}), e.g. to read the groups first and the entries in a second pass over the same bytes.
 * One node is held at a time, and one group with its pending entries.
 */
public final class StreamCursor extends ValueCursor {
    private static final int FLAG_DELETED = 1;
    private static final int FLAG_SAME_FIELDS = 2;

    private final RdbInput in;
    private int nodesLeft;
    private NodeCursor node;
    private StreamMeta meta;
    private int groupsLeft = -1;

    StreamCursor(RdbInput in, int type) {
        super(type);
        this.in = in;
        this.nodesLeft = in.readCount("stream listpack node");
    }

    /** A cursor positioned before the first entry; {@code type} must be one of the stream types. */
    public static StreamCursor open(RdbInput in, int type) {
        if (type != RdbType.STREAM_LISTPACKS && type != RdbType.STREAM_LISTPACKS_2 && type != RdbType.STREAM_LISTPACKS_3) {
            throw new IllegalArgumentException("RDB type " + type + " is not a stream");
        }
        return new StreamCursor(in, type);
    }

    /** Consumes a stream value without keeping anything. */
    static void skip(RdbInput in, int type) {
        StreamCursor c = new StreamCursor(in, type);
        c.skipEntries();
        c.meta();
        while (c.groupsLeft > 0) {
            c.readGroup(false);
        }
    }

    @Override
    public long count() {
        return -1;
    }

    @Override
    public boolean next(ValueVisitor v) {
        if (meta == null) {
            if (nextEntry(v)) {
                return true;
            }
            v.streamMeta(meta());
            return true;
        }
        StreamGroup g = nextGroup();
        if (g == null) {
            return false;
        }
        v.streamGroup(g);
        return true;
    }

    /** Reports the next live entry to {@link ValueVisitor#streamEntry}; false when the entries are done. */
    public boolean nextEntry(ValueVisitor v) {
        if (meta != null) {
            return false;
        }
        while (node == null || !node.nextLive(v)) {
            node = null;
            if (nodesLeft == 0) {
                return false;
            }
            nodesLeft--;
            byte[] master = in.readString();
            if (master.length != 16) {
                throw new RdbFormatException("stream node key has " + master.length + " bytes, expected a 16-byte entry id");
            }
            node = new NodeCursor(readBigEndianId(master, 0), in.readString());
        }
        return true;
    }

    /** Passes over the remaining entries without decoding them. */
    public void skipEntries() {
        if (meta != null) {
            return;
        }
        node = null;
        for (; nodesLeft > 0; nodesLeft--) {
            in.skipString();
            in.skipString();
        }
    }

    /** The metadata stored after the entries; reading it ends the entries part. */
    public StreamMeta meta() {
        if (meta == null) {
            if (node != null || nodesLeft > 0) {
                throw new IllegalStateException("stream entries not consumed: call nextEntry until false, or skipEntries");
            }
            long length = in.readLength();
            StreamId last = readId();
            StreamId first = null;
            StreamId maxDeleted = null;
            long added = -1;
            if (type() >= RdbType.STREAM_LISTPACKS_2) {
                first = readId();
                maxDeleted = readId();
                added = in.readLength();
            }
            meta = new StreamMeta(length, last, first, maxDeleted, added);
            groupsLeft = in.readCount("stream consumer group");
        }
        return meta;
    }

    /** The next consumer group, or null when there is none left; reads the metadata first if needed. */
    public StreamGroup nextGroup() {
        meta();
        return groupsLeft > 0 ? readGroup(true) : null;
    }

    /** Reads one group; with {@code keep} false nothing is allocated and null is returned. */
    private StreamGroup readGroup(boolean keep) {
        groupsLeft--;
        byte[] name = readName(keep);
        StreamId lastDelivered = readId();
        long entriesRead = type() >= RdbType.STREAM_LISTPACKS_2 ? in.readLength() : -1;
        int pelSize = in.readCount("pending entry");
        List<StreamPendingEntry> pel = keep ? new ArrayList<>(Math.min(pelSize, 1024)) : null;
        for (int p = 0; p < pelSize; p++) {
            StreamId id = readRawId();
            long deliveryTime = in.readMillis();
            long deliveryCount = in.readLength();
            if (keep) {
                pel.add(new StreamPendingEntry(id, deliveryTime, deliveryCount));
            }
        }
        int consumerCount = in.readCount("consumer");
        List<StreamConsumer> consumers = keep ? new ArrayList<>(Math.min(consumerCount, 1024)) : null;
        for (int c = 0; c < consumerCount; c++) {
            byte[] consumerName = readName(keep);
            long seen = in.readMillis();
            long active = type() >= RdbType.STREAM_LISTPACKS_3 ? in.readMillis() : -1;
            int owned = in.readCount("consumer pending entry");
            if (!keep) {
                in.skip(16L * owned);
                continue;
            }
            List<StreamId> ids = new ArrayList<>(Math.min(owned, 1024));
            for (int o = 0; o < owned; o++) {
                ids.add(readRawId());
            }
            consumers.add(new StreamConsumer(consumerName, seen, active, ids));
        }
        return keep ? new StreamGroup(name, lastDelivered, entriesRead, pel, consumers) : null;
    }

    private byte[] readName(boolean keep) {
        if (keep) {
            return in.readString();
        }
        in.skipString();
        return null;
    }

    private StreamId readId() {
        return new StreamId(in.readLength(), in.readLength());
    }

    /** PEL ids are written as 16 raw big-endian bytes, unlike the length-encoded ids elsewhere. */
    private StreamId readRawId() {
        byte[] raw = new byte[16];
        in.readFully(raw, 0, 16);
        return readBigEndianId(raw, 0);
    }

    private static StreamId readBigEndianId(byte[] raw, int off) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (raw[off + i] & 0xffL);
            seq = (seq << 8) | (raw[off + 8 + i] & 0xffL);
        }
        return new StreamId(ms, seq);
    }

    /**
     * One listpack node: a master entry (count, deleted, the master field names, a 0 terminator), then
     * entries whose ids are deltas from the node's key and whose fields are either the master's
     * (SAME_FIELDS flag) or listed inline; each entry ends with its own element count.
     */
    private static final class NodeCursor {
        private final StreamId master;
        private final ListpackCursor c;
        private final byte[][] masterFields;
        private long entriesLeft;

        NodeCursor(StreamId master, byte[] listpack) {
            this.master = master;
            this.c = new ListpackCursor(listpack);
            long live = nextInt("master entry count");
            long deleted = nextInt("master deleted count");
            int masterFieldCount = (int) nextInt("master field count");
            if (masterFieldCount < 0) {
                throw new RdbFormatException("stream master field count " + masterFieldCount + " is negative");
            }
            masterFields = new byte[masterFieldCount][];
            for (int i = 0; i < masterFieldCount; i++) {
                masterFields[i] = nextBytes("master field");
            }
            nextInt("master entry terminator");
            entriesLeft = live + deleted;
        }

        /** Reports the node's next live entry, passing over deleted ones; false at the node's end. */
        boolean nextLive(ValueVisitor v) {
            while (entriesLeft > 0) {
                entriesLeft--;
                int flags = (int) nextInt("entry flags");
                StreamId id = new StreamId(master.ms() + nextInt("entry id ms delta"), master.seq() + nextInt("entry id seq delta"));
                byte[][] fv;
                if ((flags & FLAG_SAME_FIELDS) != 0) {
                    fv = new byte[masterFields.length * 2][];
                    for (int i = 0; i < masterFields.length; i++) {
                        fv[2 * i] = masterFields[i];
                        fv[2 * i + 1] = nextBytes("entry value");
                    }
                } else {
                    int fields = (int) nextInt("entry field count");
                    if (fields < 0) {
                        throw new RdbFormatException("stream entry field count " + fields + " is negative");
                    }
                    fv = new byte[fields * 2][];
                    for (int i = 0; i < fields * 2; i++) {
                        fv[i] = nextBytes("entry field or value");
                    }
                }
                nextInt("entry element count");
                if ((flags & FLAG_DELETED) == 0) {
                    v.streamEntry(id, fv);
                    return true;
                }
            }
            return false;
        }

        private long nextInt(String what) {
            if (!c.next()) {
                throw new RdbFormatException("stream listpack ends where the " + what + " was expected");
            }
            if (!c.isInteger()) {
                throw new RdbFormatException("stream listpack has a string where the " + what + " (an integer) was expected");
            }
            return c.integer();
        }

        private byte[] nextBytes(String what) {
            if (!c.next()) {
                throw new RdbFormatException("stream listpack ends where the " + what + " was expected");
            }
            return c.bytes();
        }
    }
}
