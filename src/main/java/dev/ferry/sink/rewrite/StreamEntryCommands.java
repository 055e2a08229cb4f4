package dev.ferry.sink.rewrite;

import dev.ferry.rdb.value.StreamCursor;
import dev.ferry.rdb.value.StreamId;
import dev.ferry.rdb.value.ValueVisitor;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * XADD for every live entry with its own id, merged in id order with temporary entries for the pending ids
 * that are not live (XADD only takes increasing ids, so they cannot come later). A stream without any entry
 * gets one temporary entry so that the key exists. The temporaries are removed after the groups are built.
 */
final class StreamEntryCommands extends CommandIterator implements ValueVisitor {
    /** What a temporary entry holds; nobody reads it, it is deleted before the key is renamed into place. */
    private static final byte[] PLACEHOLDER_FIELD = {'f'};
    private static final byte[] PLACEHOLDER_VALUE = {};

    private final StreamCursor entries;
    private final Iterator<StreamId> pendingIds;
    private final StreamId lastId;
    private final byte[] key;
    private final long maxArgBytes;
    private final List<StreamId> temporaries = new ArrayList<>();

    private StreamId liveId;
    private byte[][] liveFields;
    private boolean liveDone;
    private StreamId pendingId;
    private StreamId firstLive;
    private boolean wroteAny;

    StreamEntryCommands(StreamCursor entries, Iterator<StreamId> pendingIds, StreamId lastId, byte[] key, long maxArgBytes) {
        this.entries = entries;
        this.pendingIds = pendingIds;
        this.lastId = lastId;
        this.key = key;
        this.maxArgBytes = maxArgBytes;
        this.pendingId = pendingIds.hasNext() ? pendingIds.next() : null;
    }

    @Override
    protected byte[][] produce() {
        if (liveId == null && !liveDone) {
            liveDone = !entries.nextEntry(this);
        }
        while (pendingId != null && liveId != null && pendingId.equals(liveId)) {
            pendingId = pendingIds.hasNext() ? pendingIds.next() : null;
        }
        if (pendingId != null && (liveId == null || pendingId.compareTo(liveId) < 0)) {
            StreamId id = pendingId;
            pendingId = pendingIds.hasNext() ? pendingIds.next() : null;
            return temporary(id);
        }
        if (liveId != null) {
            Argv xadd = new Argv(maxArgBytes, "XADD").add(key).add(liveId);
            for (byte[] f : liveFields) {
                xadd.add(f);
            }
            if (firstLive == null) {
                firstLive = liveId;
            }
            liveId = null;
            liveFields = null;
            wroteAny = true;
            return xadd.toArray();
        }
        if (!wroteAny) {
            // XADD refuses 0-0; XSETID brings the last id back to 0-0 afterwards, which an empty stream allows.
            return temporary(lastId.equals(StreamId.ZERO) ? new StreamId(0, 1) : lastId);
        }
        return null;
    }

    private byte[][] temporary(StreamId id) {
        temporaries.add(id);
        wroteAny = true;
        return new Argv(maxArgBytes, "XADD").add(key).add(id).add(PLACEHOLDER_FIELD).add(PLACEHOLDER_VALUE).toArray();
    }

    @Override
    public void streamEntry(StreamId id, byte[][] fieldsAndValues) {
        liveId = id;
        liveFields = fieldsAndValues;
    }

    /** The ids of the temporary entries, ascending; complete once this iterator is used up. */
    List<StreamId> temporaries() {
        return temporaries;
    }

    /** The first live entry's id, or null when there is none. */
    StreamId firstLive() {
        return firstLive;
    }
}
