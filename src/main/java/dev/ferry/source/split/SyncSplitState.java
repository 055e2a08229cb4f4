package dev.ferry.source.split;

import org.apache.flink.annotation.Internal;

/** The mutable progress of a replica split: the position after the last event emitted. */
@Internal
public final class SyncSplitState extends SplitState<SyncSplit, SyncPosition> {

    public SyncSplitState(SyncSplit split) {
        super(split);
    }
}
