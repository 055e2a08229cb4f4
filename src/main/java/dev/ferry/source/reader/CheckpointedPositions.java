package dev.ferry.source.reader;

import dev.ferry.source.split.SyncPosition;
import dev.ferry.source.split.SyncSplit;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/**
 * Per split, the position held by the newest <em>completed</em> checkpoint: the writer flushes before every
 * barrier, so everything up to it is acknowledged by the target. That, and not what was received or emitted, is
 * what the source may be told (REPLCONF ACK) and what the spool may drop. The task thread records checkpoints;
 * the fetcher thread reads.
 */
@Internal
final class CheckpointedPositions {
    /** Taken but not yet confirmed; task thread only. */
    private final NavigableMap<Long, List<SyncSplit>> pending = new TreeMap<>();
    private final Map<String, SyncPosition> completed = new ConcurrentHashMap<>();

    void taken(long checkpointId, List<SyncSplit> splits) {
        pending.put(checkpointId, List.copyOf(splits));
    }

    /** Checkpoints may be confirmed out of order or not at all: the newest confirmed one covers the older ones. */
    void completed(long checkpointId) {
        Map.Entry<Long, List<SyncSplit>> newest = pending.floorEntry(checkpointId);
        if (newest == null) {
            return;
        }
        for (SyncSplit s : newest.getValue()) {
            if (s.position() != null) {
                completed.put(s.splitId(), s.position());
            }
        }
        pending.headMap(checkpointId, true).clear();
    }

    @Nullable
    SyncPosition of(String splitId) {
        return completed.get(splitId);
    }
}
