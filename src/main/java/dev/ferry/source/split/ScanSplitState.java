package dev.ferry.source.split;

import org.apache.flink.annotation.Internal;

/** The mutable progress of a scan split: the position after the last event emitted. */
@Internal
public final class ScanSplitState extends SplitState<ScanSplit, ScanPosition> {

    public ScanSplitState(ScanSplit split) {
        super(split);
    }
}
