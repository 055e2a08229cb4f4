package dev.ferry.sink.rewrite;

import dev.ferry.rdb.RdbFormatException;
import dev.ferry.rdb.value.StreamConsumer;
import dev.ferry.rdb.value.StreamCursor;
import dev.ferry.rdb.value.StreamGroup;
import dev.ferry.rdb.value.StreamId;
import dev.ferry.rdb.value.StreamPendingEntry;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * Consumer groups, one at a time: XGROUP CREATE at the group's last-delivered id (with entries-read on
 * Redis 7.0+), then each consumer's pending entries with {@code XCLAIM ... TIME <delivery ms> RETRYCOUNT
 * <count> FORCE JUSTID} (FORCE makes the pending entry, JUSTID keeps the count as given), one XCLAIM per run
 * of entries that share delivery time and count; consumers without pending entries with XGROUP
 * CREATECONSUMER.
 *
 * <p>A consumer's seen-time (and 7.2's active-time) cannot be set by any command: they become the time of
 * writing.
 */
final class StreamGroupCommands extends CommandIterator {
    private static final Comparator<StreamPendingEntry> BY_ID = Comparator.comparing(StreamPendingEntry::id);

    private final StreamCursor groups;
    private final byte[] key;
    private final RewriteLimits limits;
    private final TargetCapabilities target;
    private final ArrayDeque<byte[][]> queued = new ArrayDeque<>();

    StreamGroupCommands(StreamCursor groups, byte[] key, RewriteLimits limits, TargetCapabilities target) {
        this.groups = groups;
        this.key = key;
        this.limits = limits;
        this.target = target;
    }

    @Override
    protected byte[][] produce() {
        if (queued.isEmpty()) {
            StreamGroup g = groups.nextGroup();
            if (g == null) {
                return null;
            }
            queue(g);
        }
        return queued.poll();
    }

    private void queue(StreamGroup g) {
        Argv create = argv("XGROUP").add("CREATE").add(key).add(g.name()).add(g.lastDeliveredId());
        if (target.hasStreamCounters() && g.entriesRead() >= 0) {
            create.add("ENTRIESREAD").add(g.entriesRead());
        }
        queued.add(create.toArray());
        for (StreamConsumer c : g.consumers()) {
            if (c.pending().isEmpty()) {
                queued.add(argv("XGROUP").add("CREATECONSUMER").add(key).add(g.name()).add(c.name()).toArray());
            } else {
                claims(g, c);
            }
        }
    }

    private void claims(StreamGroup g, StreamConsumer c) {
        List<StreamId> ids = c.pending();
        int i = 0;
        while (i < ids.size()) {
            StreamPendingEntry first = pendingEntry(g, ids.get(i));
            Argv xclaim = argv("XCLAIM").add(key).add(g.name()).add(c.name()).add(0);
            int n = 0;
            for (; i < ids.size() && n < limits.batchElements(); i++, n++) {
                StreamPendingEntry p = n == 0 ? first : pendingEntry(g, ids.get(i));
                if (p.deliveryTimeMs() != first.deliveryTimeMs() || p.deliveryCount() != first.deliveryCount()) {
                    break;
                }
                xclaim.add(p.id());
            }
            queued.add(xclaim.add("TIME").add(first.deliveryTimeMs()).add("RETRYCOUNT").add(first.deliveryCount())
                    .add("FORCE").add("JUSTID").toArray());
        }
    }

    /** The group's record of a consumer's pending id; both lists are in id order as stored. */
    private static StreamPendingEntry pendingEntry(StreamGroup g, StreamId id) {
        int at = Collections.binarySearch(g.pending(), new StreamPendingEntry(id, 0, 0), BY_ID);
        if (at < 0) {
            throw new RdbFormatException("stream consumer has pending id " + id + " that is not in its group's pending entries");
        }
        return g.pending().get(at);
    }

    private Argv argv(String command) {
        return new Argv(target.protoMaxBulkLen(), command);
    }
}
