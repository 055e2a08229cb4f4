package dev.ferry.rdb.value;

import dev.ferry.rdb.RdbFormatException;
import dev.ferry.rdb.RdbInput;
import dev.ferry.rdb.RdbType;
import dev.ferry.rdb.encoding.ListpackCursor;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a stream value: listpack nodes of entries, then the stream metadata, then consumer groups with
 * their pending entries and consumers. Fields added by stream encodings v2 (Redis 7.0) and v3 (7.2) are
 * read only for those types.
 */
final class StreamWalker {
    private static final int FLAG_DELETED = 1;
    private static final int FLAG_SAME_FIELDS = 2;

    private final RdbInput in;
    private final ValueVisitor v;
    private final int type;

    StreamWalker(RdbInput in, ValueVisitor visitor, int type) {
        this.in = in;
        this.v = visitor;
        this.type = type;
    }

    void walk() {
        if (v != null) {
            v.begin(type, -1);
        }
        int nodes = in.readCount("stream listpack node");
        for (int i = 0; i < nodes; i++) {
            if (v == null) {
                in.skipString();
                in.skipString();
                continue;
            }
            byte[] master = in.readString();
            if (master.length != 16) {
                throw new RdbFormatException("stream node key has " + master.length + " bytes, expected a 16-byte entry id");
            }
            entries(readBigEndianId(master), in.readString());
        }
        meta();
        groups();
        if (v != null) {
            v.end();
        }
    }

    private void meta() {
        long length = in.readLength();
        StreamId last = readId();
        StreamId first = null;
        StreamId maxDeleted = null;
        long added = -1;
        if (type >= RdbType.STREAM_LISTPACKS_2) {
            first = readId();
            maxDeleted = readId();
            added = in.readLength();
        }
        if (v != null) {
            v.streamMeta(new StreamMeta(length, last, first, maxDeleted, added));
        }
    }

    private void groups() {
        int groups = in.readCount("stream consumer group");
        for (int g = 0; g < groups; g++) {
            byte[] name = in.readString();
            StreamId lastDelivered = readId();
            long entriesRead = type >= RdbType.STREAM_LISTPACKS_2 ? in.readLength() : -1;
            int pelSize = in.readCount("pending entry");
            List<StreamPendingEntry> pel = v == null ? null : new ArrayList<>(Math.min(pelSize, 1024));
            for (int p = 0; p < pelSize; p++) {
                StreamId id = readRawId();
                long deliveryTime = in.readMillis();
                long deliveryCount = in.readLength();
                if (pel != null) {
                    pel.add(new StreamPendingEntry(id, deliveryTime, deliveryCount));
                }
            }
            int consumerCount = in.readCount("consumer");
            List<StreamConsumer> consumers = v == null ? null : new ArrayList<>(Math.min(consumerCount, 1024));
            for (int c = 0; c < consumerCount; c++) {
                byte[] consumerName = in.readString();
                long seen = in.readMillis();
                long active = type >= RdbType.STREAM_LISTPACKS_3 ? in.readMillis() : -1;
                int owned = in.readCount("consumer pending entry");
                List<StreamId> ids = v == null ? null : new ArrayList<>(Math.min(owned, 1024));
                for (int o = 0; o < owned; o++) {
                    StreamId id = readRawId();
                    if (ids != null) {
                        ids.add(id);
                    }
                }
                if (consumers != null) {
                    consumers.add(new StreamConsumer(consumerName, seen, active, ids));
                }
            }
            if (v != null) {
                v.streamGroup(new StreamGroup(name, lastDelivered, entriesRead, pel, consumers));
            }
        }
    }

    /**
     * One listpack node: a master entry (count, deleted, the master field names, a 0 terminator), then
     * entries whose ids are deltas from the node's key and whose fields are either the master's
     * (SAME_FIELDS flag) or listed inline; each entry ends with its own element count.
     */
    private void entries(StreamId master, byte[] listpack) {
        ListpackCursor c = new ListpackCursor(listpack);
        long live = nextInt(c, "master entry count");
        long deleted = nextInt(c, "master deleted count");
        int masterFieldCount = (int) nextInt(c, "master field count");
        if (masterFieldCount < 0) {
            throw new RdbFormatException("stream master field count " + masterFieldCount + " is negative");
        }
        byte[][] masterFields = new byte[masterFieldCount][];
        for (int i = 0; i < masterFieldCount; i++) {
            masterFields[i] = nextBytes(c, "master field");
        }
        nextInt(c, "master entry terminator");
        for (long e = 0; e < live + deleted; e++) {
            int flags = (int) nextInt(c, "entry flags");
            StreamId id = new StreamId(master.ms() + nextInt(c, "entry id ms delta"), master.seq() + nextInt(c, "entry id seq delta"));
            byte[][] fv;
            if ((flags & FLAG_SAME_FIELDS) != 0) {
                fv = new byte[masterFieldCount * 2][];
                for (int i = 0; i < masterFieldCount; i++) {
                    fv[2 * i] = masterFields[i];
                    fv[2 * i + 1] = nextBytes(c, "entry value");
                }
            } else {
                int fields = (int) nextInt(c, "entry field count");
                if (fields < 0) {
                    throw new RdbFormatException("stream entry field count " + fields + " is negative");
                }
                fv = new byte[fields * 2][];
                for (int i = 0; i < fields * 2; i++) {
                    fv[i] = nextBytes(c, "entry field or value");
                }
            }
            nextInt(c, "entry element count");
            if ((flags & FLAG_DELETED) == 0) {
                v.streamEntry(id, fv);
            }
        }
    }

    private static long nextInt(ListpackCursor c, String what) {
        if (!c.next()) {
            throw new RdbFormatException("stream listpack ends where the " + what + " was expected");
        }
        if (!c.isInteger()) {
            throw new RdbFormatException("stream listpack has a string where the " + what + " (an integer) was expected");
        }
        return c.integer();
    }

    private static byte[] nextBytes(ListpackCursor c, String what) {
        if (!c.next()) {
            throw new RdbFormatException("stream listpack ends where the " + what + " was expected");
        }
        return c.bytes();
    }

    private StreamId readId() {
        return new StreamId(in.readLength(), in.readLength());
    }

    /** PEL ids are written as 16 raw big-endian bytes, unlike the length-encoded ids elsewhere. */
    private StreamId readRawId() {
        byte[] raw = new byte[16];
        in.readFully(raw, 0, 16);
        return readBigEndianId(raw);
    }

    private static StreamId readBigEndianId(byte[] raw) {
        long ms = 0;
        long seq = 0;
        for (int i = 0; i < 8; i++) {
            ms = (ms << 8) | (raw[i] & 0xffL);
            seq = (seq << 8) | (raw[8 + i] & 0xffL);
        }
        return new StreamId(ms, seq);
    }
}
