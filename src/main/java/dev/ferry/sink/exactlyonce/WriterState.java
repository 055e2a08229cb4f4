package dev.ferry.sink.exactlyonce;

import java.util.List;
import java.util.Objects;

/**
 * What a writer subtask keeps in a checkpoint: the target it last saw, the newest stamp it left there, and (exactly
 * once) the batches whose checkpoint had not been seen to complete.
 *
 * @param origin          the subtask index that wrote this state (a rescaled restore may hand it to another)
 * @param targetRunId     the target server's {@code run_id} at the checkpoint; empty when not tracked (a cluster)
 * @param stampCheckpoint the checkpoint id the stamp key held once the target had acknowledged everything before
 *                        that checkpoint; -1 when none was written
 * @param pending         oldest first
 */
public record WriterState(int origin, String targetRunId, long stampCheckpoint, List<PendingBatch> pending) {

    public WriterState {
        Objects.requireNonNull(targetRunId, "targetRunId");
        pending = List.copyOf(pending);
    }
}
