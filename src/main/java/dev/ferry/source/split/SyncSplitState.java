package dev.ferry.source.split;

import javax.annotation.Nullable;
import org.apache.flink.annotation.Internal;

/** The mutable progress of a replica split: the position after the last event emitted. */
@Internal
public final class SyncSplitState {
    private final SyncSplit split;
    @Nullable private SyncPosition position;

    public SyncSplitState(SyncSplit split) {
        this.split = split;
        this.position = split.position();
    }

    public void setPosition(SyncPosition position) {
        this.position = position;
    }

    public SyncSplit toSplit() {
        return split.withPosition(position);
    }
}
