package dev.ferry.source.reader;

import dev.ferry.command.CommandTable;
import dev.ferry.source.split.SyncSplit;
import java.io.IOException;
import org.apache.flink.annotation.Internal;
import org.apache.flink.connector.base.source.reader.RecordsBySplits;
import org.apache.flink.connector.base.source.reader.RecordsWithSplitIds;

/**
 * Replicates the splits assigned to this reader, one at a time (a standalone source has one). A lost connection
 * or a bad stream fails the fetch, and with it the job: Flink's restart from the last checkpoint is the
 * reconnect, which resumes with PSYNC.
 */
@Internal
public final class SyncSplitReader extends SequentialSplitReader<SyncRecord, SyncSplit, ReplicaFeed> {
    private final ReplicaSettings settings;
    private final SnapshotEvents snapshotEvents;
    private final CheckpointedPositions checkpointed;
    private final CommandTable commandTable = CommandTable.load();
    private String currentId;

    SyncSplitReader(ReplicaSettings settings, RdbSourceMetrics metrics, CheckpointedPositions checkpointed) {
        this.settings = settings;
        this.snapshotEvents = new SnapshotEvents(metrics);
        this.checkpointed = checkpointed;
    }

    @Override
    public RecordsWithSplitIds<SyncRecord> fetch() throws IOException {
        RecordsBySplits.Builder<SyncRecord> out = new RecordsBySplits.Builder<>();
        if (current == null) {
            SyncSplit next = pending.poll();
            if (next == null) {
                return out.build();
            }
            current = ReplicaFeed.open(next, settings, snapshotEvents, commandTable, checkpointed);
            currentId = next.splitId();
        }
        try {
            current.poll(out);
        } catch (IOException | RuntimeException e) {
            closeCurrent();
            throw e;
        }
        if (current.finished()) {
            out.addFinishedSplit(currentId);
            closeCurrent();
        }
        return out.build();
    }

    @Override
    public void wakeUp() {
        // fetch() returns within ReplicaFeed.POLL when the source is quiet
    }
}
