package dev.ferry.sink.rewrite;

import dev.ferry.rdb.DumpPayload;
import dev.ferry.rdb.value.StreamCursor;
import dev.ferry.rdb.value.StreamGroup;
import dev.ferry.rdb.value.StreamId;
import dev.ferry.rdb.value.StreamMeta;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * A stream as commands, in four steps over the payload:
 * <ol>
 *   <li>every live entry with XADD and its own id ({@link StreamEntryCommands}), plus temporary entries:
 *       for pending ids whose entry was deleted (XCLAIM only takes ids that exist) and, for a stream with no
 *       entry at all, one to create the key;</li>
 *   <li>each consumer group with its pending entries and consumers ({@link StreamGroupCommands});</li>
 *   <li>the temporary entries removed again;</li>
 *   <li>XSETID with the last id and, on Redis 7.0+, entries-added and max-deleted-id, which set both
 *       counters to the source's whatever the steps before did to them.</li>
 * </ol>
 * Before all that one pass reads the groups to know the pending ids, which are held (one id each) while the
 * entries are written. Entries are pulled one at a time, groups one at a time.
 */
final class StreamCommands {
    private StreamCommands() {}

    static Iterator<byte[][]> of(byte[] payload, int type, byte[] key, RewriteLimits limits, TargetCapabilities target) {
        StreamCursor groupsFirst = StreamCursor.open(DumpPayload.valueInput(payload), type);
        groupsFirst.skipEntries();
        StreamMeta meta = groupsFirst.meta();
        TreeSet<StreamId> pendingIds = new TreeSet<>();
        for (StreamGroup g; (g = groupsFirst.nextGroup()) != null; ) {
            g.pending().forEach(p -> pendingIds.add(p.id()));
            if (!target.hasCreateConsumer() && g.consumers().stream().anyMatch(c -> c.pending().isEmpty())) {
                throw new UnsupportedOnTargetException("a consumer without pending entries needs XGROUP CREATECONSUMER "
                        + "(Redis 6.2+); the target runs Redis " + target.redisVersion());
            }
        }
        long maxArg = target.protoMaxBulkLen();
        StreamEntryCommands entries = new StreamEntryCommands(StreamCursor.open(DumpPayload.valueInput(payload), type),
                pendingIds.iterator(), meta.lastId(), key, maxArg);
        Supplier<Iterator<byte[][]>> groups = () -> {
            StreamCursor c = StreamCursor.open(DumpPayload.valueInput(payload), type);
            c.skipEntries();
            return new StreamGroupCommands(c, key, limits, target);
        };
        Supplier<Iterator<byte[][]>> cleanup = () -> new TemporaryEntryRemoval(entries.temporaries(), entries.firstLive(), key,
                limits, target);
        Supplier<Iterator<byte[][]>> setId = () -> List.<byte[][]>of(setId(meta, key, target)).iterator();
        return CommandIterator.concat(List.of(() -> entries, groups, cleanup, setId));
    }

    private static byte[][] setId(StreamMeta meta, byte[] key, TargetCapabilities target) {
        Argv xsetid = new Argv(Long.MAX_VALUE, "XSETID").add(key).add(meta.lastId());
        if (target.hasStreamCounters()) {
            // A Redis 6.2 payload (stream v1) has no counter; loading one, Redis 7.0 takes the length for it.
            xsetid.add("ENTRIESADDED").add(meta.entriesAdded() >= 0 ? meta.entriesAdded() : meta.length());
            if (meta.maxDeletedId() != null) {
                xsetid.add("MAXDELETEDID").add(meta.maxDeletedId());
            }
        }
        return xsetid.toArray();
    }

    /**
     * XTRIM for the temporary entries before the first live one, XDEL for the rest. XDEL raises a 7.0
     * stream's max-deleted-id, and XSETID can set it back to any id but 0-0 (which it reads as "not given");
     * trimming leaves it alone. Trimming only reaches the head, which is where the common case sits: pending
     * entries whose entries were trimmed away (MAXLEN) on the source, whose max-deleted-id may well be 0-0.
     * Before 7.0 there is no such counter, and XDEL does for all.
     */
    private static final class TemporaryEntryRemoval extends CommandIterator {
        private final byte[] key;
        private final RewriteLimits limits;
        private final byte[][] trim;
        private final Iterator<StreamId> deleted;
        private boolean trimmed;

        TemporaryEntryRemoval(List<StreamId> temporaries, StreamId firstLive, byte[] key, RewriteLimits limits,
                              TargetCapabilities target) {
            this.key = key;
            this.limits = limits;
            boolean headToTrim = !temporaries.isEmpty() && (firstLive == null || temporaries.get(0).compareTo(firstLive) < 0);
            if (target.hasStreamCounters() && headToTrim) {
                Argv xtrim = new Argv(Long.MAX_VALUE, "XTRIM").add(key);
                this.trim = (firstLive == null ? xtrim.add("MAXLEN").add(0) : xtrim.add("MINID").add(firstLive)).toArray();
                this.deleted = temporaries.stream().filter(id -> firstLive != null && id.compareTo(firstLive) > 0).iterator();
            } else {
                this.trim = null;
                this.deleted = temporaries.iterator();
            }
        }

        @Override
        protected byte[][] produce() {
            if (trim != null && !trimmed) {
                trimmed = true;
                return trim;
            }
            if (!deleted.hasNext()) {
                return null;
            }
            Argv xdel = new Argv(Long.MAX_VALUE, "XDEL").add(key);
            for (int n = 0; n < limits.batchElements() && deleted.hasNext(); n++) {
                xdel.add(deleted.next());
            }
            return xdel.toArray();
        }
    }
}
