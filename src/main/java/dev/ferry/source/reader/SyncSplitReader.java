package dev.ferry.source.reader;

import dev.ferry.command.CommandTable;
import dev.ferry.source.split.SyncSplit;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;

/**
 * Replicates every split assigned to this reader at once (the shards of a cluster source that share a reader): each
 * has its own session, whose receiver thread spools what the source sends, and this fetcher thread parses them in
 * turn, each for at most a share of {@link #POLL} when its source is quiet. A source that cannot be reached when its
 * split opens fails the job; a connection lost later is re-established by the split's {@link ReplicaFeed}.
 */
@Internal
public final class SyncSplitReader extends QueuedSplitReader<SyncRecord, SyncSplit> {
    static final Duration POLL = Duration.ofMillis(100);

    private final FeedContext ctx;
    private final Map<String, ReplicaFeed> feeds = new LinkedHashMap<>();

    SyncSplitReader(ReplicaSettings settings, RdbSourceMetrics metrics, ReplicationMetrics replication,
                    CheckpointedPositions checkpointed) {
        this.ctx = new FeedContext(settings, new SourceServers(settings), Backoff.DEFAULT, new SnapshotEvents(metrics),
                CommandTable.load(), checkpointed, replication);
    }

    @Override
    public RecordsWithSplitIds<SyncRecord> fetch() throws IOException {
        RecordsBySplits.Builder<SyncRecord> out = new RecordsBySplits.Builder<>();
        for (SyncSplit next = pending.poll(); next != null; next = pending.poll()) {
            feeds.put(next.splitId(), ReplicaFeed.open(next, ctx));
        }
        if (feeds.isEmpty()) {
            return out.build();
        }
        Duration wait = POLL.dividedBy(feeds.size());
        for (Iterator<Map.Entry<String, ReplicaFeed>> it = feeds.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<String, ReplicaFeed> e = it.next();
            try {
                e.getValue().poll(out, wait);
            } catch (IOException | RuntimeException failure) {
                it.remove();
                e.getValue().close();
                throw failure;
            }
            if (e.getValue().finished()) {
                out.addFinishedSplit(e.getKey());
                it.remove();
                e.getValue().close();
            }
        }
        return out.build();
    }

    @Override
    public void wakeUp() {
        // fetch() returns within POLL when the sources are quiet
    }

    @Override
    public void close() {
        feeds.values().forEach(ReplicaFeed::close);
        feeds.clear();
    }
}
