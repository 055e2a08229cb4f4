package dev.ferry.source.reader;

import dev.ferry.source.split.SyncPosition;
import dev.ferry.source.split.SyncSplit;
import dev.ferry.source.split.SyncSplitState;
import java.util.List;
import java.util.Map;
import org.apache.flink.annotation.Internal;
import org.apache.flink.api.connector.source.SourceReaderContext;

/**
 * Source reader of replica splits: one fetcher thread runs {@link SyncSplitReader} over every split the enumerator
 * assigned to this reader (it assigns them all when the reader registers); the task thread emits through
 * {@link PositionEmitter} and, when a checkpoint completes, makes its positions what the source is acknowledged
 * and what the spool keeps ({@link CheckpointedPositions}).
 */
@Internal
public final class SyncSourceReader
        extends SplitStateSourceReader<SyncRecord, SyncSplit, SyncPosition, SyncSplitState> {
    private final CheckpointedPositions checkpointed;

    public SyncSourceReader(SourceReaderContext context, ReplicaSettings settings) {
        this(context, settings, new RdbSourceMetrics(context.metricGroup()),
                new ReplicationMetrics(context.metricGroup()), new CheckpointedPositions());
    }

    private SyncSourceReader(SourceReaderContext context, ReplicaSettings settings, RdbSourceMetrics metrics,
                             ReplicationMetrics replication, CheckpointedPositions checkpointed) {
        super(() -> new SyncSplitReader(settings, metrics, replication, checkpointed), SyncSplitState::new,
                context);
        this.checkpointed = checkpointed;
    }

    @Override
    public List<SyncSplit> snapshotState(long checkpointId) {
        List<SyncSplit> splits = super.snapshotState(checkpointId);
        checkpointed.taken(checkpointId, splits);
        return splits;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) throws Exception {
        super.notifyCheckpointComplete(checkpointId);
        checkpointed.completed(checkpointId);
    }

    @Override
    protected void onSplitFinished(Map<String, SyncSplitState> finishedSplitIds) {
        // every split of this reader was assigned when it registered: nothing to ask for
    }
}
